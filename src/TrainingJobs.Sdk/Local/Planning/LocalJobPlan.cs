using System.Text.Json.Serialization;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>Everything the supervisor needs to run a job, fixed at submission (what was resolved is what runs).</summary>
internal sealed record LocalJobPlan
{
    public required string Name { get; init; }
    public required string ExperimentName { get; init; }
    public required string ExperimentId { get; init; }
    public required string WorkingDirectory { get; init; }
    public required string BoundCommand { get; init; }
    public required string ExecutedCommand { get; init; }
    public required Dictionary<string, string> Environment { get; init; }
    public PlannedDistributionType DistributionType { get; init; } = PlannedDistributionType.None;
    public int ProcessCount { get; init; } = 1;
    public int ProcessesPerInstance { get; init; } = 1;
    public int ParameterServerCount { get; init; }
    public double? TimeoutSeconds { get; init; }
    public Dictionary<string, string> Outputs { get; init; } = [];
    public List<PlannedInput> Inputs { get; init; } = [];
    public string? CodeDigest { get; init; }
    public string? IgnoreFile { get; init; }
    public string? EnvironmentResolution { get; init; }
    public List<string> Warnings { get; init; } = [];
    public string? SubmittedBy { get; init; }

    /// <summary>The git state of the code folder at submission (null outside a work tree; absent from plans of older versions).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GitState? Git { get; init; }

    /// <summary>The machine the job was planned on, which is the one it runs on (absent from plans of older versions).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ComputeInfo? Compute { get; init; }

    /// <summary>
    /// The bearer token of the job's MLflow endpoint (<c>MLFLOW_TRACKING_TOKEN</c>), fixed here rather than when the
    /// endpoint starts so that whoever reads the job's logs can redact it (<see cref="Workspace.JobSecrets"/>); null in
    /// plans of earlier versions, whose supervisor made one up (left out when null, so such a plan is written back unchanged).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrackingToken { get; init; }
}

/// <summary>A resolved input.</summary>
internal sealed record PlannedInput(string Name, PlannedInputKind Kind, string Value, string? Sha256);

/// <summary>Source-generated JSON for the local backend's stored documents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(LocalJobPlan))]
[JsonSerializable(typeof(Pipelines.PipelinePlan))]
[JsonSerializable(typeof(Sweeps.LocalSweepPlan))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LocalJsonContext : JsonSerializerContext;
