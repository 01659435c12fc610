using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks a <see cref="JobDefinition"/> and returns diagnostics; never throws for bad content.</summary>
public static class JobValidator
{
    /// <summary>Validates a job definition.</summary>
    /// <param name="job">The job.</param>
    /// <returns>Every problem found, errors first then warnings, each with its path.</returns>
    public static IReadOnlyList<Diagnostic> Validate(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var found = new List<Diagnostic>();
        if (job is CommandJob command && string.IsNullOrWhiteSpace(command.Command))
        {
            found.Add(new Diagnostic("TJ0001", DiagnosticSeverity.Error, "A command job needs a command.", "command"));
        }
        return found;
    }
}
