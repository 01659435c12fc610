using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>Binds the command's <c>${{inputs.x}}</c> and <c>${{outputs.y}}</c> to the resolved values (<see cref="CommandBinder"/>).</summary>
internal static class CommandStep
{
    /// <summary>The bound command, or null when a reference could not be bound (reported).</summary>
    public static string? Bind(PlanningContext context, InputStep.ResolvedInputs inputs, IReadOnlyDictionary<string, string> outputs)
    {
        var job = context.Job;
        // An input whose resolution failed was already reported: the binder does not report it again.
        var unresolved = job.Inputs.Keys
            .Where(n => context.Diagnostics.Any(d => d.IsError && d.Path == DiagnosticPath.Append("inputs", n)))
            .ToHashSet(StringComparer.Ordinal);
        var pathInputs = inputs.Planned.Where(p => !p.Kind.IsLiteral).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var (bound, diagnostics) = CommandBinder.Bind(job.Command ?? "", inputs.Values, outputs,
            job.Inputs.Keys.ToHashSet(StringComparer.Ordinal), unresolved, pathInputs);
        context.Diagnostics.AddRange(diagnostics);
        return bound;
    }
}
