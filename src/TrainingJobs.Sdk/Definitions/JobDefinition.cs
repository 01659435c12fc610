using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>
/// The one canonical, immutable description of a training job. Builders, YAML, REST and the local plan are
/// faces that convert to and from this model (and never to each other).
/// </summary>
/// <remarks>Equality is structural: two definitions with the same content are equal.</remarks>
public abstract record JobDefinition
{
    private protected JobDefinition()
    {
    }

    /// <summary>The kind of job.</summary>
    public abstract JobKind Kind { get; }

    /// <summary>The job name (unique in a workspace); generated at submission when null.</summary>
    public string? Name { get; init; }

    /// <summary>The name shown in lists and the studio.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The experiment that groups this job (service default <c>Default</c>).</summary>
    public string? ExperimentName { get; init; }

    /// <summary>A description.</summary>
    public string? Description { get; init; }

    /// <summary>Tags (mutable after submission).</summary>
    public ValueMap<string> Tags { get; init; } = ValueMap<string>.Empty;

    /// <summary>Properties (set at submission).</summary>
    public ValueMap<string> Properties { get; init; } = ValueMap<string>.Empty;

    /// <summary>The compute target as written: <c>azureml:cpu-cluster</c>, <c>local</c>, an ARM id, or null for serverless.</summary>
    public string? Compute { get; init; }

    /// <summary>The inputs by name.</summary>
    public ValueMap<JobInput> Inputs { get; init; } = ValueMap<JobInput>.Empty;

    /// <summary>The outputs by name.</summary>
    public ValueMap<JobOutput> Outputs { get; init; } = ValueMap<JobOutput>.Empty;

    /// <summary>The identity used to reach data; null means the service default.</summary>
    public JobIdentity? Identity { get; init; }

    /// <summary>Interactive services by name.</summary>
    public ValueMap<JobService> Services { get; init; } = ValueMap<JobService>.Empty;

    /// <summary>Notification settings.</summary>
    public NotificationSettings? Notifications { get; init; }

    /// <summary>Checks the definition and returns every problem found; never throws for bad content.</summary>
    public IReadOnlyList<Diagnostic> Validate() => JobValidator.Validate(this);
}

/// <summary>A single command run in an environment, optionally distributed (YAML <c>type: command</c>).</summary>
public sealed record CommandJob : JobDefinition
{
    /// <inheritdoc />
    public override JobKind Kind => JobKind.Command;

    /// <summary>The command line, with <c>${{inputs.x}}</c>, <c>${{outputs.y}}</c> and optional <c>$[[…]]</c> segments.</summary>
    public string? Command { get; init; }

    /// <summary>The code: a local folder or file, <c>azureml:name:version</c>, or a <c>git+https://</c> URL.</summary>
    public string? Code { get; init; }

    /// <summary>The environment.</summary>
    public JobEnvironment? Environment { get; init; }

    /// <summary>Environment variables set for the command.</summary>
    public ValueMap<string> EnvironmentVariables { get; init; } = ValueMap<string>.Empty;

    /// <summary>Compute resources.</summary>
    public JobResources? Resources { get; init; }

    /// <summary>How the command is distributed.</summary>
    public Distribution? Distribution { get; init; }

    /// <summary>Limits.</summary>
    public CommandJobLimits? Limits { get; init; }

    /// <summary>Queue settings.</summary>
    public QueueSettings? QueueSettings { get; init; }
}

/// <summary>A graph of steps whose outputs feed later steps' inputs (YAML <c>type: pipeline</c>).</summary>
public sealed record PipelineJob : JobDefinition
{
    /// <inheritdoc />
    public override JobKind Kind => JobKind.Pipeline;

    /// <summary>The steps by name (YAML <c>jobs:</c>).</summary>
    public ValueMap<PipelineStep> Steps { get; init; } = ValueMap<PipelineStep>.Empty;

    /// <summary>Pipeline settings.</summary>
    public PipelineSettings? Settings { get; init; }
}

/// <summary>A hyperparameter sweep: trials of a command over a search space (YAML <c>type: sweep</c>).</summary>
public sealed record SweepJob : JobDefinition
{
    /// <inheritdoc />
    public override JobKind Kind => JobKind.Sweep;

    /// <summary>The trial: the command run once per sampled point (its command may use <c>${{search_space.x}}</c>).</summary>
    public required CommandJob Trial { get; init; }

    /// <summary>Where the trial came from when it was not written in place (<c>file:</c>, relative path or <c>azureml:</c>).</summary>
    public ComponentReference? TrialReference { get; init; }

    /// <summary>The search space by parameter name.</summary>
    public ValueMap<SearchSpaceParameter> SearchSpace { get; init; } = ValueMap<SearchSpaceParameter>.Empty;

    /// <summary>How points are sampled.</summary>
    public required SamplingAlgorithm SamplingAlgorithm { get; init; }

    /// <summary>The metric to optimise.</summary>
    public required SweepObjective Objective { get; init; }

    /// <summary>Limits.</summary>
    public SweepJobLimits? Limits { get; init; }

    /// <summary>Early termination of poor trials.</summary>
    public EarlyTerminationPolicy? EarlyTermination { get; init; }

    /// <summary>Compute resources.</summary>
    public JobResources? Resources { get; init; }

    /// <summary>Queue settings.</summary>
    public QueueSettings? QueueSettings { get; init; }
}
