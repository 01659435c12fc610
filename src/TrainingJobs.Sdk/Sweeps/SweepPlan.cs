using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// The trials a sweep runs, in order: its sampling algorithm applied to its search space, up to its limits.
/// </summary>
/// <remarks>
/// <c>limits.max_total_trials</c> defaults to 1000 (sweep YAML reference, "Attributes of the limits key"). Grid
/// sampling stops at the end of the grid when that comes first (azuremlsdk's <c>max_total_runs</c>: "there may be
/// fewer runs when the sample space is smaller than this value"). Bayesian sampling needs the results of earlier
/// trials to choose the next, so it is no fixed plan: <see cref="Trials"/> refuses it.
/// </remarks>
internal static class SweepPlan
{
    /// <summary>Azure ML's <c>max_total_trials</c> when a sweep sets none.</summary>
    public const int DefaultMaxTotalTrials = 1000;

    /// <summary>The most trials the sweep runs.</summary>
    public static long TrialCount(SweepJob sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        long limit = sweep.Limits?.MaxTotalTrials is > 0 ? sweep.Limits.MaxTotalTrials.Value : DefaultMaxTotalTrials;
        return sweep.SamplingAlgorithm is GridSamplingAlgorithm ? Math.Min(limit, GridSampler.Count(sweep.SearchSpace)) : limit;
    }

    /// <summary>The trials' parameters, lazily, in the order they are to run.</summary>
    /// <param name="sweep">The sweep (assumed valid).</param>
    /// <param name="seedWhenUnset">The seed random sampling uses when the sweep sets none; the driver records it.</param>
    /// <exception cref="NotSupportedException">The sweep uses Bayesian (or an unknown) sampling.</exception>
    public static IEnumerable<TrialParameters> Trials(SweepJob sweep, long seedWhenUnset)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var count = TrialCount(sweep);
        return sweep.SamplingAlgorithm switch
        {
            GridSamplingAlgorithm => GridSampler.Enumerate(sweep.SearchSpace).Take(checked((int)Math.Min(count, int.MaxValue))),
            RandomSamplingAlgorithm random => RandomSampler.For(random, sweep.SearchSpace, seedWhenUnset).Samples(count),
            var other => throw new NotSupportedException(
                $"{other.TypeName} sampling chooses each trial from the results of the ones before; it has no fixed plan."),
        };
    }
}
