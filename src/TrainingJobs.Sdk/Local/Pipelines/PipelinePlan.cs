namespace TrainingJobs.Sdk.Local.Pipelines;

/// <summary>
/// What the driver of a pipeline job needs, fixed at submit and stored as the parent's plan: each step's child job
/// (its definition with pipeline inputs already bound), the upstream outputs its inputs wait for, and the settings.
/// </summary>
internal sealed record PipelinePlan
{
    /// <summary>The pipeline's experiment id (every step runs in the pipeline's experiment).</summary>
    public required string ExperimentId { get; init; }

    /// <summary>The folder relative local paths of the steps resolve against.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The steps in the pipeline's order.</summary>
    public List<PlannedStep> Steps { get; init; } = [];

    /// <summary>Pipeline output → the step output that becomes it.</summary>
    public Dictionary<string, StepPort> Outputs { get; init; } = [];

    /// <summary><c>settings.continue_on_step_failure</c>: steps that do not depend on a failed step still run.</summary>
    public bool ContinueOnStepFailure { get; init; }

    /// <summary><c>settings.force_rerun</c>: no step is reused.</summary>
    public bool ForceRerun { get; init; }
}

/// <summary>One step of a <see cref="PipelinePlan"/>.</summary>
internal sealed record PlannedStep
{
    /// <summary>The step's name in the pipeline.</summary>
    public required string Step { get; init; }

    /// <summary>The child job that runs it.</summary>
    public required string Child { get; init; }

    /// <summary>The child's command job as canonical YAML, pipeline inputs bound, upstream inputs not yet.</summary>
    public required string DefinitionYaml { get; init; }

    /// <summary>The steps that must complete first.</summary>
    public List<string> DependsOn { get; init; } = [];

    /// <summary>Inputs bound to an upstream step's output, bound to that output's folder when the step starts.</summary>
    public List<UpstreamInput> Upstream { get; init; } = [];

    /// <summary>Whether an earlier identical run may stand in for this one (<c>is_deterministic</c>, default true).</summary>
    public bool IsDeterministic { get; init; } = true;
}

/// <summary>An output of a step.</summary>
internal sealed record StepPort(string Step, string Port);

/// <summary>A step input bound to <c>${{parent.jobs.&lt;step&gt;.outputs.&lt;port&gt;}}</c>.</summary>
internal sealed record UpstreamInput(string Input, string Step, string Port, string? Type, string? Mode);
