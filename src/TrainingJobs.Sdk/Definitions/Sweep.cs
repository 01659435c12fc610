namespace TrainingJobs.Sdk.Definitions;

/// <summary>The metric a sweep optimises.</summary>
/// <param name="PrimaryMetric">The metric name, as logged with MLflow.</param>
/// <param name="Goal">Whether to maximize or minimize it.</param>
public sealed record SweepObjective(string PrimaryMetric, Goal Goal);

/// <summary>How a sweep samples the search space.</summary>
public abstract record SamplingAlgorithm
{
    private protected SamplingAlgorithm()
    {
    }

    /// <summary>The algorithm name as YAML spells it.</summary>
    public abstract string TypeName { get; }
}

/// <summary>Random sampling.</summary>
public sealed record RandomSamplingAlgorithm : SamplingAlgorithm
{
    /// <summary>The random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>The rule (<c>random</c> or <c>sobol</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>The log base for log-scaled parameters (<c>e</c> or a number), as written.</summary>
    public string? LogBase { get; init; }

    /// <summary>Whether the file wrote the algorithm as a bare string (<c>sampling_algorithm: random</c>).</summary>
    public bool IsShorthand { get; init; }

    /// <inheritdoc />
    public override string TypeName => "random";
}

/// <summary>Grid sampling (every combination of choices).</summary>
public sealed record GridSamplingAlgorithm : SamplingAlgorithm
{
    /// <inheritdoc />
    public override string TypeName => "grid";
}

/// <summary>Bayesian sampling.</summary>
public sealed record BayesianSamplingAlgorithm : SamplingAlgorithm
{
    /// <inheritdoc />
    public override string TypeName => "bayesian";
}

/// <summary>A policy that stops poorly performing trials early.</summary>
public abstract record EarlyTerminationPolicy
{
    private protected EarlyTerminationPolicy()
    {
    }

    /// <summary>The policy name as YAML spells it.</summary>
    public abstract string TypeName { get; }

    /// <summary>How often (in metric reports) the policy is applied.</summary>
    public int? EvaluationInterval { get; init; }

    /// <summary>How many reports to wait before the first evaluation.</summary>
    public int? DelayEvaluation { get; init; }
}

/// <summary>Bandit policy: stops trials outside a slack of the best one.</summary>
public sealed record BanditPolicy : EarlyTerminationPolicy
{
    /// <summary>The allowed slack as a ratio.</summary>
    public double? SlackFactor { get; init; }

    /// <summary>The allowed slack as an absolute amount.</summary>
    public double? SlackAmount { get; init; }

    /// <inheritdoc />
    public override string TypeName => "bandit";
}

/// <summary>Median stopping: stops trials worse than the median of running averages.</summary>
public sealed record MedianStoppingPolicy : EarlyTerminationPolicy
{
    /// <inheritdoc />
    public override string TypeName => "median_stopping";
}

/// <summary>Truncation selection: stops the worst given percentage of trials.</summary>
public sealed record TruncationSelectionPolicy : EarlyTerminationPolicy
{
    /// <summary>The percentage of trials to stop at each evaluation.</summary>
    public int? TruncationPercentage { get; init; }

    /// <inheritdoc />
    public override string TypeName => "truncation_selection";
}
