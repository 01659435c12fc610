using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Sweeps;

namespace TrainingJobs.Sdk.Tests.Sweeps;

public class BestTrialTests
{
    private static readonly TrialMetrics[] Trials =
    [
        new("first", [0.70, 0.80], TrialState.Completed),
        new("peaked", [0.95, 0.60], TrialState.Completed),
        new("low", [0.30, 0.20], TrialState.Completed),
        new("silent", [], TrialState.Completed),
    ];

    [Test]
    public void To_maximize_the_trial_with_the_highest_best_value_wins_even_if_its_last_value_is_lower()
    {
        BestTrial.Select(Goal.Maximize, Trials).Should().Be(new BestTrialChoice("peaked", 0.95));
    }

    [Test]
    public void To_minimize_the_trial_with_the_lowest_value_wins()
    {
        BestTrial.Select(Goal.Minimize, Trials).Should().Be(new BestTrialChoice("low", 0.20));
    }

    [Test]
    public void A_tie_goes_to_the_earlier_trial()
    {
        TrialMetrics[] tied = [new("early", [0.5, 0.9], TrialState.Completed), new("late", [0.9], TrialState.Completed)];

        BestTrial.Select(Goal.Maximize, tied)!.TrialId.Should().Be("early");
        BestTrial.Select(Goal.Maximize, [.. tied.Reverse()])!.TrialId.Should().Be("late");
    }

    [Test]
    public void Trials_with_no_metric_never_win_and_none_at_all_gives_no_best()
    {
        TrialMetrics[] silent = [new("a", [], TrialState.Completed), new("b", [double.NaN], TrialState.Completed)];

        BestTrial.Select(Goal.Maximize, silent).Should().BeNull();
        BestTrial.Select(Goal.Minimize, [.. silent, new("c", [5.0], TrialState.Completed)])!.TrialId.Should().Be("c");
    }

    [Test]
    public void Only_completed_trials_count_unless_unfinished_ones_are_asked_for_and_running_ones_never()
    {
        TrialMetrics[] trials =
        [
            new("done", [0.5], TrialState.Completed),
            new("stopped", [0.8], TrialState.Stopped),
            new("failed", [0.7], TrialState.Failed),
            new("running", [0.99], TrialState.Running),
        ];

        BestTrial.Select(Goal.Maximize, trials)!.TrialId.Should().Be("done");
        BestTrial.Select(Goal.Maximize, trials, includeUnfinished: true)!.TrialId.Should().Be("stopped");
    }

    [Test]
    public void A_goal_that_is_neither_is_refused()
    {
        FluentActions.Invoking(() => BestTrial.Select(new Goal("sideways"), Trials)).Should().Throw<ArgumentException>();
    }
}
