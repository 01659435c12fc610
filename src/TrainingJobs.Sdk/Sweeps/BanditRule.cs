using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// Bandit policy: stops a trial whose best value so far is outside the slack of the best trial's.
/// </summary>
/// <remarks>
/// <para>
/// <c>slack_amount</c> (azureml-train-core BanditPolicy docs): with best 0.8 and slack_amount 0.2, "any run with an AUC
/// less than 0.6 (0.8 − 0.2)" is terminated; for minimize, more than best + amount.
/// </para>
/// <para>
/// <c>slack_factor</c>: to maximize, a trial is stopped when (Y + Y·slack_factor) &lt; best, i.e. Y &lt; best / (1 +
/// slack_factor) (the same docs; the v2 article: "less than 1/(1+0.1) or 91% of the best performing job"). To minimize,
/// the mirror image: stopped when Y &gt; best · (1 + slack_factor). Written as a distance from the best,
/// |best|·f/(1+f) and |best|·f, so that a negative metric (a log-likelihood, a negated loss) is judged the same way
/// rather than having the inequality flip.
/// </para>
/// <para>Both comparisons are strict: a trial exactly on the edge of the slack keeps running.</para>
/// </remarks>
internal static class BanditRule
{
    /// <summary>The standings outside the slack.</summary>
    public static IEnumerable<Standing> Stop(BanditPolicy policy, Goal goal, IReadOnlyList<Standing> pool)
    {
        if (pool.Count == 0) return [];
        var best = pool.Max(s => s.Best);
        double distance;
        if (policy.SlackAmount is { } amount) distance = amount;
        else if (policy.SlackFactor is { } factor) distance = Math.Abs(best) * (ObjectiveScore.Sign(goal) > 0 ? factor / (1 + factor) : factor);
        else return [];
        var threshold = best - distance;
        return pool.Where(s => s.Best < threshold).ToList();
    }
}
