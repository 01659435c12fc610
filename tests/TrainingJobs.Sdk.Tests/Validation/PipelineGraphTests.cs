using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>TJ0004 (cycles), TJ0005 (unknown steps), TJ0006 (unknown ports), TJ0007 (type mismatches), TJ0026 (undeclared ports).</summary>
public class PipelineGraphTests
{
    private static PipelineStep Echo(string input, string output) => new()
    {
        Job = new CommandJob
        {
            Command = "cp -r ${{inputs.source}} ${{outputs.result}}",
            Environment = Samples.PinnedEnvironment,
            Inputs = ValueMap.Of<JobInput>(("source", new BindingInput { Expression = input })),
            Outputs = ValueMap.Of(("result", new JobOutput { Type = "uri_folder" })),
        },
    };

    private static PipelineJob Chain(params (string Name, string From)[] steps) => new()
    {
        Steps = ValueMap.From(steps.Select(s => new KeyValuePair<string, PipelineStep>(s.Name, Echo($"${{{{parent.jobs.{s.From}.outputs.result}}}}", "result")))),
    };

    [Test]
    public void Steps_that_feed_each_other_in_a_loop_raise_one_TJ0004_that_shows_the_cycle()
    {
        var pipeline = Chain(("a", "c"), ("b", "a"), ("c", "b"));

        var cycle = pipeline.With(ValidationCodes.PipelineCycle).Should().ContainSingle().Subject;
        cycle.Message.Should().Contain("a → b → c → a");
        cycle.Path.Should().Be("jobs.a");
    }

    [Test]
    public void A_step_bound_to_its_own_output_raises_TJ0004()
    {
        Chain(("a", "a")).With(ValidationCodes.PipelineCycle).Should().ContainSingle().Which.Message.Should().Contain("a → a");
    }

    [Test]
    public void Two_separate_cycles_are_each_reported_once()
    {
        Chain(("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")).With(ValidationCodes.PipelineCycle).Should().HaveCount(2);
    }

    [Test]
    public void A_chain_and_a_diamond_raise_no_TJ0004()
    {
        var diamond = new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("raw", new AssetInput { Path = "./data" })),
            Steps = ValueMap.Of(
                ("top", Echo("${{parent.inputs.raw}}", "result")),
                ("left", Echo("${{parent.jobs.top.outputs.result}}", "result")),
                ("right", Echo("${{parent.jobs.top.outputs.result}}", "result")),
                ("bottom", Echo("${{parent.jobs.left.outputs.result}}", "result"))),
        };

        diamond.Validate().Should().BeEmpty();
    }

    [Test]
    public void A_long_chain_of_steps_is_checked_without_exhausting_the_stack()
    {
        var steps = Enumerable.Range(0, 5000).Select(i => ($"s{i}", i == 0 ? "s4999" : $"s{i - 1}")).ToArray();

        Chain(steps).With(ValidationCodes.PipelineCycle).Should().ContainSingle();
    }

    [Test]
    public void A_binding_to_a_step_the_pipeline_does_not_have_raises_TJ0005_at_the_input()
    {
        var pipeline = Samples.Pipeline().WithStepJob("train",
            job => job.WithInput("training_data", new BindingInput { Expression = "${{parent.jobs.preprocess.outputs.prepared}}" }));

        var diagnostic = pipeline.With(ValidationCodes.UnknownStep).Should().ContainSingle().Subject;
        diagnostic.Path.Should().Be("jobs.train.inputs.training_data");
        diagnostic.Message.Should().Contain("'preprocess'");
    }

    [Test]
    public void A_binding_to_an_existing_step_raises_no_TJ0005()
    {
        Samples.Pipeline().With(ValidationCodes.UnknownStep).Should().BeEmpty();
    }

    [Test]
    public void A_binding_to_an_output_the_step_does_not_have_raises_TJ0006()
    {
        var pipeline = Samples.Pipeline().WithStepJob("train",
            job => job.WithInput("training_data", new BindingInput { Expression = "${{parent.jobs.prep.outputs.cleaned}}" }));

        pipeline.With(ValidationCodes.UnknownBindingTarget).Should().ContainSingle(d => d.Path == "jobs.train.inputs.training_data");
    }

    [Test]
    public void A_binding_to_an_output_declared_by_the_source_step_component_raises_no_TJ0006()
    {
        var pipeline = Samples.Pipeline() with
        {
            Steps = Samples.Pipeline().Steps.SetItem("evaluate", Echo("${{parent.jobs.train.outputs.model}}", "result")),
        };

        pipeline.With(ValidationCodes.UnknownBindingTarget).Should().BeEmpty();
    }

    [Test]
    public void A_binding_to_a_pipeline_input_or_output_the_pipeline_does_not_have_raises_TJ0006()
    {
        var missingInput = Samples.Pipeline().WithStepJob("prep", job => job.WithInput("raw_data", new BindingInput { Expression = "${{parent.inputs.raw_data}}" }));
        var missingOutput = Samples.Pipeline().WithStepJob("train",
            job => job with { Outputs = ValueMap.Of(("model", new JobOutput { Path = "${{parent.outputs.final_model}}" })) });

        missingInput.With(ValidationCodes.UnknownBindingTarget).Should().ContainSingle(d => d.Path == "jobs.prep.inputs.raw_data");
        missingOutput.With(ValidationCodes.UnknownBindingTarget).Should().ContainSingle(d => d.Path == "jobs.train.outputs.model");
    }

    [Test]
    public void Outputs_of_a_step_that_runs_a_registered_component_are_not_guessed()
    {
        var pipeline = Samples.Pipeline()
            .WithStep("prep", step => step with { Component = new ComponentReference { Reference = "azureml:prep:4" } })
            .WithStepJob("prep", job => ((CommandJob)job) with { Command = null, Environment = null, Outputs = ValueMap<JobOutput>.Empty })
            .WithStepJob("train", job => job.WithInput("training_data", new BindingInput { Expression = "${{parent.jobs.prep.outputs.anything}}" }));

        pipeline.Validate().Should().BeEmpty();
    }

    [Test]
    public void An_output_of_an_incompatible_type_raises_TJ0007()
    {
        var pipeline = Samples.Pipeline().WithStepJob("prep",
            job => job with { Outputs = ValueMap.Of(("prepared", new JobOutput { Type = "uri_file" })) });

        var diagnostic = pipeline.With(ValidationCodes.IncompatibleBindingType).Should().ContainSingle().Subject;
        diagnostic.Path.Should().Be("jobs.train.inputs.training_data");
        diagnostic.Message.Should().Contain("uri_file").And.Contain("uri_folder");
    }

    [Test]
    public void An_output_of_a_compatible_type_raises_no_TJ0007()
    {
        var pipeline = Samples.Pipeline().WithStepJob("prep",
            job => job with { Outputs = ValueMap.Of(("prepared", new JobOutput { Type = "mltable" })) });

        pipeline.With(ValidationCodes.IncompatibleBindingType).Should().BeEmpty();
    }

    [Test]
    public void A_pipeline_literal_bound_to_a_data_input_raises_TJ0007()
    {
        var pipeline = Samples.Pipeline().WithStepJob("train", job => job.WithInput("training_data", new BindingInput { Expression = "${{parent.inputs.epochs}}" }));

        pipeline.With(ValidationCodes.IncompatibleBindingType).Should().ContainSingle(d => d.Path == "jobs.train.inputs.training_data");
    }

    [Test]
    public void A_bare_string_pipeline_input_is_not_judged_because_it_may_be_a_path()
    {
        // The train step's training_data is a uri_folder input of its component.
        var pipeline = Samples.Pipeline().WithStepJob("train", job => job.WithInput("training_data", new BindingInput { Expression = "${{parent.inputs.raw}}" }));
        var bare = pipeline.WithInput("raw", new LiteralInput { Value = "wasbs://datasets@azuremlexamples.blob.core.windows.net/iris/" });
        var typed = pipeline.WithInput("raw", new LiteralInput { Type = LiteralType.String, Value = "iris" });

        bare.With(ValidationCodes.IncompatibleBindingType).Should().BeEmpty();
        typed.With(ValidationCodes.IncompatibleBindingType).Should().ContainSingle(d => d.Path == "jobs.train.inputs.training_data");
    }

    [Test]
    public void A_binding_with_its_own_type_is_checked_against_that_type()
    {
        var typed = Samples.Pipeline().WithStepJob("prep", job => job.WithInput("raw_data", new BindingInput { Expression = "${{parent.inputs.raw}}", Type = "uri_file" }));
        var matching = Samples.Pipeline().WithStepJob("prep", job => job.WithInput("raw_data", new BindingInput { Expression = "${{parent.inputs.raw}}", Type = "uri_folder" }));

        typed.With(ValidationCodes.IncompatibleBindingType).Should().ContainSingle(d => d.Path == "jobs.prep.inputs.raw_data");
        matching.With(ValidationCodes.IncompatibleBindingType).Should().BeEmpty();
    }

    [Test]
    public void A_step_output_bound_to_a_pipeline_output_of_an_incompatible_type_raises_TJ0007()
    {
        var mismatch = Samples.Pipeline() with { Outputs = ValueMap.Of(("trained", new JobOutput { Type = "uri_file" })) };
        var match = Samples.Pipeline() with { Outputs = ValueMap.Of(("trained", new JobOutput { Type = "custom_model" })) };

        mismatch.With(ValidationCodes.IncompatibleBindingType).Should().ContainSingle(d => d.Path == "jobs.train.outputs.model");
        match.With(ValidationCodes.IncompatibleBindingType).Should().BeEmpty();
    }

    [TestCase("uri_folder", "mlflow_model", true)]
    [TestCase("mlflow_model", "uri_folder", true)]
    [TestCase("mltable", "uri_folder", true)]
    [TestCase("integer", "number", true)]
    [TestCase("integer", "string", true)]
    [TestCase("number", "integer", false)]
    [TestCase("string", "boolean", false)]
    [TestCase("uri_folder", "uri_file", false)]
    [TestCase("uri_file", "uri_folder", false)]
    [TestCase("uri_folder", "string", false)]
    [TestCase("custom_model", "mlflow_model", false)]
    [TestCase("path", "uri_file", true)]
    public void The_compatibility_table_decides_which_types_feed_which(string from, string to, bool compatible)
    {
        TypeCompatibility.CanFeed(from, to).Should().Be(compatible);
    }

    [Test]
    public void A_step_input_its_component_does_not_declare_raises_the_TJ0026_warning()
    {
        var pipeline = Samples.Pipeline().WithStepJob("train", job => job.WithInput("learning_rate", new LiteralInput { Value = 0.1 }));

        pipeline.With(ValidationCodes.UndeclaredComponentPort).Should()
            .ContainSingle(d => d.Path == "jobs.train.inputs.learning_rate" && d.Severity == DiagnosticSeverity.Warning);
    }

    [Test]
    public void A_step_output_its_component_does_not_declare_raises_TJ0026_and_declared_ones_do_not()
    {
        var undeclared = Samples.Pipeline().WithStepJob("train", job => job with { Outputs = job.Outputs.SetItem("metrics", new JobOutput()) });

        undeclared.With(ValidationCodes.UndeclaredComponentPort).Should().ContainSingle(d => d.Path == "jobs.train.outputs.metrics");
        Samples.Pipeline().With(ValidationCodes.UndeclaredComponentPort).Should().BeEmpty();
    }

    [Test]
    public void Steps_of_a_nested_pipeline_bind_to_the_nested_pipeline_not_the_outer_one()
    {
        var inner = new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("source", new BindingInput { Expression = "${{parent.jobs.prep.outputs.prepared}}" })),
            Steps = ValueMap.Of(("copy", Echo("${{parent.inputs.source}}", "result"))),
        };
        var good = Samples.Pipeline() with { Steps = Samples.Pipeline().Steps.SetItem("nested", new PipelineStep { Job = inner }) };
        var bad = Samples.Pipeline() with
        {
            Steps = Samples.Pipeline().Steps.SetItem("nested", new PipelineStep
            {
                Job = inner with { Steps = ValueMap.Of(("copy", Echo("${{parent.inputs.raw}}", "result"))) },
            }),
        };

        good.Validate().Should().BeEmpty();
        bad.With(ValidationCodes.UnknownBindingTarget).Should().ContainSingle(d => d.Path == "jobs.nested.jobs.copy.inputs.source");
    }

    [Test]
    public void A_pipeline_component_is_checked_inside_the_step()
    {
        var body = new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFolder })),
            Steps = ValueMap.Of(("copy", Echo("${{parent.jobs.missing.outputs.result}}", "result"))),
        };
        var pipeline = Samples.Pipeline() with
        {
            Steps = Samples.Pipeline().Steps.SetItem("sub", new PipelineStep
            {
                Job = new PipelineJob { Inputs = ValueMap.Of<JobInput>(("data", new BindingInput { Expression = "${{parent.inputs.raw}}" })) },
                Component = new ComponentReference { Reference = "./sub.yml", Definition = new ComponentDefinition { Name = "sub", Body = body } },
            }),
        };

        pipeline.With(ValidationCodes.UnknownStep).Should().ContainSingle(d => d.Path == "jobs.sub.component.jobs.copy.inputs.source");
        pipeline.With(ValidationCodes.RequiredFieldMissing).Should().BeEmpty();
    }
}
