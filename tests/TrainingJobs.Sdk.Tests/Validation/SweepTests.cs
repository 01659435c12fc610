using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>TJ0018/TJ0019 on sweep limits, TJ0020 (objective), TJ0021 (early termination), TJ0024 (search space), TJ0025 (sampling).</summary>
public class SweepTests
{
    private static SweepJob WithSpace(params (string, SearchSpaceParameter)[] parameters) =>
        Samples.Sweep() with { SearchSpace = ValueMap.Of(parameters), Trial = Samples.Sweep().Trial with { Command = "python train.py" } };

    private static ChoiceParameter Choice(params LiteralValue[] values) => new() { Values = ValueList<ChoiceOption>.From(values.Select(v => (ChoiceOption)v)) };

    [TestCase("")]
    [TestCase("   ")]
    public void An_objective_without_a_primary_metric_raises_TJ0020(string metric)
    {
        (Samples.Sweep() with { Objective = new SweepObjective(metric, Goal.Minimize) })
            .With(ValidationCodes.InvalidObjective).Should().ContainSingle(d => d.Path == "objective.primary_metric");
    }

    [Test]
    public void An_unknown_goal_raises_TJ0020_and_a_known_one_in_any_case_does_not()
    {
        (Samples.Sweep() with { Objective = new SweepObjective("loss", new Goal("lower")) })
            .With(ValidationCodes.InvalidObjective).Should().ContainSingle(d => d.Path == "objective.goal");
        (Samples.Sweep() with { Objective = new SweepObjective("loss", Goal.Parse("Minimize")) })
            .With(ValidationCodes.InvalidObjective).Should().BeEmpty();
    }

    [Test]
    public void Bandit_without_slack_with_both_slacks_or_with_negative_values_raises_TJ0021()
    {
        (Samples.Sweep() with { EarlyTermination = new BanditPolicy() })
            .With(ValidationCodes.InvalidEarlyTermination).Should().ContainSingle(d => d.Path == "early_termination");
        (Samples.Sweep() with { EarlyTermination = new BanditPolicy { SlackFactor = 0.1, SlackAmount = 0.2 } })
            .With(ValidationCodes.InvalidEarlyTermination).Should().ContainSingle(d => d.Path == "early_termination");
        (Samples.Sweep() with { EarlyTermination = new BanditPolicy { SlackAmount = -0.2, EvaluationInterval = -1, DelayEvaluation = -3 } })
            .With(ValidationCodes.InvalidEarlyTermination).Select(d => d.Path).Should().BeEquivalentTo(
                "early_termination.slack_amount", "early_termination.evaluation_interval", "early_termination.delay_evaluation");
    }

    [TestCase(null)]
    [TestCase(0)]
    [TestCase(100)]
    public void Truncation_without_a_percentage_between_1_and_99_raises_TJ0021(int? percentage)
    {
        (Samples.Sweep() with { EarlyTermination = new TruncationSelectionPolicy { TruncationPercentage = percentage } })
            .With(ValidationCodes.InvalidEarlyTermination).Should().ContainSingle(d => d.Path == "early_termination.truncation_percentage");
    }

    [Test]
    public void Well_formed_policies_raise_no_TJ0021()
    {
        (Samples.Sweep() with { EarlyTermination = new TruncationSelectionPolicy { TruncationPercentage = 20, EvaluationInterval = 1 } })
            .With(ValidationCodes.InvalidEarlyTermination).Should().BeEmpty();
        (Samples.Sweep() with { EarlyTermination = new MedianStoppingPolicy { DelayEvaluation = 0 } })
            .With(ValidationCodes.InvalidEarlyTermination).Should().BeEmpty();
        Samples.Sweep().With(ValidationCodes.InvalidEarlyTermination).Should().BeEmpty();
    }

    [Test]
    public void Zero_trial_limits_and_timeouts_raise_TJ0018()
    {
        var sweep = Samples.Sweep() with
        {
            Limits = new SweepJobLimits { MaxTotalTrials = 0, MaxConcurrentTrials = 0, Timeout = TimeSpan.FromSeconds(-1), TrialTimeout = TimeSpan.Zero },
        };

        sweep.With(ValidationCodes.NonPositiveLimit).Select(d => d.Path).Should().BeEquivalentTo(
            "limits.max_total_trials", "limits.max_concurrent_trials", "limits.timeout", "limits.trial_timeout");
        Samples.Sweep().With(ValidationCodes.NonPositiveLimit).Should().BeEmpty();
    }

    [Test]
    public void A_trial_timeout_longer_than_the_sweep_timeout_raises_TJ0019()
    {
        (Samples.Sweep() with { Limits = new SweepJobLimits { Timeout = TimeSpan.FromHours(1), TrialTimeout = TimeSpan.FromHours(2) } })
            .With(ValidationCodes.MinGreaterThanMax).Should().ContainSingle(d => d.Path == "limits.trial_timeout");
    }

    [Test]
    public void A_uniform_range_with_min_above_max_raises_TJ0019()
    {
        WithSpace(("lr", new UniformParameter { MinValue = 1, MaxValue = 0.1 }))
            .With(ValidationCodes.MinGreaterThanMax).Should().ContainSingle(d => d.Path == "search_space.lr.min_value");
        WithSpace(("lr", new UniformParameter { MinValue = 0.1, MaxValue = 1 })).With(ValidationCodes.MinGreaterThanMax).Should().BeEmpty();
    }

    [Test]
    public void Impossible_search_space_parameters_raise_TJ0024()
    {
        var sweep = WithSpace(
            ("empty", new ChoiceParameter()),
            ("upper", new RandIntParameter(0)),
            ("sigma", new NormalParameter { Mu = 0, Sigma = 0 }),
            ("step", new UniformParameter { MinValue = 0, MaxValue = 10, Q = -1 }),
            ("nan", new UniformParameter { MinValue = double.NaN, MaxValue = 1 }));

        sweep.With(ValidationCodes.InvalidSearchSpace).Select(d => d.Path).Should().BeEquivalentTo(
            "search_space.empty.values", "search_space.upper.upper", "search_space.sigma.sigma", "search_space.step.q", "search_space.nan");
    }

    [Test]
    public void Nested_choice_groups_are_checked_inside()
    {
        var nested = new ChoiceParameter
        {
            Values = ValueList.Of(
                new ChoiceOption { Group = ValueMap.Of<SearchSpaceParameter>(("model", new ConstantParameter("svm")), ("c", new NormalParameter { Mu = 1, Sigma = -1 })) },
                new ChoiceOption()),
        };

        WithSpace(("choice", nested)).With(ValidationCodes.InvalidSearchSpace).Select(d => d.Path).Should()
            .BeEquivalentTo("search_space.choice.values[0].c.sigma", "search_space.choice.values[1]");
    }

    [Test]
    public void Well_formed_parameters_raise_no_TJ0024()
    {
        WithSpace(
                ("c", Choice(1, 2)),
                ("r", new RandIntParameter(1)),
                ("n", new NormalParameter { Mu = -1, Sigma = 0.5, Q = 1, Log = true }),
                ("u", new UniformParameter { MinValue = -5, MaxValue = -1, Log = true }))
            .With(ValidationCodes.InvalidSearchSpace).Should().BeEmpty();
    }

    [Test]
    public void Grid_sampling_with_a_continuous_parameter_raises_TJ0025()
    {
        var grid = WithSpace(("lr", new UniformParameter { MinValue = 0, MaxValue = 1 }), ("batch", Choice(16, 32))) with
        {
            SamplingAlgorithm = new GridSamplingAlgorithm(),
        };

        grid.With(ValidationCodes.UnsupportedBySamplingAlgorithm).Should().ContainSingle(d => d.Path == "search_space.lr");
        (grid with { SearchSpace = ValueMap.Of<SearchSpaceParameter>(("batch", Choice(16, 32))) })
            .With(ValidationCodes.UnsupportedBySamplingAlgorithm).Should().BeEmpty();
    }

    [Test]
    public void An_entry_in_a_form_the_sdk_does_not_model_is_left_to_the_service_by_every_sampling_algorithm()
    {
        var unknown = new UnrecognizedSearchSpaceParameter(new FreeformValue("""["beta", [2, 5]]"""));
        foreach (SamplingAlgorithm sampling in new SamplingAlgorithm[] { new GridSamplingAlgorithm(), new BayesianSamplingAlgorithm() })
        {
            var sweep = WithSpace(("future", unknown), ("batch", Choice(16, 32))) with { SamplingAlgorithm = sampling };
            sweep.With(ValidationCodes.UnsupportedBySamplingAlgorithm).Where(d => d.Path.StartsWith("search_space", StringComparison.Ordinal))
                .Should().BeEmpty(sampling.TypeName);
            (sweep with { SearchSpace = ValueMap.Of<SearchSpaceParameter>(("future", new NormalParameter { Mu = 0, Sigma = 1 })) })
                .With(ValidationCodes.UnsupportedBySamplingAlgorithm).Should().ContainSingle(d => d.Path == "search_space.future", sampling.TypeName);
        }
    }

    [Test]
    public void Bayesian_sampling_with_normal_parameters_or_early_termination_raises_TJ0025()
    {
        var bayesian = WithSpace(("n", new NormalParameter { Mu = 0, Sigma = 1 }), ("u", new UniformParameter { MinValue = 0, MaxValue = 1, Q = 0.1 })) with
        {
            SamplingAlgorithm = new BayesianSamplingAlgorithm(),
        };

        bayesian.With(ValidationCodes.UnsupportedBySamplingAlgorithm).Select(d => d.Path).Should().BeEquivalentTo("search_space.n", "early_termination");
        (bayesian with { EarlyTermination = null, SearchSpace = ValueMap.Of<SearchSpaceParameter>(("u", new UniformParameter { MinValue = 0, MaxValue = 1 }), ("c", Choice(1))) })
            .With(ValidationCodes.UnsupportedBySamplingAlgorithm).Should().BeEmpty();
    }

    [Test]
    public void An_unknown_random_rule_or_logbase_raises_TJ0025()
    {
        (Samples.Sweep() with { SamplingAlgorithm = new RandomSamplingAlgorithm { Rule = "halton", LogBase = "1" } })
            .With(ValidationCodes.UnsupportedBySamplingAlgorithm).Select(d => d.Path).Should()
            .BeEquivalentTo("sampling_algorithm.rule", "sampling_algorithm.logbase");
        (Samples.Sweep() with { SamplingAlgorithm = new RandomSamplingAlgorithm { Rule = "Sobol", LogBase = "e" } })
            .With(ValidationCodes.UnsupportedBySamplingAlgorithm).Should().BeEmpty();
        (Samples.Sweep() with { SamplingAlgorithm = new RandomSamplingAlgorithm { LogBase = "2.5" } })
            .With(ValidationCodes.UnsupportedBySamplingAlgorithm).Should().BeEmpty();
    }

    [Test]
    public void A_registered_trial_of_a_pipeline_sweep_step_that_was_not_resolved_is_not_guessed_about()
    {
        var sweep = Samples.Sweep() with
        {
            Name = null,
            Trial = new CommandJob(),
            TrialReference = new ComponentReference { Reference = "azureml:train:2" },
        };
        var pipeline = Samples.Pipeline() with { Steps = Samples.Pipeline().Steps.SetItem("tune", new PipelineStep { Job = sweep }) };

        pipeline.Validate().Should().NotContain(d => d.Path.StartsWith("jobs.tune", StringComparison.Ordinal));
    }

    [TestCase("azureml:train:2")]
    [TestCase("azureml://registries/r/components/train/versions/2")]
    [TestCase("/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/components/train/versions/2")]
    public void A_sweep_job_whose_trial_is_a_registered_component_is_refused_with_TJ0040_alone(string reference)
    {
        var sweep = Samples.Sweep() with { Trial = new CommandJob(), TrialReference = new ComponentReference { Reference = reference } };

        var error = sweep.Validate().Should().ContainSingle().Subject;
        error.Code.Should().Be(ValidationCodes.RegisteredTrialInSweepJob);
        error.Path.Should().Be("trial");
        error.Message.Should().Contain("TrialComponent").And.Contain("Invalid input type.").And.Contain("step of a pipeline job");
    }

    [Test]
    public void A_sweep_job_whose_trial_is_a_component_file_raises_no_TJ0040()
    {
        var sweep = Samples.Sweep() with { TrialReference = new ComponentReference { Reference = "./train.yml" } };

        sweep.Validate().Should().NotContain(d => d.Code == ValidationCodes.RegisteredTrialInSweepJob);
    }

    [Test]
    public void A_sweep_step_in_a_pipeline_is_checked_with_its_trial()
    {
        var sweepStep = Samples.Sweep() with
        {
            Name = null,
            Inputs = ValueMap.Of<JobInput>(("data", new BindingInput { Expression = "${{parent.jobs.prep.outputs.prepared}}" })),
            Trial = Samples.Sweep().Trial with { Command = "python train.py --data ${{inputs.data}} --lr ${{search_space.learning_rate}}" },
        };
        var pipeline = Samples.Pipeline() with { Steps = Samples.Pipeline().Steps.SetItem("sweep_step", new PipelineStep { Job = sweepStep }) };

        pipeline.With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle(d => d.Path == "jobs.sweep_step.trial.command");
        pipeline.With(ValidationCodes.UnknownBindingTarget).Should().BeEmpty();
    }

    [Test]
    public void A_search_space_entry_the_trial_never_uses_raises_the_TJ0036_warning()
    {
        var sweep = Samples.Sweep() with { Trial = Samples.Sweep().Trial with { Command = "python train.py --data ${{inputs.data}} --lr ${{search_space.lr}}" } };

        sweep.With(ValidationCodes.UnusedSearchSpaceEntry).Should()
            .ContainSingle(d => d.Path == "search_space.batch" && d.Severity == DiagnosticSeverity.Warning);
    }

    [Test]
    public void Entries_used_in_the_command_legacy_placeholders_or_as_trial_component_inputs_raise_no_TJ0036()
    {
        var legacy = Samples.Sweep() with { Trial = Samples.Sweep().Trial with { Command = "python train.py --lr {search_space.lr} --batch {search_space.batch}" } };
        var component = Samples.Sweep() with
        {
            TrialReference = new ComponentReference { Reference = "./train.yml" },
            Trial = Samples.Sweep().Trial with
            {
                Command = "python train.py --lr ${{inputs.lr}} --batch ${{inputs.batch}}",
                Inputs = ValueMap.Of<JobInput>(("lr", new LiteralInput { Type = LiteralType.Number }), ("batch", new LiteralInput { Type = LiteralType.Integer })),
            },
        };

        Samples.Sweep().With(ValidationCodes.UnusedSearchSpaceEntry).Should().BeEmpty();
        legacy.With(ValidationCodes.UnusedSearchSpaceEntry).Should().BeEmpty();
        component.With(ValidationCodes.UnusedSearchSpaceEntry).Should().BeEmpty();
    }
}
