using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks a <see cref="JobDefinition"/> and returns diagnostics; never throws for bad content.</summary>
/// <remarks>
/// The validator walks the whole definition: pipeline steps, nested pipelines, components written in place or
/// resolved from files, and sweep trials. What it cannot know locally (a registered <c>azureml:</c> component's
/// ports, say) it skips rather than guesses. The codes are listed in <see cref="ValidationCodes"/> and documented
/// in <c>docs/validation.md</c>. Messages never contain secret values.
/// </remarks>
public static class JobValidator
{
    /// <summary>Validates a job definition.</summary>
    /// <param name="job">The job.</param>
    /// <returns>Every problem found, errors first then warnings, each with its path.</returns>
    public static IReadOnlyList<Diagnostic> Validate(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var context = new ValidationContext();
        context.Guarded(string.Empty, () => JobChecks.Validate(job, string.Empty, JobFrame.Root, context));
        return context.Results();
    }
}
