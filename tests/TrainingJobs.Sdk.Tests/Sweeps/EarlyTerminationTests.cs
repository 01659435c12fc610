using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Sweeps;

namespace TrainingJobs.Sdk.Tests.Sweeps;

public class EarlyTerminationTests
{
    private static TrialMetrics Running(string id, params double[] values) => new(id, values, TrialState.Running);

    private static TrialMetrics Completed(string id, params double[] values) => new(id, values, TrialState.Completed);

    [Test]
    public void A_policy_applies_at_multiples_of_its_interval_from_its_delay_on()
    {
        var policy = new MedianStoppingPolicy { EvaluationInterval = 2, DelayEvaluation = 5 };

        Enumerable.Range(1, 10).Where(n => EarlyTermination.AppliesAt(policy, n)).Should().Equal(6, 8, 10);
        Enumerable.Range(1, 4).Where(n => EarlyTermination.AppliesAt(new MedianStoppingPolicy(), n)).Should().Equal(1, 2, 3, 4);
        Enumerable.Range(1, 3).Where(n => EarlyTermination.AppliesAt(new MedianStoppingPolicy { EvaluationInterval = 0 }, n)).Should().Equal(1, 2, 3);
        EarlyTermination.AppliesAt(new MedianStoppingPolicy(), 0).Should().BeFalse();
    }

    // A scripted maximize curve: a climbs fastest, b stays within 10% of it, c falls behind from interval 2 on.
    private static readonly TrialMetrics[] Curves =
    [
        Running("a", 0.50, 0.70, 0.90, 0.95),
        Running("b", 0.50, 0.66, 0.85, 0.90),
        Running("c", 0.46, 0.50, 0.60, 0.62),
    ];

    [Test]
    public void Bandit_stops_exactly_the_trial_outside_the_slack_factor_and_not_before_the_delay()
    {
        var policy = new BanditPolicy { SlackFactor = 0.1, DelayEvaluation = 3 };

        // Interval 1: everyone is within 10%. Interval 2: c (0.50) is below 0.70 / 1.1 = 0.636, but the delay holds it.
        EarlyTermination.TrialsToStop(new BanditPolicy { SlackFactor = 0.1 }, Goal.Maximize, Curves, 1).Should().BeEmpty();
        EarlyTermination.TrialsToStop(new BanditPolicy { SlackFactor = 0.1 }, Goal.Maximize, Curves, 2).Should().BeEquivalentTo(["c"]);
        EarlyTermination.TrialsToStop(policy, Goal.Maximize, Curves, 2).Should().BeEmpty();
        // Interval 3: best 0.90, bound 0.818: b (0.85) stays, c (0.60) goes.
        EarlyTermination.TrialsToStop(policy, Goal.Maximize, Curves, 3).Should().BeEquivalentTo(["c"]);
    }

    [Test]
    public void Bandit_mirrors_the_slack_factor_for_a_goal_to_minimize()
    {
        TrialMetrics[] losses = [Running("a", 1.0, 0.50), Running("b", 1.0, 0.54), Running("c", 1.0, 0.56)];

        // Best 0.50; to minimize, a trial is stopped above 0.50 × 1.1 = 0.55.
        EarlyTermination.TrialsToStop(new BanditPolicy { SlackFactor = 0.1 }, Goal.Minimize, losses, 2).Should().BeEquivalentTo(["c"]);
    }

    [Test]
    public void Bandit_slack_amount_is_an_absolute_distance_and_the_edge_itself_is_inside()
    {
        TrialMetrics[] trials = [Running("best", 0.75), Running("edge", 0.5), Running("out", 0.49), Running("in", 0.6)];

        EarlyTermination.TrialsToStop(new BanditPolicy { SlackAmount = 0.25 }, Goal.Maximize, trials, 1).Should().BeEquivalentTo(["out"]);
        TrialMetrics[] losses = [Running("best", 0.25), Running("edge", 0.5), Running("out", 0.51)];
        EarlyTermination.TrialsToStop(new BanditPolicy { SlackAmount = 0.25 }, Goal.Minimize, losses, 1).Should().BeEquivalentTo(["out"]);
    }

    [Test]
    public void Bandit_judges_a_negative_metric_by_its_distance_from_the_best_rather_than_flipping()
    {
        // Maximize a log-likelihood: best −1.0; 10% slack allows down to −1.0 − 1.0 × 0.1 / 1.1 ≈ −1.091.
        TrialMetrics[] trials = [Running("best", -1.0), Running("near", -1.05), Running("far", -1.2)];

        EarlyTermination.TrialsToStop(new BanditPolicy { SlackFactor = 0.1 }, Goal.Maximize, trials, 1).Should().BeEquivalentTo(["far"]);
    }

    [Test]
    public void A_trial_is_judged_by_its_best_so_far_and_only_reports_up_to_the_interval_count()
    {
        TrialMetrics[] trials =
        [
            Running("leader", 0.9, 0.2),           // its 0.9 still counts at interval 2
            Running("dipped", 0.85, 0.1),          // within 10% by its best, though its last value is far off
            Running("late", 0.1, 0.1, 0.99),       // its 0.99 comes after interval 2 and must not count there
            Running("short", 0.1),                 // has not reached interval 2: not judged
        ];

        EarlyTermination.TrialsToStop(new BanditPolicy { SlackFactor = 0.1 }, Goal.Maximize, trials, 2).Should().BeEquivalentTo(["late"]);
    }

    [Test]
    public void Completed_trials_set_the_bar_but_are_never_stopped()
    {
        TrialMetrics[] trials = [Completed("done", 0.9), Completed("weak", 0.1), Running("slow", 0.5)];

        EarlyTermination.TrialsToStop(new BanditPolicy { SlackFactor = 0.1 }, Goal.Maximize, trials, 1).Should().BeEquivalentTo(["slow"]);
    }

    [Test]
    public void Median_stopping_stops_trials_whose_best_is_below_the_median_of_running_averages()
    {
        TrialMetrics[] trials =
        [
            Running("a", 0.6, 0.8), // average 0.70, best 0.8
            Running("b", 0.5, 0.7), // average 0.60, best 0.7
            Running("c", 0.4, 0.5), // average 0.45, best 0.5
            Running("d", 0.2, 0.3), // average 0.25, best 0.3
        ];

        // Median of 0.25, 0.45, 0.60, 0.70 is 0.525: c and d are below it.
        EarlyTermination.TrialsToStop(new MedianStoppingPolicy(), Goal.Maximize, trials, 2).Should().BeEquivalentTo(["c", "d"]);
        // A late bloomer: its average (0.35) drags the median down to 0.45, but its best (0.6) is above it, and so is
        // c's 0.5 now; d's 0.3 is still below.
        EarlyTermination.TrialsToStop(new MedianStoppingPolicy(), Goal.Maximize, [.. trials, Running("e", 0.1, 0.6)], 2)
            .Should().BeEquivalentTo(["d"]);
        // The same losses to minimize: the same trials are the poor ones.
        var losses = trials.Select(t => t with { Values = [.. t.Values.Select(v => -v)] }).ToList();
        EarlyTermination.TrialsToStop(new MedianStoppingPolicy(), Goal.Minimize, losses, 2).Should().BeEquivalentTo(["c", "d"]);
        EarlyTermination.TrialsToStop(new MedianStoppingPolicy { DelayEvaluation = 3 }, Goal.Maximize, trials, 2).Should().BeEmpty();
    }

    [Test]
    public void Median_stopping_never_stops_a_trial_that_is_alone()
    {
        EarlyTermination.TrialsToStop(new MedianStoppingPolicy(), Goal.Maximize, [Running("solo", 0.9, 0.1, 0.1)], 3).Should().BeEmpty();
    }

    [Test]
    public void Truncation_cancels_the_lowest_percentage_rounded_down_and_the_later_of_equals()
    {
        TrialMetrics[] trials = [Running("a", 0.9), Running("b", 0.7), Running("c", 0.5), Running("d", 0.3), Running("e", 0.3)];

        EarlyTermination.TrialsToStop(new TruncationSelectionPolicy { TruncationPercentage = 20 }, Goal.Maximize, trials, 1).Should().BeEquivalentTo(["e"]);
        EarlyTermination.TrialsToStop(new TruncationSelectionPolicy { TruncationPercentage = 40 }, Goal.Maximize, trials, 1).Should().BeEquivalentTo(["d", "e"]);
        EarlyTermination.TrialsToStop(new TruncationSelectionPolicy { TruncationPercentage = 60 }, Goal.Minimize, trials, 1).Should().BeEquivalentTo(["a", "b", "c"]);
        // 4 trials at 20% is 0.8 of a trial: none.
        EarlyTermination.TrialsToStop(new TruncationSelectionPolicy { TruncationPercentage = 20 }, Goal.Maximize, trials[..4], 1).Should().BeEmpty();
    }

    [Test]
    public void Truncation_ranks_completed_trials_too_but_only_cancels_running_ones()
    {
        TrialMetrics[] trials = [Running("a", 0.9), Running("b", 0.7), Completed("c", 0.5), Completed("d", 0.3)];

        EarlyTermination.TrialsToStop(new TruncationSelectionPolicy { TruncationPercentage = 50 }, Goal.Maximize, trials, 1).Should().BeEmpty();
        EarlyTermination.TrialsToStop(new TruncationSelectionPolicy { TruncationPercentage = 75 }, Goal.Maximize, trials, 1).Should().BeEquivalentTo(["b"]);
    }

    [Test]
    public void No_policy_stops_nothing_and_reports_that_are_not_numbers_are_ignored()
    {
        EarlyTermination.TrialsToStop(null, Goal.Maximize, Curves, 3).Should().BeEmpty();

        TrialMetrics[] trials = [Running("a", 0.9), Running("nan", double.NaN), Running("low", 0.1)];
        EarlyTermination.TrialsToStop(new BanditPolicy { SlackFactor = 0.1 }, Goal.Maximize, trials, 1).Should().BeEquivalentTo(["low"]);
    }
}
