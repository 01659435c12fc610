using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>
/// A job's log files as a backend keeps them, and the secrets to redact from any copy of them: the logs hold what the
/// job printed, raw, so nothing that hands them on (an evidence bundle) may copy them without <see cref="Secrets"/>.
/// </summary>
/// <param name="Files">The log files, each under a path relative to the job's logs (<c>user_logs/std_log.txt</c>).</param>
/// <param name="Secrets">The job's secret values (its secret variables, its MLflow token).</param>
/// <param name="Note">Why there are no files, when a backend cannot give them; null otherwise.</param>
internal sealed record JobLogFiles(IReadOnlyList<JobLogFile> Files, SecretValues Secrets, string? Note)
{
    /// <summary>No files, for this reason.</summary>
    public static JobLogFiles Unavailable(string note) => new([], SecretValues.None, note);
}

/// <summary>One log file.</summary>
/// <param name="Path">Its path relative to the job's logs, with <c>/</c> separators.</param>
/// <param name="Open">
/// Opens it for reading from its first byte (a local file never through a link; a remote one streamed, not buffered
/// whole); null with the reason when it cannot be opened.
/// </param>
internal sealed record JobLogFile(string Path, Func<CancellationToken, Task<(Stream? Stream, string? Refusal)>> Open);
