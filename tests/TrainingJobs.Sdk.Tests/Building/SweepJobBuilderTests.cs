using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Building;

public class SweepJobBuilderTests
{
    private static readonly SearchSpaceHandle Lr = SearchSpace.LogUniform("lr", -6, -1);

    private static readonly CommandJobBuilder Trial = new CommandJobBuilder()
        .WithCode("./src")
        .WithCommand($"python train.py --lr {Lr}")
        .WithEnvironment("azureml:sklearn:1");

    private static SweepJobBuilder Minimal() =>
        new SweepJobBuilder().WithTrial(Trial).WithRandomSampling().WithObjective("accuracy", Goal.Maximize);

    [Test]
    public void Search_space_handles_in_the_trial_command_are_declared_on_the_sweep()
    {
        var sweep = Minimal().Build();

        sweep.Trial.Command.Should().Be("python train.py --lr ${{search_space.lr}}");
        sweep.Trial.Code.Should().Be("./src");
        sweep.SearchSpace.Should().Equal(ValueMap.Of(("lr", Lr.Parameter)));
    }

    [Test]
    public void Search_space_parameters_of_every_distribution_are_declared()
    {
        var nested = new ChoiceParameter
        {
            Values = ValueList.Of(new ChoiceOption { Group = ValueMap.Of<SearchSpaceParameter>(("kernel", new ConstantParameter("rbf"))) }),
        };

        var sweep = Minimal()
            .WithSearchSpace(SearchSpace.Choice("batch", 16, 32))
            .WithSearchSpace(SearchSpace.RandInt("seed", 100))
            .WithSearchSpace(SearchSpace.Uniform("dropout", 0.1, 0.5))
            .WithSearchSpace(SearchSpace.Uniform("layers", 1, 8, q: 1))
            .WithSearchSpace(SearchSpace.LogUniform("decay", -8, -2, q: 0.5))
            .WithSearchSpace(SearchSpace.Normal("momentum", 0.9, 0.05))
            .WithSearchSpace(SearchSpace.LogNormal("scale", 0, 1, q: 0.1))
            .WithSearchSpace(SearchSpace.Of("svm", nested))
            .Build();

        sweep.SearchSpace.Select(p => (p.Key, p.Value.TypeName)).Should().Equal(
            ("batch", "choice"), ("seed", "randint"), ("dropout", "uniform"), ("layers", "quniform"),
            ("decay", "qloguniform"), ("momentum", "normal"), ("scale", "qlognormal"), ("svm", "choice"), ("lr", "loguniform"));
        ((ChoiceParameter)sweep.SearchSpace["batch"]).Values.Select(v => v.Value).Should().Equal((LiteralValue)16, (LiteralValue)32);
        sweep.SearchSpace["svm"].Should().Be(nested);
    }

    [Test]
    public void An_explicit_search_space_entry_wins_over_the_handle_in_the_command()
    {
        var sweep = Minimal().WithSearchSpace(SearchSpace.Uniform("lr", 0.01, 0.1)).Build();

        sweep.SearchSpace["lr"].Should().Be(new UniformParameter { MinValue = 0.01, MaxValue = 0.1 });
    }

    [Test]
    public void Trial_inputs_and_outputs_become_the_sweeps()
    {
        var data = Input.UriFile("iris", "https://example.org/iris.csv");
        var model = Output.MLflowModel("model");
        var trial = Trial.WithCommand($"python train.py --lr {Lr} --data {data} --out {model}");

        var sweep = Minimal().WithTrial(trial).Build();

        sweep.Inputs.Should().Equal(ValueMap.Of(("iris", (JobInput)data.Declaration)));
        sweep.Outputs.Should().Equal(ValueMap.Of(("model", model.Declaration)));
        sweep.Trial.Inputs.Should().BeEmpty();
        sweep.Trial.Outputs.Should().BeEmpty();
    }

    [Test]
    public void Random_sampling_is_set()
    {
        Minimal().WithRandomSampling(seed: 7, rule: "sobol").Build().SamplingAlgorithm
            .Should().Be(new RandomSamplingAlgorithm { Seed = 7, Rule = "sobol" });
    }

    [Test]
    public void Grid_sampling_is_set()
    {
        // Grid sampling only enumerates choices, so the sweep's one parameter is a choice here.
        var choice = SearchSpace.Choice("lr", 0.01, 0.1);
        var sweep = Minimal().WithGridSampling().WithSearchSpace(choice).Build();

        sweep.SamplingAlgorithm.Should().Be(new GridSamplingAlgorithm());
    }

    [Test]
    public void Bayesian_sampling_is_set()
    {
        // Bayesian sampling takes choice, uniform and quniform parameters, not the log-uniform default here.
        var sweep = Minimal().WithBayesianSampling().WithSearchSpace(SearchSpace.Uniform("lr", 0.001, 0.1)).Build();

        sweep.SamplingAlgorithm.Should().Be(new BayesianSamplingAlgorithm());
    }

    [Test]
    public void Objective_is_set()
    {
        Minimal().WithObjective("val_loss", Goal.Minimize).Build().Objective.Should().Be(new SweepObjective("val_loss", Goal.Minimize));
    }

    [Test]
    public void Limits_are_set()
    {
        Minimal().WithLimits(maxTotalTrials: 20, maxConcurrentTrials: 4, timeout: TimeSpan.FromHours(2), trialTimeout: TimeSpan.FromMinutes(20))
            .Build().Limits.Should().Be(new SweepJobLimits
            {
                MaxTotalTrials = 20, MaxConcurrentTrials = 4, Timeout = TimeSpan.FromHours(2), TrialTimeout = TimeSpan.FromMinutes(20),
            });
    }

    [Test]
    public void Early_termination_is_set()
    {
        var bandit = new BanditPolicy { SlackFactor = 0.1, EvaluationInterval = 2, DelayEvaluation = 5 };

        Minimal().WithEarlyTermination(bandit).Build().EarlyTermination.Should().Be(bandit);
        Minimal().WithEarlyTermination(new TruncationSelectionPolicy { TruncationPercentage = 20 }).Build().EarlyTermination
            .Should().Be(new TruncationSelectionPolicy { TruncationPercentage = 20 });
    }

    [Test]
    public void Resources_and_queue_settings_are_set()
    {
        var sweep = Minimal().WithResources(new JobResources { InstanceCount = 2 }).WithQueueSettings(JobTier.Premium).Build();

        sweep.Resources.Should().Be(new JobResources { InstanceCount = 2 });
        sweep.QueueSettings.Should().Be(new QueueSettings { JobTier = JobTier.Premium });
    }

    [Test]
    public void Common_job_fields_are_set_on_the_sweep()
    {
        var sweep = Minimal().WithName("sweep-1").WithExperiment("tuning").WithCompute("azureml:gpu").WithManagedIdentity(clientId: "c").Build();

        sweep.Name.Should().Be("sweep-1");
        sweep.ExperimentName.Should().Be("tuning");
        sweep.Compute.Should().Be("azureml:gpu");
        sweep.Identity.Should().Be(new ManagedIdentity { ClientId = "c" });
    }

    [Test]
    public void Trial_reference_is_kept_and_needs_no_trial_in_place()
    {
        var sweep = new SweepJobBuilder()
            .WithTrialReference("./train.yml")
            .WithGridSampling()
            .WithSearchSpace(SearchSpace.Choice("depth", 2, 4))
            .WithObjective("f1", Goal.Maximize)
            .Build();

        sweep.TrialReference.Should().Be(new ComponentReference { Reference = "./train.yml" });
    }

    [Test]
    public void A_registered_trial_reference_is_refused_by_Build_of_a_sweep_job_with_TJ0040()
    {
        var act = () => new SweepJobBuilder()
            .WithTrialReference("azureml:train:1")
            .WithGridSampling()
            .WithSearchSpace(SearchSpace.Choice("depth", 2, 4))
            .WithObjective("f1", Goal.Maximize)
            .Build();

        act.Should().Throw<JobValidationException>().Which.Errors.Should().ContainSingle()
            .Which.Should().Match<Diagnostic>(d => d.Code == ValidationCodes.RegisteredTrialInSweepJob && d.Path == "trial");
    }

    [Test]
    public void Missing_trial_sampling_and_objective_are_all_reported_at_once()
    {
        var act = () => new SweepJobBuilder().WithSearchSpace(SearchSpace.Choice("depth", 2, 4)).Build();

        act.Should().Throw<JobValidationException>().Which.Errors.Select(d => (d.Code, d.Path)).Should().BeEquivalentTo(new[]
        {
            (BuilderDiagnosticCodes.MissingRequiredPart, "sampling_algorithm"),
            (BuilderDiagnosticCodes.MissingRequiredPart, "objective"),
            (BuilderDiagnosticCodes.MissingRequiredPart, "trial"),
        });
    }
}
