using System.Collections.ObjectModel;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk;

/// <summary>Options for <see cref="TrainingJobsClient.SubmitAsync"/>.</summary>
public sealed class SubmitOptions
{
    /// <summary>The folder that relative paths in the definition (code, local inputs) resolve against; default: the current folder.</summary>
    public string? BaseDirectory { get; set; }
}

/// <summary>Options for <see cref="TrainingJobsClient.StreamAsync"/>.</summary>
public sealed class StreamOptions
{
    /// <summary>Where to start; default: the beginning, so a finished job replays in full.</summary>
    public JobStreamPosition? StartAt { get; set; }

    /// <summary>Whether to yield log lines (default true).</summary>
    public bool IncludeLogs { get; set; } = true;

    /// <summary>Whether to yield metric points (default true).</summary>
    public bool IncludeMetrics { get; set; } = true;

    /// <summary>How often to look for new events while the job runs (default 25 ms).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Whether log lines come as <see cref="JobLogBlockEvent"/>s, each holding the lines read together from one file,
    /// rather than one <see cref="JobLogEvent"/> per line (default false). For throughput on large logs: the local
    /// backend then does no work and makes no object per line. The lines, offsets, order and redaction are the same.
    /// </summary>
    public bool LogLinesInBlocks { get; set; }
}

/// <summary>Options for <see cref="TrainingJobsClient.CancelAsync"/>.</summary>
public sealed class CancelOptions
{
    /// <summary>Whether to wait until the job is terminal (default true, as <c>az ml job cancel</c>).</summary>
    public bool WaitForCompletion { get; set; } = true;

    /// <summary>How long the job's processes get to exit after the graceful signal before they are killed; default: the workspace's setting (10 s).</summary>
    public TimeSpan? GracePeriod { get; set; }
}

/// <summary>Options for <see cref="TrainingJobsClient.DownloadAsync"/>: which outputs, and where (the <c>az ml job download</c> layout).</summary>
public sealed class DownloadOptions
{
    /// <summary>The folder to download into; default: the current folder.</summary>
    public string? DownloadPath { get; set; }

    /// <summary>Download only this named output (to <c>named-outputs/&lt;name&gt;/</c>).</summary>
    public string? OutputName { get; set; }

    /// <summary>Download every named output plus the default artifacts (logs and <c>./outputs</c>).</summary>
    public bool All { get; set; }

    /// <summary>
    /// Told how far the download has come: once when every blob has been listed, then after each file is done
    /// (fetched, found complete, or skipped). Reported by the Azure ML backend; the local backend copies without
    /// reporting progress. Default: none.
    /// </summary>
    public IProgress<Jobs.DownloadProgress>? Progress { get; set; }
}

/// <summary>Filters for <see cref="TrainingJobsClient.GetJobsAsync"/> (the <c>tj job list</c> options).</summary>
public sealed class JobQuery
{
    /// <summary>Only jobs of this experiment.</summary>
    public string? ExperimentName { get; set; }

    /// <summary>Only jobs in this status.</summary>
    public JobStatus? Status { get; set; }

    /// <summary>Only jobs with these tags: a key with a null value matches any value. Default: none.</summary>
    public IReadOnlyDictionary<string, string?> Tags { get; set; } = ReadOnlyDictionary<string, string?>.Empty;

    /// <summary>Only child jobs of this job.</summary>
    public string? ParentJobName { get; set; }

    /// <summary>Which jobs by archive state (default: active only).</summary>
    public ArchiveFilter Archived { get; set; } = ArchiveFilter.ActiveOnly;

    /// <summary>The most jobs to return; null for all.</summary>
    public int? MaxResults { get; set; }
}

/// <summary>Which jobs a list includes by archive state (REST <c>listViewType</c>).</summary>
public enum ArchiveFilter
{
    /// <summary>Only jobs that are not archived.</summary>
    ActiveOnly = 0,

    /// <summary>Archived jobs too.</summary>
    All = 1,

    /// <summary>Only archived jobs.</summary>
    ArchivedOnly = 2,
}
