namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>One row of the <c>jobs</c> table, as stored.</summary>
internal sealed record JobRow
{
    public required long Sequence { get; init; }
    public required string Name { get; init; }
    public required string Experiment { get; init; }
    public required string Status { get; init; }
    public required long CreatedAt { get; init; }
    public long? StartedAt { get; init; }
    public long? EndedAt { get; init; }
    public int? ExitCode { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public bool Archived { get; init; }
    public string? ParentJob { get; init; }
    public required string TagsJson { get; init; }
    public required string DefinitionYaml { get; init; }
    public required string PlanJson { get; init; }
    public int? SupervisorPid { get; init; }
    public long? SupervisorStart { get; init; }
    /// <summary>The job's containment and its ranks' process groups (<see cref="Supervision.JobContainment.Record"/>).</summary>
    public string? ProcessGroups { get; init; }
    public long? CancelRequestedAt { get; init; }
    public long? CancelGraceMs { get; init; }
    public string? TrackingUri { get; init; }
    public string Kind { get; init; } = StoredJobKinds.Command;
    public string? ReuseKey { get; init; }
    public string? ReusedFrom { get; init; }
}

/// <summary>One row of <c>status_history</c>.</summary>
internal sealed record StatusRow(long Sequence, string Status, long At);

/// <summary>One row of <c>metrics</c>.</summary>
internal sealed record MetricRow(long Sequence, string RunId, string Key, double Value, long Timestamp, long Step);

/// <summary>Experiment.</summary>
internal sealed record ExperimentRow(string Id, string Name, string ArtifactLocation, string Lifecycle, long Created, long Updated);

/// <summary>MLflow run.</summary>
internal sealed record RunRow(string RunId, string Job, string ExperimentId, string RunName, string UserId, string Status, long StartTime, long? EndTime, string Lifecycle, string ArtifactUri);
