using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// Truncation selection: at each evaluation, cancels the lowest <c>truncation_percentage</c>% of trials ranked by their
/// performance up to the interval (azureml-train-core TruncationSelectionPolicy docs).
/// </summary>
/// <remarks>
/// The number cut is ⌊n · percentage / 100⌋ of the n trials that reached the interval, rounding down so the policy
/// never cancels more than the percentage it was given (with 4 trials and 20%, none). Completed trials take part in
/// the ranking but cannot be canceled, so fewer than that number may stop. Ties rank the later-started trial lower,
/// the same rule that makes the earlier trial win a tie for best.
/// </remarks>
internal static class TruncationSelectionRule
{
    /// <summary>The lowest-ranked standings.</summary>
    public static IEnumerable<Standing> Stop(TruncationSelectionPolicy policy, IReadOnlyList<Standing> pool)
    {
        var percentage = Math.Clamp(policy.TruncationPercentage ?? 0, 0, 100);
        var cut = pool.Count * percentage / 100;
        return pool.OrderBy(s => s.Best).ThenByDescending(s => s.Order).Take(cut).ToList();
    }
}
