using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>TJ0001: required fields.</summary>
public class RequiredFieldTests
{
    private const string Code = ValidationCodes.RequiredFieldMissing;

    [Test]
    public void A_command_job_without_a_command_raises_TJ0001_at_command()
    {
        var job = Samples.Command() with { Command = "  " };

        job.With(Code).Should().ContainSingle(d => d.Path == "command" && d.IsError);
    }

    [Test]
    public void A_command_job_without_an_environment_raises_TJ0001_at_environment()
    {
        var job = Samples.Command() with { Environment = null };

        job.With(Code).Should().ContainSingle(d => d.Path == "environment");
    }

    [Test]
    public void A_step_that_runs_a_component_needs_no_command_or_environment_of_its_own()
    {
        var pipeline = Samples.Pipeline();

        ((CommandJob)pipeline.Steps["train"].Job).Command.Should().BeNull();
        pipeline.With(Code).Should().BeEmpty();
    }

    [Test]
    public void A_step_that_runs_a_registered_component_needs_no_command_either()
    {
        var pipeline = Samples.Pipeline().WithStep("train", step => step with { Component = new ComponentReference { Reference = "azureml:train:3" } });

        pipeline.With(Code).Should().BeEmpty();
    }

    [Test]
    public void A_step_written_in_place_without_a_command_raises_TJ0001_at_the_step_command()
    {
        var pipeline = Samples.Pipeline().WithStepJob("prep", job => ((CommandJob)job) with { Command = null });

        pipeline.With(Code).Should().ContainSingle(d => d.Path == "jobs.prep.command");
    }

    [Test]
    public void A_component_body_without_a_command_raises_TJ0001_inside_the_component()
    {
        var component = Samples.TrainComponent();
        var broken = component with { Body = ((CommandJob)component.Body) with { Command = null } };
        var pipeline = Samples.Pipeline().WithStep("train", step => step with { Component = step.Component! with { Definition = broken } });

        pipeline.With(Code).Should().ContainSingle(d => d.Path == "jobs.train.component.command");
    }

    [Test]
    public void A_sweep_without_trial_objective_sampling_or_search_space_raises_TJ0001_for_each()
    {
        var sweep = Samples.Sweep() with
        {
            Trial = null!,
            Objective = null!,
            SamplingAlgorithm = null!,
            SearchSpace = ValueMap<SearchSpaceParameter>.Empty,
        };

        sweep.With(Code).Select(d => d.Path).Should().BeEquivalentTo("trial", "objective", "sampling_algorithm", "search_space");
    }

    [Test]
    public void A_complete_sweep_raises_no_TJ0001()
    {
        Samples.Sweep().With(Code).Should().BeEmpty();
    }

    [Test]
    public void A_pipeline_without_steps_raises_TJ0001_at_jobs()
    {
        var pipeline = Samples.Pipeline() with { Steps = ValueMap<PipelineStep>.Empty };

        pipeline.With(Code).Should().ContainSingle(d => d.Path == "jobs");
    }

    [Test]
    public void A_step_that_does_not_give_a_required_component_input_raises_TJ0001_at_that_input()
    {
        var pipeline = Samples.Pipeline().WithStepJob("train", job => job with { Inputs = job.Inputs.Remove("training_data") });

        pipeline.With(Code).Should().ContainSingle(d => d.Path == "jobs.train.inputs.training_data");
    }

    [Test]
    public void Component_inputs_with_a_default_or_marked_optional_need_no_value_from_the_step()
    {
        // The sample's train step gives training_data and epochs; optimizer is optional, epochs also has a default.
        var pipeline = Samples.Pipeline().WithStepJob("train", job => job with { Inputs = job.Inputs.Remove("epochs") });

        pipeline.With(Code).Should().BeEmpty();
    }

    [Test]
    public void A_root_data_input_without_a_path_raises_TJ0001_unless_it_is_optional()
    {
        var missing = Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFolder });
        var optional = Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFolder, Optional = true });

        missing.With(Code).Should().ContainSingle(d => d.Path == "inputs.data.path");
        optional.With(Code).Should().BeEmpty();
    }

    [Test]
    public void A_trial_component_input_that_neither_the_sweep_inputs_nor_the_search_space_give_raises_TJ0001()
    {
        var trial = Samples.Sweep().Trial with
        {
            Command = "python train.py --data ${{inputs.data}} --lr ${{inputs.lr}} --momentum ${{inputs.momentum}}",
            Inputs = ValueMap.Of<JobInput>(
                ("data", new AssetInput { Type = AssetType.UriFolder }),
                ("lr", new LiteralInput { Type = LiteralType.Number }),
                ("momentum", new LiteralInput { Type = LiteralType.Number })),
        };
        var sweep = Samples.Sweep() with { Trial = trial, TrialReference = new ComponentReference { Reference = "./train.yml" } };

        sweep.With(Code).Should().ContainSingle(d => d.Path == "trial.inputs.momentum");
        (sweep with { Inputs = sweep.Inputs.SetItem("momentum", new LiteralInput { Value = 0.9 }) }).With(Code).Should().BeEmpty();
    }
}
