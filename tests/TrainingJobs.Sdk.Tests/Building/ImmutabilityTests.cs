using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Building;

public class ImmutabilityTests
{
    [Test]
    public void A_command_template_reused_for_two_jobs_yields_independent_definitions()
    {
        var lr = Input.Number("lr", 0.01);
        var template = new CommandJobBuilder()
            .WithCommand($"python train.py --lr {lr}")
            .WithEnvironment("azureml:sklearn:1")
            .WithTag("team", "vision");
        var templateBefore = template.Build();

        var small = template.WithName("small").WithInput(lr.WithValue(0.1)).WithTag("size", "s").Build();
        var large = template.WithName("large").WithInstances(4, "Standard_NC6s_v3").WithTag("size", "l").Build();

        small.Name.Should().Be("small");
        large.Name.Should().Be("large");
        small.Tags.Should().Equal(ValueMap.Of(("team", "vision"), ("size", "s")));
        large.Tags.Should().Equal(ValueMap.Of(("team", "vision"), ("size", "l")));
        ((LiteralInput)small.Inputs["lr"]).Value.Should().Be((LiteralValue)0.1);
        ((LiteralInput)large.Inputs["lr"]).Value.Should().Be((LiteralValue)0.01);
        small.Resources.Should().BeNull();
        large.Resources!.InstanceCount.Should().Be(4);

        template.Build().Should().Be(templateBefore, "deriving jobs must leave the template as it was");
        templateBefore.Name.Should().BeNull();
        templateBefore.Tags.Should().Equal(ValueMap.Of(("team", "vision")));
    }

    [Test]
    public void A_pipeline_template_reused_for_two_pipelines_yields_independent_definitions()
    {
        var train = new CommandJobBuilder().WithCommand("python train.py").WithEnvironment("azureml:env:1").AsStep("train");
        var evaluate = new CommandJobBuilder().WithCommand("python eval.py").WithEnvironment("azureml:env:1").AsStep("evaluate");
        var template = new PipelineJobBuilder().WithStep(train).WithDefaultCompute("azureml:cpu");
        var before = template.Build();

        var one = template.WithStep(evaluate).Build();
        var two = template.WithDefaultCompute("azureml:gpu").Build();

        one.Steps.Keys.Should().Equal("train", "evaluate");
        two.Steps.Keys.Should().Equal("train");
        one.Settings!.DefaultCompute.Should().Be("azureml:cpu");
        two.Settings!.DefaultCompute.Should().Be("azureml:gpu");
        template.Build().Should().Be(before);
    }

    [Test]
    public void A_sweep_template_reused_for_two_sweeps_yields_independent_definitions()
    {
        var lr = SearchSpace.Choice("lr", 0.001, 0.01, 0.1); // grid sampling takes choices only
        var template = new SweepJobBuilder()
            .WithTrial(new CommandJobBuilder().WithCommand($"python train.py --lr {lr}").WithEnvironment("azureml:env:1"))
            .WithObjective("accuracy", Goal.Maximize);
        var random = template.WithRandomSampling(seed: 1).Build();
        var grid = template.WithGridSampling().WithLimits(maxTotalTrials: 4).Build();

        random.SamplingAlgorithm.Should().Be(new RandomSamplingAlgorithm { Seed = 1 });
        grid.SamplingAlgorithm.Should().Be(new GridSamplingAlgorithm());
        random.Limits.Should().BeNull();
        grid.Limits!.MaxTotalTrials.Should().Be(4);
        template.Invoking(t => t.Build()).Should().Throw<JobValidationException>("the template itself still has no sampling algorithm");
    }

    [Test]
    public void A_step_reused_with_different_bindings_yields_independent_steps()
    {
        var data = Input.UriFolder("data");
        var job = new CommandJobBuilder().WithCommand($"python prep.py --data {data}").WithEnvironment("azureml:env:1");
        var step = job.AsStep("prep");
        var first = Input.UriFolder("first", "azureml:first:1");
        var second = Input.UriFolder("second", "azureml:second:1");

        var one = new PipelineJobBuilder().WithStep(step.WithInput(data, first)).Build();
        var two = new PipelineJobBuilder().WithStep(step.WithInput(data, second)).Build();

        ((BindingInput)one.Steps["prep"].Job.Inputs["data"]).Expression.Should().Be("${{parent.inputs.first}}");
        ((BindingInput)two.Steps["prep"].Job.Inputs["data"]).Expression.Should().Be("${{parent.inputs.second}}");
        var unbound = new PipelineJobBuilder().WithStep(step).Build();
        unbound.Steps["prep"].Job.Inputs["data"].Should().Be(data.Declaration);
    }

    [Test]
    public void Handles_are_immutable()
    {
        var lr = Input.Number("lr");

        var bounded = lr.WithRange(0, 1);

        lr.Declaration.Min.Should().BeNull();
        bounded.Declaration.Min.Should().Be(0);
    }
}
