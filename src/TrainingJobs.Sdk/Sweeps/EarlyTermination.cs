using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// Decides which running trials an early-termination policy stops at an evaluation. Pure: metric series in, trial ids
/// out; the driver cancels them.
/// </summary>
/// <remarks>
/// <para>
/// Schedule (the sweep YAML reference and the azureml-train-core policy docs): an interval is one report of the
/// primary metric; the policy applies at interval N when N is a multiple of <c>evaluation_interval</c> (default 1;
/// azure-ai-ml writes 0 for "unset", read as 1) and N ≥ <c>delay_evaluation</c> (default 0).
/// </para>
/// <para>
/// At interval N the policy looks at every trial that has reported at least N values, whatever its state, and only at
/// their first N values ("when evaluating a run at interval N, its performance is only compared with the performance of
/// other runs up to interval N even if they reported metrics for intervals greater than N": TruncationSelectionPolicy
/// docs). A trial's performance there is its best value so far ("any run whose best metric is less than …": the v2
/// hyperparameter tuning article; "its best primary metric reported up to interval N": MedianStoppingPolicy). Only
/// running trials can be stopped; completed ones still count in the comparison. The driver calls this when a running
/// trial reports its N-th value, with that N.
/// </para>
/// </remarks>
internal static class EarlyTermination
{
    /// <summary>Whether <paramref name="policy"/> is applied at interval <paramref name="interval"/> (1-based).</summary>
    public static bool AppliesAt(EarlyTerminationPolicy policy, int interval)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (interval < 1) return false;
        var every = policy.EvaluationInterval is > 0 ? policy.EvaluationInterval.Value : 1;
        var delay = Math.Max(policy.DelayEvaluation ?? 0, 0);
        return interval % every == 0 && interval >= delay;
    }

    /// <summary>The ids of the running trials <paramref name="policy"/> stops at interval <paramref name="interval"/>.</summary>
    /// <param name="policy">The policy; null stops nothing.</param>
    /// <param name="goal">The objective's goal.</param>
    /// <param name="trials">Every trial of the sweep so far, in the order they were started (that order breaks ties).</param>
    /// <param name="interval">The interval being evaluated, 1-based.</param>
    public static IReadOnlySet<string> TrialsToStop(EarlyTerminationPolicy? policy, Goal goal, IReadOnlyList<TrialMetrics> trials, int interval)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (policy is null || !AppliesAt(policy, interval)) return new HashSet<string>(StringComparer.Ordinal);
        var pool = Standings(goal, trials, interval);
        IEnumerable<Standing> stopped = policy switch
        {
            BanditPolicy bandit => BanditRule.Stop(bandit, goal, pool),
            MedianStoppingPolicy => MedianStoppingRule.Stop(pool),
            TruncationSelectionPolicy truncation => TruncationSelectionRule.Stop(truncation, pool),
            _ => [],
        };
        return stopped.Where(s => s.Running).Select(s => s.TrialId).ToHashSet(StringComparer.Ordinal);
    }

    // Scores are multiplied by the goal's sign so that every rule can treat larger as better.
    private static List<Standing> Standings(Goal goal, IReadOnlyList<TrialMetrics> trials, int interval)
    {
        var sign = ObjectiveScore.Sign(goal);
        var pool = new List<Standing>();
        for (var order = 0; order < trials.Count; order++)
        {
            var trial = trials[order];
            if (trial.Values.Count < interval) continue;
            if (ObjectiveScore.BestSoFar(goal, trial.Values, interval) is not { } best) continue;
            var average = ObjectiveScore.RunningAverage(trial.Values, interval)!.Value;
            pool.Add(new Standing(trial.TrialId, order, trial.State == TrialState.Running, sign * best, sign * average));
        }
        return pool;
    }
}

/// <summary>A trial's standing at one interval, in goal-signed units (larger is better).</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Order">Its position in the sweep (earlier wins ties).</param>
/// <param name="Running">Whether it can be stopped.</param>
/// <param name="Best">Its best value up to the interval, signed.</param>
/// <param name="Average">The mean of its values up to the interval, signed.</param>
internal readonly record struct Standing(string TrialId, int Order, bool Running, double Best, double Average);
