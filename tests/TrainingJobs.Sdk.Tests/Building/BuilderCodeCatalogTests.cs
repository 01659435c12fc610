using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.Building;

/// <summary>For every builder code, one builder that raises it and one close to it that does not.</summary>
public class BuilderCodeCatalogTests
{
    private static readonly CommandJobBuilder Train = new CommandJobBuilder()
        .WithCommand("python train.py")
        .WithEnvironment("azureml:sklearn:1");

    [Test]
    public void TJ0902_is_raised_by_two_different_undeclared_handles_with_one_name()
    {
        var a = Input.Number("lr", 0.1);
        var b = Input.Number("lr", 0.2);

        Train.WithCommand($"python train.py --a {a} --b {b}").Validate()
            .Should().Contain(d => d.Code == BuilderDiagnosticCodes.ConflictingHandles);
    }

    [Test]
    public void TJ0902_is_not_raised_when_one_of_them_is_declared()
    {
        var a = Input.Number("lr", 0.1);
        var b = Input.Number("lr", 0.2);

        Train.WithInput(a).WithCommand($"python train.py --a {a} --b {b}").Validate()
            .Should().NotContain(d => d.Code == BuilderDiagnosticCodes.ConflictingHandles);
    }

    [Test]
    public void TJ0904_is_raised_by_two_steps_with_one_name()
    {
        new PipelineJobBuilder().WithSteps(Train.AsStep("train"), Train.AsStep("train")).Validate()
            .Should().Contain(d => d.Code == BuilderDiagnosticCodes.DuplicateStepName && d.Path == "jobs.train");
    }

    [Test]
    public void TJ0904_is_not_raised_by_two_steps_with_different_names()
    {
        new PipelineJobBuilder().WithSteps(Train.AsStep("train"), Train.AsStep("train_again")).Validate()
            .Should().NotContain(d => d.Code == BuilderDiagnosticCodes.DuplicateStepName);
    }

    [Test]
    public void TJ0905_is_raised_by_a_sweep_without_an_objective()
    {
        var depth = SearchSpace.Choice("depth", 2, 4);
        new SweepJobBuilder().WithTrial(Train.WithCommand($"python train.py --depth {depth}")).WithGridSampling().Validate()
            .Should().ContainSingle(d => d.Code == BuilderDiagnosticCodes.MissingRequiredPart).Which.Path.Should().Be("objective");
    }

    [Test]
    public void TJ0905_is_not_raised_by_a_sweep_with_trial_sampling_and_objective()
    {
        var depth = SearchSpace.Choice("depth", 2, 4);
        new SweepJobBuilder().WithTrial(Train.WithCommand($"python train.py --depth {depth}")).WithGridSampling()
            .WithObjective("accuracy", Goal.Maximize).Validate()
            .Should().NotContain(d => d.Code == BuilderDiagnosticCodes.MissingRequiredPart);
    }
}
