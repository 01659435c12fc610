using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>Creates one folder per output, <c>outputs/&lt;name&gt;</c>; an output's own path is used on Azure ML only.</summary>
internal static class OutputStep
{
    /// <summary>Creates the folders; returns each output's path in the job's final folder, by name.</summary>
    public static IReadOnlyDictionary<string, string> Create(PlanningContext context)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, output) in context.Job.Outputs)
        {
            context.Files.CreateFolder(Path.Combine("outputs", name));
            paths[name] = context.InJobFolder("outputs", name);
            if (output.Path is not null)
            {
                context.Warn(LocalDiagnosticCodes.IgnoredSetting, DiagnosticPath.Field(DiagnosticPath.Append("outputs", name), "path"),
                    $"Output '{name}' is written to the job's folder locally; its path '{output.Path}' is used on Azure ML only.");
            }
        }
        return paths;
    }
}
