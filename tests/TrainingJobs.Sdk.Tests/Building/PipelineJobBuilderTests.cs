using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Building;

public class PipelineJobBuilderTests
{
    private static readonly AssetInputHandle Data = Input.UriFolder("data");
    private static readonly OutputHandle Model = Output.UriFolder("model");
    private static readonly AssetInputHandle ModelIn = Input.UriFolder("model_in");
    private static readonly OutputHandle Report = Output.UriFile("report");

    private static readonly CommandJobBuilder TrainJob = new CommandJobBuilder()
        .WithCommand($"python train.py --data {Data} --out {Model}")
        .WithEnvironment("azureml:sklearn:1");

    private static readonly CommandJobBuilder ScoreJob = new CommandJobBuilder()
        .WithCommand($"python score.py --model {ModelIn} --report {Report}")
        .WithEnvironment("azureml:sklearn:1");

    [Test]
    public void A_step_output_passed_to_a_later_step_records_the_edge()
    {
        var train = TrainJob.AsStep("train");
        var score = ScoreJob.AsStep("score").WithInput(ModelIn, train.Output(Model));

        var pipeline = new PipelineJobBuilder().WithSteps(train, score).Build();

        pipeline.Steps.Keys.Should().Equal("train", "score");
        pipeline.Steps["score"].Job.Inputs["model_in"].Should().Be(new BindingInput
        {
            Expression = "${{parent.jobs.train.outputs.model}}",
            Type = "uri_folder",
        });
    }

    [Test]
    public void Pipeline_inputs_and_outputs_bind_as_parent_expressions_and_are_declared_on_the_pipeline()
    {
        var trainingData = Input.UriFolder("training_data", "azureml:mnist:1").WithMode(InputMode.Download);
        var trainedModel = Output.MLflowModel("trained_model").RegisterAs("mnist");
        var train = TrainJob.AsStep("train").WithInput(Data, trainingData).WithOutput(Model, trainedModel);

        var pipeline = new PipelineJobBuilder().WithStep(train).Build();

        var step = pipeline.Steps["train"].Job;
        ((BindingInput)step.Inputs["data"]).Expression.Should().Be("${{parent.inputs.training_data}}");
        step.Outputs["model"].Path.Should().Be("${{parent.outputs.trained_model}}");
        pipeline.Inputs.Should().Equal(ValueMap.Of(("training_data", (JobInput)trainingData.Declaration)));
        pipeline.Outputs.Should().Equal(ValueMap.Of(("trained_model", trainedModel.Declaration)));
    }

    [Test]
    public void A_pipeline_declaration_wins_over_the_bound_handle()
    {
        var trainingData = Input.UriFolder("training_data", "azureml:mnist:1");
        var train = TrainJob.AsStep("train").WithInput(Data, trainingData);

        var pipeline = new PipelineJobBuilder().WithInput(trainingData.WithPath("azureml:mnist:2")).WithStep(train).Build();

        ((AssetInput)pipeline.Inputs["training_data"]).Path.Should().Be("azureml:mnist:2");
    }

    [Test]
    public void Literal_and_model_form_values_can_be_given_to_step_inputs()
    {
        var epochs = Input.Integer("epochs").WithRange(1, 100);
        var job = new CommandJobBuilder().WithCommand($"python train.py --epochs {epochs} --data {Data}").WithEnvironment("azureml:env:1");
        var asset = new AssetInput { Type = AssetType.UriFolder, Path = "azureml:mnist:1", Mode = InputMode.Download };

        var pipeline = new PipelineJobBuilder()
            .WithStep(job.AsStep("train").WithInput(epochs, 10).WithInput(Data, asset).WithInput("note", "hello").WithInput("flag", true).WithInput("scale", 0.5))
            .Build();

        var inputs = pipeline.Steps["train"].Job.Inputs;
        inputs["epochs"].Should().Be(new LiteralInput { Type = LiteralType.Integer, Value = 10, Min = 1, Max = 100 });
        inputs["data"].Should().Be(asset);
        inputs["note"].Should().Be(new LiteralInput { Value = "hello" });
        inputs["flag"].Should().Be(new LiteralInput { Value = true });
        inputs["scale"].Should().Be(new LiteralInput { Value = 0.5 });
    }

    [Test]
    public void Asking_a_step_for_an_output_it_does_not_declare_does_not_throw_until_build()
    {
        var train = TrainJob.AsStep("train");

        var reference = train.Output("weights");
        var score = ScoreJob.AsStep("score").WithInput(ModelIn, reference);
        var act = () => new PipelineJobBuilder().WithSteps(train, score).Build();

        reference.Expression.Should().Be("${{parent.jobs.train.outputs.weights}}");
        var error = act.Should().Throw<JobValidationException>().Which.Errors.Should().ContainSingle().Subject;
        error.Path.Should().Be("jobs.score.inputs.model_in");
        error.Code.Should().Be("TJ0006");
        error.Message.Should().Contain("weights");
    }

    [Test]
    public void A_step_bound_to_a_step_that_is_not_in_the_pipeline_fails_at_build()
    {
        var train = TrainJob.AsStep("train");
        var score = ScoreJob.AsStep("score").WithInput(ModelIn, train.Output(Model));

        var act = () => new PipelineJobBuilder().WithStep(score).Build();

        act.Should().Throw<JobValidationException>().Which.Errors.Should().ContainSingle(d =>
            d.Path == "jobs.score.inputs.model_in" && d.Code == "TJ0005");
    }

    [Test]
    public void Two_steps_with_one_name_are_a_builder_error()
    {
        var act = () => new PipelineJobBuilder().WithSteps(TrainJob.AsStep("train"), ScoreJob.AsStep("train")).Build();

        act.Should().Throw<JobValidationException>().Which.Errors.Should().ContainSingle(d =>
            d.Code == BuilderDiagnosticCodes.DuplicateStepName && d.Path == "jobs.train");
    }

    [Test]
    public void Settings_are_set_in_full_or_one_by_one()
    {
        var step = TrainJob.AsStep("train");
        var full = new PipelineSettings { DefaultCompute = "azureml:cpu", DefaultDatastore = "blob", ContinueOnStepFailure = true, ForceRerun = false };

        new PipelineJobBuilder().WithStep(step).WithSettings(full).Build().Settings.Should().Be(full);
        new PipelineJobBuilder().WithStep(step)
            .WithDefaultCompute("azureml:cpu").WithDefaultDatastore("blob").WithContinueOnStepFailure().WithForceRerun(false)
            .Build().Settings.Should().Be(full);
    }

    [Test]
    public void Common_job_fields_are_set_on_the_pipeline()
    {
        var pipeline = new PipelineJobBuilder()
            .WithStep(TrainJob.AsStep("train"))
            .WithName("p1").WithDisplayName("P").WithExperiment("e").WithDescription("d").WithTag("t", "v").WithProperty("p", "q")
            .WithCompute("azureml:cpu").WithUserIdentity()
            .Build();

        pipeline.Should().BeEquivalentTo(new
        {
            Name = "p1", DisplayName = "P", ExperimentName = "e", Description = "d", Compute = "azureml:cpu",
        });
        pipeline.Tags.Should().Equal(ValueMap.Of(("t", "v")));
        pipeline.Properties.Should().Equal(ValueMap.Of(("p", "q")));
        pipeline.Identity.Should().Be(new UserIdentity());
    }

    [Test]
    public void A_nested_pipeline_is_a_step_whose_outputs_can_feed_a_later_step()
    {
        var innerData = Input.UriFolder("inner_data");
        var innerModel = Output.UriFolder("inner_model");
        var inner = new PipelineJobBuilder().WithStep(TrainJob.AsStep("train").WithInput(Data, innerData).WithOutput(Model, innerModel));
        var outerData = Input.UriFolder("outer_data", "azureml:mnist:1");
        var sub = inner.AsStep("sub").WithInput(innerData, outerData);
        var score = ScoreJob.AsStep("score").WithInput(ModelIn, sub.Output(innerModel));

        var pipeline = new PipelineJobBuilder().WithSteps(sub, score).Build();

        var nested = pipeline.Steps["sub"].Job.Should().BeOfType<PipelineJob>().Subject;
        ((BindingInput)nested.Inputs["inner_data"]).Expression.Should().Be("${{parent.inputs.outer_data}}");
        ((BindingInput)nested.Steps["train"].Job.Inputs["data"]).Expression.Should().Be("${{parent.inputs.inner_data}}");
        nested.Outputs.Keys.Should().Equal("inner_model");
        ((BindingInput)pipeline.Steps["score"].Job.Inputs["model_in"]).Expression.Should().Be("${{parent.jobs.sub.outputs.inner_model}}");
    }

    [Test]
    public void A_nested_pipeline_step_reports_its_problems_under_its_own_path()
    {
        var inner = new PipelineJobBuilder().WithSteps(TrainJob.AsStep("a"), TrainJob.AsStep("a"));

        var act = () => new PipelineJobBuilder().WithStep(inner.AsStep("sub")).Build();

        act.Should().Throw<JobValidationException>().Which.Errors.Should().ContainSingle(d => d.Path == "jobs.sub.jobs.a");
    }

    [Test]
    public void A_sweep_step_exposes_its_trial_outputs_to_later_steps()
    {
        var lr = SearchSpace.LogUniform("lr", -6, -1);
        var sweep = new SweepJobBuilder()
            .WithTrial(new CommandJobBuilder().WithCommand($"python train.py --lr {lr} --data {Data} --out {Model}").WithEnvironment("azureml:env:1"))
            .WithRandomSampling()
            .WithObjective("accuracy", Goal.Maximize);
        var tune = sweep.AsStep("tune").WithInput(Data, Input.UriFolder("pipeline_data", "azureml:mnist:1"));
        var score = ScoreJob.AsStep("score").WithInput(ModelIn, tune.Output(Model));

        var pipeline = new PipelineJobBuilder().WithSteps(tune, score).Build();

        var step = pipeline.Steps["tune"].Job.Should().BeOfType<SweepJob>().Subject;
        ((BindingInput)step.Inputs["data"]).Expression.Should().Be("${{parent.inputs.pipeline_data}}");
        step.Outputs.Keys.Should().Equal("model");
        ((BindingInput)pipeline.Steps["score"].Job.Inputs["model_in"]).Expression.Should().Be("${{parent.jobs.tune.outputs.model}}");
    }

    [Test]
    public void A_component_reference_step_keeps_the_reference_and_its_bindings()
    {
        var prep = PipelineStepBuilder.Component("prep", "./prep.yml").WithInput("raw", Input.UriFolder("raw", "azureml:raw:1")).WithOutput(Output.UriFolder("clean"));
        var train = TrainJob.AsStep("train").WithInput(Data, prep.Output("clean"));

        var pipeline = new PipelineJobBuilder().WithSteps(prep, train).Build();

        var step = pipeline.Steps["prep"];
        step.Component.Should().Be(new ComponentReference { Reference = "./prep.yml" });
        step.Job.Should().BeOfType<CommandJob>();
        ((BindingInput)step.Job.Inputs["raw"]).Expression.Should().Be("${{parent.inputs.raw}}");
        step.Job.Outputs["clean"].Should().Be(new JobOutput { Type = "uri_folder" });
        ((BindingInput)pipeline.Steps["train"].Job.Inputs["data"]).Expression.Should().Be("${{parent.jobs.prep.outputs.clean}}");
    }

    [Test]
    public void A_component_step_written_in_place_is_checked_against_the_outputs_its_body_declares()
    {
        var body = new CommandJob
        {
            Command = "python prep.py --out ${{outputs.clean}}",
            Environment = new EnvironmentReference("azureml:env:1"),
            Outputs = ValueMap.Of(("clean", new JobOutput())),
        };
        var prep = PipelineStepBuilder.Component("prep", new ComponentReference { Definition = new ComponentDefinition { Name = "prep", Version = "1", Body = body } });

        var good = new PipelineJobBuilder().WithSteps(prep, TrainJob.AsStep("train").WithInput(Data, prep.Output("clean")));
        var bad = new PipelineJobBuilder().WithSteps(prep, TrainJob.AsStep("train").WithInput(Data, prep.Output("dirty")));

        good.Validate().Should().NotContain(d => d.IsError);
        bad.Validate().Should().Contain(d => d.IsError && d.Path == "jobs.train.inputs.data");
    }

    [Test]
    public void A_component_step_whose_body_is_a_pipeline_is_a_pipeline_step()
    {
        var inner = new CommandJob { Command = "echo hi", Environment = new EnvironmentReference("azureml:env:1") };
        var body = new PipelineJob { Steps = ValueMap.Of(("hello", new PipelineStep { Job = inner })) };
        var reference = new ComponentReference { Reference = "./sub.yml", Definition = new ComponentDefinition { Body = body } };

        var pipeline = new PipelineJobBuilder()
            .WithSteps(PipelineStepBuilder.Component("sub", reference), PipelineStepBuilder.Component("cmd", "./cmd.yml"))
            .Build();

        pipeline.Steps["sub"].Job.Should().BeOfType<PipelineJob>();
        pipeline.Steps["sub"].Component.Should().Be(reference);
        pipeline.Steps["cmd"].Job.Should().BeOfType<CommandJob>();
    }

    [Test]
    public void A_component_step_can_override_step_level_settings()
    {
        var overrides = new CommandJobBuilder().WithCompute("azureml:gpu-cluster").WithEnvironmentVariable("MODE", "fast");
        var reference = new ComponentReference { Reference = "azureml:train:3" };

        var pipeline = new PipelineJobBuilder()
            .WithStep(PipelineStepBuilder.Component("train", reference, overrides).WithInput("epochs", 5))
            .Build();

        var step = pipeline.Steps["train"];
        step.Component.Should().Be(reference);
        var job = step.Job.Should().BeOfType<CommandJob>().Subject;
        job.Compute.Should().Be("azureml:gpu-cluster");
        job.EnvironmentVariables.Should().Equal(ValueMap.Of(("MODE", "fast")));
        job.Inputs["epochs"].Should().Be(new LiteralInput { Value = 5 });
    }
}
