namespace TrainingJobs.Sdk.Sweeps;

/// <summary>Where a trial stands, as far as early termination and best-trial selection care.</summary>
internal enum TrialState
{
    /// <summary>Still running: early termination may stop it.</summary>
    Running,

    /// <summary>Finished successfully.</summary>
    Completed,

    /// <summary>Stopped early by the policy (or canceled).</summary>
    Stopped,

    /// <summary>Failed.</summary>
    Failed,
}

/// <summary>
/// One trial's reports of the primary metric, in the order it logged them. Azure ML counts intervals in reports: "each
/// time the training script logs the primary metric counts as one interval" (BanditPolicy, MedianStoppingPolicy and
/// TruncationSelectionPolicy docs), so <c>Values[n - 1]</c> is the trial's value at interval n, whatever the step or
/// time it was logged with.
/// </summary>
/// <param name="TrialId">The trial's id (the driver's child job name).</param>
/// <param name="Values">The primary metric's values in report order.</param>
/// <param name="State">Whether it runs, completed, was stopped or failed.</param>
internal sealed record TrialMetrics(string TrialId, IReadOnlyList<double> Values, TrialState State);
