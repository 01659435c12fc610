namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// Median stopping: "a run will be canceled at interval N if its best primary metric reported up to interval N is worse
/// than the median of the running averages for intervals 1:N across all runs" (azureml-train-core MedianStoppingPolicy
/// docs, after Google Vizier).
/// </summary>
/// <remarks>
/// "All runs" is every trial that has reached interval N, the one being judged included; the median of an even count
/// is the mean of the middle two. A trial alone is never stopped: its best is never below its own average.
/// "Worse" is strict.
/// </remarks>
internal static class MedianStoppingRule
{
    /// <summary>The standings whose best is worse than the median of running averages.</summary>
    public static IEnumerable<Standing> Stop(IReadOnlyList<Standing> pool)
    {
        if (pool.Count == 0) return [];
        var averages = pool.Select(s => s.Average).Order().ToList();
        var middle = averages.Count / 2;
        var median = averages.Count % 2 == 1 ? averages[middle] : (averages[middle - 1] + averages[middle]) / 2;
        return pool.Where(s => s.Best < median).ToList();
    }
}
