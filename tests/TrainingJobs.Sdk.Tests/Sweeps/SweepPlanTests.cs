using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Sweeps;
using static TrainingJobs.Sdk.Tests.Sweeps.SearchSpaces;

namespace TrainingJobs.Sdk.Tests.Sweeps;

public class SweepPlanTests
{
    private static SweepJob Sweep(SamplingAlgorithm sampling, ValueMap<SearchSpaceParameter> space, int? maxTotalTrials) => new()
    {
        Trial = new CommandJob { Command = "python train.py --lr ${{search_space.lr}}" },
        SearchSpace = space,
        SamplingAlgorithm = sampling,
        Objective = new SweepObjective("accuracy", Goal.Maximize),
        Limits = maxTotalTrials is null ? null : new SweepJobLimits { MaxTotalTrials = maxTotalTrials },
    };

    private static readonly ValueMap<SearchSpaceParameter> Grid = Of(("lr", Choice(0.1, 0.01, 0.001)), ("batch", Choice(16, 32)));

    [Test]
    public void A_grid_runs_to_max_total_trials_or_to_its_end_whichever_comes_first()
    {
        SweepPlan.Trials(Sweep(new GridSamplingAlgorithm(), Grid, 4), seedWhenUnset: 0).Should().Equal(GridSampler.Enumerate(Grid).Take(4));
        SweepPlan.Trials(Sweep(new GridSamplingAlgorithm(), Grid, 100), seedWhenUnset: 0).Should().HaveCount(6);
        SweepPlan.TrialCount(Sweep(new GridSamplingAlgorithm(), Grid, null)).Should().Be(6);
    }

    [Test]
    public void Random_sampling_runs_max_total_trials_with_the_sweeps_seed_or_else_the_drivers_and_defaults_to_1000()
    {
        var space = Of(("lr", Uniform(0, 1)));

        SweepPlan.Trials(Sweep(new RandomSamplingAlgorithm { Seed = 3 }, space, 7), seedWhenUnset: 99)
            .Should().Equal(new RandomSampler(space, 3).Samples(7));
        SweepPlan.Trials(Sweep(new RandomSamplingAlgorithm(), space, 5), seedWhenUnset: 99)
            .Should().Equal(new RandomSampler(space, 99).Samples(5));
        SweepPlan.TrialCount(Sweep(new RandomSamplingAlgorithm(), space, null)).Should().Be(SweepPlan.DefaultMaxTotalTrials).And.Be(1000);
    }

    [Test]
    public void Bayesian_sampling_has_no_fixed_plan()
    {
        FluentActions.Invoking(() => SweepPlan.Trials(Sweep(new BayesianSamplingAlgorithm(), Grid, 5), 0)).Should().Throw<NotSupportedException>();
    }
}
