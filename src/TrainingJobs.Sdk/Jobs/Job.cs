using System.Collections.ObjectModel;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>A submitted job as the workspace sees it now: its definition, status, timestamps and outcome.</summary>
/// <remarks>An output model: returned by <see cref="TrainingJobsClient"/>, never built by callers (use <see cref="TrainingJobsModelFactory.Job"/> in tests).</remarks>
public sealed class Job
{
    internal Job(string name, JobDefinition definition, JobStatus status)
    {
        Name = name;
        Definition = definition;
        Status = status;
    }

    /// <summary>The job name, unique in the workspace (also the MLflow run id).</summary>
    public string Name { get; }

    /// <summary>The definition as submitted, with <see cref="JobDefinition.Name"/> set.</summary>
    public JobDefinition Definition { get; }

    /// <summary>The kind of job.</summary>
    public JobKind Kind => Definition.Kind;

    /// <summary>The display name.</summary>
    public string? DisplayName => Definition.DisplayName;

    /// <summary>The experiment the job belongs to.</summary>
    public string ExperimentName { get; internal init; } = "Default";

    /// <summary>The current status.</summary>
    public JobStatus Status { get; }

    /// <summary>The job's tags (changed by <see cref="TrainingJobsClient.UpdateTagsAsync"/>).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; internal init => field = ReadOnlyCopy.Map(value); } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>When the job was submitted.</summary>
    public DateTimeOffset CreatedOn { get; internal init; }

    /// <summary>When the job's code started running, if it has.</summary>
    public DateTimeOffset? StartedOn { get; internal init; }

    /// <summary>When the job reached its terminal status, if it has.</summary>
    public DateTimeOffset? EndedOn { get; internal init; }

    /// <summary>The exit code of the job's command (rank 0 for distributed jobs), once it has exited.</summary>
    public int? ExitCode { get; internal init; }

    /// <summary>Why the job failed or was canceled; null when it completed or is still running.</summary>
    public JobError? Error { get; internal init; }

    /// <summary>Whether the job is archived (hidden from lists unless asked for).</summary>
    public bool IsArchived { get; internal init; }

    /// <summary>The parent job (pipeline or sweep), if any.</summary>
    public string? ParentJobName { get; internal init; }

    /// <summary>
    /// For a pipeline step that did not run because an earlier identical step had (same command, code, environment,
    /// literal inputs and input contents): the job whose outputs it reused. Azure ML records the same as the
    /// <c>azureml.isreused</c> and <c>azureml.reusedrunid</c> properties, which <see cref="JobDefinition.Properties"/> also holds.
    /// </summary>
    public string? ReusedJobName { get; internal init; }

    /// <summary>Every status the job went through, oldest first, with the time it entered each.</summary>
    public IReadOnlyList<JobStatusChange> StatusHistory { get; internal init => field = ReadOnlyCopy.List(value); } = ReadOnlyCollection<JobStatusChange>.Empty;

    /// <summary>The MLflow tracking URI the job was given (local: a loopback address valid while it runs).</summary>
    public Uri? TrackingUri { get; internal init; }

    /// <summary>The job's page in Azure ML Studio (Azure ML workspaces only; null for the local workspace).</summary>
    public Uri? StudioUrl { get; internal init; }

    /// <summary>Whether the job reached a terminal status.</summary>
    public bool IsTerminal => Status.IsTerminal;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Status})";
}

/// <summary>Why a job failed or was canceled.</summary>
/// <param name="Code">A stable code (<see cref="JobErrorCode.UserError"/>, <see cref="JobErrorCode.JobTimeout"/>, …).</param>
/// <param name="Message">What happened, with the exit code and the last lines of the log where they help.</param>
public sealed record JobError(JobErrorCode Code, string Message);

/// <summary>One step of a job's status timeline.</summary>
/// <param name="Status">The status entered.</param>
/// <param name="ChangedOn">When it was entered.</param>
public sealed record JobStatusChange(JobStatus Status, DateTimeOffset ChangedOn);
