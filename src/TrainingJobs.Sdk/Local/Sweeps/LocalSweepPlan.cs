namespace TrainingJobs.Sdk.Local.Sweeps;

/// <summary>
/// What the driver of a sweep job needs, fixed at submit and stored as the sweep's plan: the sweep itself (its trial's
/// local paths made absolute) and the seed its random sampling uses, so the trials are the same however often they
/// are drawn.
/// </summary>
internal sealed record LocalSweepPlan
{
    /// <summary>The sweep's experiment id (every trial runs in it).</summary>
    public required string ExperimentId { get; init; }

    /// <summary>The folder relative local paths resolve against.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The sweep as canonical YAML, its trial's code and local inputs absolute.</summary>
    public required string SweepYaml { get; init; }

    /// <summary>The seed of random sampling: the sweep's own, or one drawn at submit and recorded here.</summary>
    public long Seed { get; init; }
}
