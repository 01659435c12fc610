using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Sweeps;

/// <summary>The trial a sweep reports as best, with the value that made it best.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Value">Its best value of the primary metric.</param>
internal sealed record BestTrialChoice(string TrialId, double Value);

/// <summary>
/// Picks a sweep's best trial by the objective.
/// </summary>
/// <remarks>
/// <para>
/// Each trial is judged by its best reported value of the primary metric, not its last: HyperDriveRun's
/// <c>get_best_run_by_primary_metric</c> says "the PrimaryMetricGoal governs whether the minimum or maximum of the
/// primary metric is used", and <c>get_child_runs_sorted_by_primary_metric</c> sorts children by "their best primary
/// metric" (azureml-train-core and azuremlsdk docs).
/// </para>
/// <para>
/// Ties go to the trial that comes first in the list (the earliest started). A trial with no finite value never wins.
/// By default only completed trials are candidates; Azure's <c>get_best_run_by_primary_metric</c> also counts failed
/// and canceled runs unless told not to (<c>include_failed</c>, <c>include_canceled</c> default true), which
/// <c>includeUnfinished</c> reproduces.
/// </para>
/// </remarks>
internal static class BestTrial
{
    /// <summary>The best trial, or null when no candidate reported a value.</summary>
    /// <param name="goal">The objective's goal.</param>
    /// <param name="trials">The trials, earliest first.</param>
    /// <param name="includeUnfinished">Whether stopped and failed trials are candidates too (running ones never are).</param>
    public static BestTrialChoice? Select(Goal goal, IReadOnlyList<TrialMetrics> trials, bool includeUnfinished = false)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var sign = ObjectiveScore.Sign(goal);
        BestTrialChoice? best = null;
        foreach (var trial in trials)
        {
            var candidate = trial.State == TrialState.Completed ||
                            (includeUnfinished && trial.State is TrialState.Stopped or TrialState.Failed);
            if (!candidate) continue;
            if (ObjectiveScore.BestSoFar(goal, trial.Values, trial.Values.Count) is not { } value) continue;
            // Strictly better only: an equal later trial does not displace the earlier one.
            if (best is null || sign * value > sign * best.Value) best = new BestTrialChoice(trial.TrialId, value);
        }
        return best;
    }
}
