namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>
/// Maps the job's environment through the workspace's <see cref="EnvironmentTable"/>: a mapped environment prefixes
/// the command; otherwise the command runs with this machine's tools as they are.
/// </summary>
internal static class EnvironmentStep
{
    /// <summary>The command as it runs, and how the environment was resolved (in words, for the job's record).</summary>
    public sealed record MappedCommand(string Executed, string Resolution);

    /// <summary>Maps <paramref name="bound"/>; an environment without an entry is warned about.</summary>
    public static MappedCommand Map(PlanningContext context, EnvironmentTable environments, string bound)
    {
        var environment = context.Job.Environment;
        if (environments.Find(environment) is { } found)
        {
            return new MappedCommand(found.Prefix + " " + bound,
                $"environment '{EnvironmentTable.Describe(environment)}' mapped by entry '{found.Key}' to prefix '{found.Prefix}'");
        }
        if (environment is null) return new MappedCommand(bound, "no environment: the command runs with this machine's tools");

        var described = EnvironmentTable.Describe(environment);
        context.Warn(LocalDiagnosticCodes.EnvironmentNotMapped, "environment",
            $"Environment '{described}' has no local mapping; the command runs as it is. Add it to environments.json in the workspace to map it.");
        return new MappedCommand(bound, $"environment '{described}' has no entry in environments.json: the command runs with this machine's tools");
    }
}
