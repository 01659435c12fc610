using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// Goal-aware metric arithmetic shared by early termination and best-trial selection: which of two values is better,
/// and a trial's best value so far. NaN and infinite reports are ignored: a script that logs NaN has no measurable
/// performance at that report, and should neither win nor drag a comparison.
/// </summary>
internal static class ObjectiveScore
{
    /// <summary>+1 to maximize, −1 to minimize: multiplying a value by it makes larger always better.</summary>
    /// <exception cref="ArgumentException">The goal is neither maximize nor minimize (validation rejects that).</exception>
    public static int Sign(Goal goal) =>
        goal == Goal.Maximize ? 1 :
        goal == Goal.Minimize ? -1 :
        throw new ArgumentException($"The goal '{goal}' is neither maximize nor minimize.", nameof(goal));

    /// <summary>The best finite value among the first <paramref name="count"/> reports, or null when there is none.</summary>
    public static double? BestSoFar(Goal goal, IReadOnlyList<double> values, int count)
    {
        var sign = Sign(goal);
        double? best = null;
        for (var i = 0; i < Math.Min(count, values.Count); i++)
        {
            var value = values[i];
            if (!double.IsFinite(value)) continue;
            if (best is null || sign * value > sign * best.Value) best = value;
        }
        return best;
    }

    /// <summary>The mean of the finite values among the first <paramref name="count"/> reports, or null when there is none.</summary>
    public static double? RunningAverage(IReadOnlyList<double> values, int count)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < Math.Min(count, values.Count); i++)
        {
            if (!double.IsFinite(values[i])) continue;
            sum += values[i];
            n++;
        }
        return n == 0 ? null : sum / n;
    }
}
