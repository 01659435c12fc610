using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Local.Pipelines;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Local.Pipelines;

/// <summary>
/// Nested pipelines on the local backend: <see cref="NestedPipelines.Flatten"/> rule by rule, then a nested pipeline run
/// for real with data going into the sub-pipeline and out of it.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class NestedPipelineTests
{
    private static PipelineStep Cmd(string command = "true", (string Name, JobInput Value)[]? inputs = null, (string Name, string? Path)[]? outputs = null,
        ComponentReference? component = null) => new()
    {
        Job = new CommandJob
        {
            Command = command,
            Inputs = ValueMap.From((inputs ?? []).Select(i => KeyValuePair.Create(i.Name, i.Value))),
            Outputs = ValueMap.From((outputs ?? []).Select(o => KeyValuePair.Create(o.Name, new JobOutput { Path = o.Path }))),
        },
        Component = component,
    };

    private static BindingInput Bind(string expression) => new() { Expression = expression };

    private static PipelineStep Sub(PipelineJob body, (string Name, JobInput Value)[]? inputs = null, (string Name, string? Path)[]? outputs = null) => new()
    {
        Job = body with
        {
            Inputs = ValueMap.From((inputs ?? []).Select(i => KeyValuePair.Create(i.Name, i.Value))),
            Outputs = ValueMap.From((outputs ?? []).Select(o => KeyValuePair.Create(o.Name, new JobOutput { Path = o.Path }))),
        },
    };

    private static PipelineStep ComponentStep(PipelineJob body, string? sourcePath, (string Name, JobInput Value)[]? inputs = null,
        (string Name, string? Path)[]? outputs = null) => new()
    {
        Job = new PipelineJob
        {
            Inputs = ValueMap.From((inputs ?? []).Select(i => KeyValuePair.Create(i.Name, i.Value))),
            Outputs = ValueMap.From((outputs ?? []).Select(o => KeyValuePair.Create(o.Name, new JobOutput { Path = o.Path }))),
        },
        Component = new ComponentReference { Reference = sourcePath is null ? null : "./sub.yml", Definition = new ComponentDefinition { Body = body, SourcePath = sourcePath } },
    };

    private static (PipelineJob Flat, List<Diagnostic> Diagnostics) Flatten(PipelineJob pipeline)
    {
        var diagnostics = new List<Diagnostic>();
        return (NestedPipelines.Flatten(pipeline, diagnostics), diagnostics);
    }

    private static JobInput In(PipelineJob flat, string step, string input) => flat.Steps[step].Job.Inputs[input];

    private static string? Expression(PipelineJob flat, string step, string input) => ((BindingInput)In(flat, step, input)).Expression;

    [Test]
    public void A_pipeline_without_nested_steps_comes_back_as_it_is()
    {
        var pipeline = new PipelineJob { Steps = ValueMap.Of(("a", Cmd()), ("b", Cmd(inputs: [("x", Bind("${{parent.jobs.a.outputs.out}}"))]))) };

        var (flat, diagnostics) = Flatten(pipeline);

        flat.Should().BeSameAs(pipeline);
        diagnostics.Should().BeEmpty();
    }

    [Test]
    public void A_nested_step_becomes_its_inner_steps_named_outer_underscore_inner_in_place()
    {
        var body = new PipelineJob { Steps = ValueMap.Of(("x", Cmd()), ("y", Cmd())) };
        var pipeline = new PipelineJob { Steps = ValueMap.Of(("first", Cmd()), ("sub", Sub(body)), ("last", Cmd())) };

        var (flat, diagnostics) = Flatten(pipeline);

        diagnostics.Should().BeEmpty();
        flat.Steps.Keys.Should().Equal("first", "sub_x", "sub_y", "last");
        flat.Steps.Values.Should().OnlyContain(s => s.Job is CommandJob);
    }

    [Test]
    public void A_sub_pipeline_input_becomes_what_the_outer_step_gives_a_literal_an_asset_or_the_outer_binding()
    {
        var body = new PipelineJob
        {
            Steps = ValueMap.Of(("inner", Cmd(inputs:
            [
                ("epochs", Bind("${{parent.inputs.epochs}}")),
                ("data", new BindingInput { Expression = "${{parent.inputs.data}}", Mode = InputMode.Download }),
                ("lr", Bind("${{parent.inputs.lr}}")),
                ("upstream", Bind("${{parent.inputs.upstream}}")),
            ]))),
        };
        var data = new AssetInput { Type = AssetType.UriFolder, Path = "./data" };
        var pipeline = new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("rate", new LiteralInput { Value = 0.5 })),
            Steps = ValueMap.Of(
                ("prep", Cmd(outputs: [("clean", null)])),
                ("sub", Sub(body, inputs:
                [
                    ("epochs", new LiteralInput { Value = 20 }),
                    ("data", data),
                    ("lr", Bind("${{parent.inputs.rate}}")),
                    ("upstream", new BindingInput { Expression = "${{parent.jobs.prep.outputs.clean}}", Mode = InputMode.ReadOnlyMount }),
                ]))),
        };

        var (flat, diagnostics) = Flatten(pipeline);

        diagnostics.Should().BeEmpty();
        In(flat, "sub_inner", "epochs").Should().Be(new LiteralInput { Value = 20 });
        In(flat, "sub_inner", "data").Should().Be(data with { Mode = InputMode.Download }, "the consuming step's mode applies");
        Expression(flat, "sub_inner", "lr").Should().Be("${{parent.inputs.rate}}");
        In(flat, "sub_inner", "upstream").Should().Be(new BindingInput { Expression = "${{parent.jobs.prep.outputs.clean}}", Mode = InputMode.ReadOnlyMount });
    }

    [Test]
    public void A_sub_pipeline_input_the_outer_step_leaves_out_takes_the_declared_default_or_is_left_out()
    {
        var body = new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(
                ("schedule", new LiteralInput { Type = LiteralType.String, Default = "time-based" }),
                ("epochs", new LiteralInput { Type = LiteralType.Integer, Default = 3 }),
                ("data", new AssetInput { Type = AssetType.UriFolder })),
            Steps = ValueMap.Of(("inner", Cmd(inputs:
            [
                ("schedule", Bind("${{parent.inputs.schedule}}")),
                ("epochs", Bind("${{parent.inputs.epochs}}")),
                ("data", Bind("${{parent.inputs.data}}")),
            ]))),
        };
        var pipeline = new PipelineJob { Steps = ValueMap.Of(("sub", ComponentStep(body, sourcePath: null, inputs: [("epochs", new LiteralInput { Value = 7 })]))) };

        var (flat, diagnostics) = Flatten(pipeline);

        diagnostics.Should().BeEmpty();
        In(flat, "sub_inner", "schedule").Should().Be(new LiteralInput { Type = LiteralType.String, Value = "time-based" });
        In(flat, "sub_inner", "epochs").Should().Be(new LiteralInput { Value = 7 }, "a given value wins over the default");
        flat.Steps["sub_inner"].Job.Inputs.ContainsKey("data").Should().BeFalse("nothing gives it: the step's component declaration (or its absence) decides, as for any step");
    }

    [Test]
    public void Inner_references_to_sibling_steps_get_the_outer_prefix()
    {
        var body = new PipelineJob
        {
            Steps = ValueMap.Of(
                ("train", Cmd(outputs: [("model", null)])),
                ("score", Cmd(inputs: [("model", Bind("${{parent.jobs.train.outputs.model}}")), ("after", Bind("${{parent.jobs.train}}"))]))),
        };
        var pipeline = new PipelineJob { Steps = ValueMap.Of(("sub", Sub(body))) };

        var (flat, diagnostics) = Flatten(pipeline);

        diagnostics.Should().BeEmpty();
        Expression(flat, "sub_score", "model").Should().Be("${{parent.jobs.sub_train.outputs.model}}");
        Expression(flat, "sub_score", "after").Should().Be("${{parent.jobs.sub_train}}");
    }

    [Test]
    public void A_sub_pipeline_output_is_read_from_the_inner_step_that_writes_it_and_reaches_the_top_output_its_outer_step_binds()
    {
        var body = new PipelineJob
        {
            Outputs = ValueMap.Of(("model", new JobOutput()), ("report", new JobOutput())),
            Steps = ValueMap.Of(
                ("train", Cmd(outputs: [("weights", "${{parent.outputs.model}}")])),
                ("eval", Cmd(outputs: [("summary", "${{parent.outputs.report}}"), ("scratch", null)]))),
        };
        var pipeline = new PipelineJob
        {
            Outputs = ValueMap.Of(("best", new JobOutput())),
            Steps = ValueMap.Of(
                ("before", Cmd(inputs: [("m", Bind("${{parent.jobs.sub.outputs.model}}"))])),
                ("sub", Sub(body, outputs: [("model", "${{parent.outputs.best}}")])),
                ("after", Cmd(inputs:
                [
                    ("m", Bind("${{parent.jobs.sub.outputs.model}}")),
                    ("r", new AssetInput { Path = "${{parent.jobs.sub.outputs.report}}" }),
                ]))),
        };

        var (flat, diagnostics) = Flatten(pipeline);

        diagnostics.Should().BeEmpty();
        Expression(flat, "after", "m").Should().Be("${{parent.jobs.sub_train.outputs.weights}}");
        ((AssetInput)In(flat, "after", "r")).Path.Should().Be("${{parent.jobs.sub_eval.outputs.summary}}");
        Expression(flat, "before", "m").Should().Be("${{parent.jobs.sub_train.outputs.weights}}", "a reference is rewritten wherever it stands");
        flat.Steps["sub_train"].Job.Outputs["weights"].Path.Should().Be("${{parent.outputs.best}}");
        flat.Steps["sub_eval"].Job.Outputs["summary"].Path.Should().BeNull("the outer step binds report to no pipeline output");
        flat.Steps["sub_eval"].Job.Outputs["scratch"].Path.Should().BeNull();
    }

    [Test]
    public void A_whole_step_reference_to_a_nested_step_waits_for_every_inner_step()
    {
        var body = new PipelineJob { Steps = ValueMap.Of(("x", Cmd()), ("y", Cmd())) };
        var pipeline = new PipelineJob { Steps = ValueMap.Of(("sub", Sub(body)), ("after", Cmd(inputs: [("wait", Bind("${{parent.jobs.sub}}"))]))) };

        var (flat, diagnostics) = Flatten(pipeline);

        diagnostics.Should().BeEmpty();
        flat.Steps["after"].Job.Inputs.Values.Cast<BindingInput>().Select(b => b.Expression)
            .Should().BeEquivalentTo("${{parent.jobs.sub_x}}", "${{parent.jobs.sub_y}}");
    }

    [Test]
    public void Two_levels_deep_names_compose_and_data_flows_through_both_levels()
    {
        var innermost = new PipelineJob
        {
            Outputs = ValueMap.Of(("result", new JobOutput())),
            Steps = ValueMap.Of(("leaf", Cmd(inputs: [("v", Bind("${{parent.inputs.v}}"))], outputs: [("out", "${{parent.outputs.result}}")]))),
        };
        var middle = new PipelineJob
        {
            Outputs = ValueMap.Of(("result", new JobOutput())),
            Steps = ValueMap.Of(
                ("pre", Cmd(outputs: [("out", null)])),
                ("deep", Sub(innermost, inputs: [("v", Bind("${{parent.inputs.w}}"))], outputs: [("result", "${{parent.outputs.result}}")])),
                ("post", Cmd(inputs: [("r", Bind("${{parent.jobs.deep.outputs.result}}")), ("p", Bind("${{parent.jobs.pre.outputs.out}}"))]))),
        };
        var pipeline = new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("top", new LiteralInput { Value = "t" })),
            Outputs = ValueMap.Of(("final", new JobOutput())),
            Steps = ValueMap.Of(
                ("outer", Sub(middle, inputs: [("w", Bind("${{parent.inputs.top}}"))], outputs: [("result", "${{parent.outputs.final}}")])),
                ("end", Cmd(inputs: [("r", Bind("${{parent.jobs.outer.outputs.result}}"))]))),
        };

        var (flat, diagnostics) = Flatten(pipeline);

        diagnostics.Should().BeEmpty();
        flat.Steps.Keys.Should().Equal("outer_pre", "outer_deep_leaf", "outer_post", "end");
        Expression(flat, "outer_deep_leaf", "v").Should().Be("${{parent.inputs.top}}");
        flat.Steps["outer_deep_leaf"].Job.Outputs["out"].Path.Should().Be("${{parent.outputs.final}}");
        Expression(flat, "outer_post", "r").Should().Be("${{parent.jobs.outer_deep_leaf.outputs.out}}");
        Expression(flat, "outer_post", "p").Should().Be("${{parent.jobs.outer_pre.outputs.out}}");
        Expression(flat, "end", "r").Should().Be("${{parent.jobs.outer_deep_leaf.outputs.out}}");
    }

    [Test]
    public void A_flat_name_that_is_already_a_step_is_reported_at_the_nested_step()
    {
        var body = new PipelineJob { Steps = ValueMap.Of(("b", Cmd()), ("c", Cmd())) };
        var pipeline = new PipelineJob { Steps = ValueMap.Of(("a", Sub(body)), ("a_b", Cmd())) };

        var (_, diagnostics) = Flatten(pipeline);

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == LocalDiagnosticCodes.StepNotRunnable && d.IsError && d.Path == "jobs.a" && d.Message.Contains("'a_b'"));
    }

    [Test]
    public void A_flat_name_too_long_for_a_step_is_reported_at_the_nested_step()
    {
        var inner = new string('i', 200);
        var outer = new string('o', 100);
        var pipeline = new PipelineJob { Steps = ValueMap.Of((outer, Sub(new PipelineJob { Steps = ValueMap.Of((inner, Cmd())) }))) };

        var (_, diagnostics) = Flatten(pipeline);

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == LocalDiagnosticCodes.StepNotRunnable && d.Path == "jobs." + outer && d.Message.Contains("not a valid step name"));
    }

    [Test]
    public void Reading_a_sub_pipeline_output_no_inner_step_writes_is_reported_where_it_is_read()
    {
        var body = new PipelineJob { Outputs = ValueMap.Of(("model", new JobOutput())), Steps = ValueMap.Of(("x", Cmd())) };
        var pipeline = new PipelineJob { Steps = ValueMap.Of(("sub", Sub(body)), ("after", Cmd(inputs: [("m", Bind("${{parent.jobs.sub.outputs.model}}"))]))) };

        var (_, diagnostics) = Flatten(pipeline);

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == LocalDiagnosticCodes.StepNotRunnable && d.Path == "jobs.after.inputs.m");
    }

    [Test]
    public void Inner_steps_of_a_pipeline_component_keep_their_component_and_its_local_paths_stay_relative_to_the_component_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "components");
        var train = new ComponentReference
        {
            Reference = "./train/train.yml",
            Definition = new ComponentDefinition { Body = new CommandJob { Command = "python train.py", Code = "." }, SourcePath = Path.Combine(folder, "train", "train.yml"), IsDeterministic = false },
        };
        var body = new PipelineJob
        {
            Steps = ValueMap.Of(
                ("train", Cmd(component: train)),
                ("tidy", new PipelineStep { Job = new CommandJob { Command = "ls", Code = "./scripts", Inputs = ValueMap.Of<JobInput>(("d", new AssetInput { Path = "./data" })) } })),
        };
        var pipeline = new PipelineJob { Steps = ValueMap.Of(("sub", ComponentStep(body, Path.Combine(folder, "sub.yml")))) };

        var (flat, diagnostics) = Flatten(pipeline);

        diagnostics.Should().BeEmpty();
        flat.Steps["sub_train"].Component.Should().BeSameAs(train);
        ((CommandJob)flat.Steps["sub_tidy"].Job).Code.Should().Be(Path.Combine(folder, "scripts"));
        ((AssetInput)In(flat, "sub_tidy", "d")).Path.Should().Be(Path.Combine(folder, "data"));
    }

    [Test]
    public void The_corpus_train_eval_pipeline_component_example_flattens_into_command_steps_wired_as_the_example_means()
    {
        var file = Path.Combine(TestPaths.Corpus, "yaml", "azureml-examples", "cli", "jobs", "pipelines-with-components", "pipeline_with_pipeline_component",
            "pipeline_with_train_eval_pipeline_component", "pipeline.yml");
        var loaded = YamlJobLoader.Load(file);
        loaded.Definition.Should().NotBeNull(string.Join("; ", loaded.Diagnostics));

        var (flat, diagnostics) = Flatten((PipelineJob)loaded.Definition!);

        diagnostics.Should().BeEmpty();
        flat.Steps.Keys.Should().Equal(
            "train_and_evaluate_model1_train_job", "train_and_evaluate_model1_score_job", "train_and_evaluate_model1_evaluate_job",
            "train_and_evaluate_model2_train_job", "train_and_evaluate_model2_score_job", "train_and_evaluate_model2_evaluate_job",
            "compare");
        var train1 = flat.Steps["train_and_evaluate_model1_train_job"];
        TextOf(train1.Job.Inputs["training_data"]).Should().Be("${{parent.inputs.pipeline_job_training_data}}");
        TextOf(train1.Job.Inputs["learning_rate"]).Should().Be("${{parent.inputs.pipeline_job_training_learning_rate1}}");
        ((LiteralInput)train1.Job.Inputs["max_epochs"]).Value.Should().Be(LiteralValue.FromInteger(20));
        ((LiteralInput)train1.Job.Inputs["learning_rate_schedule"]).Value.Should().Be(LiteralValue.FromString("time-based"), "the pipeline component's default");
        train1.Component!.Definition!.SourcePath.Should().EndWith(Path.Combine("components", "train", "train.yml"));
        TextOf(flat.Steps["train_and_evaluate_model2_score_job"].Job.Inputs["model_input"]).Should().Be("${{parent.jobs.train_and_evaluate_model2_train_job.outputs.model_output}}");
        var compare = flat.Steps["compare"].Job.Inputs;
        TextOf(compare["model1"]).Should().Be("${{parent.jobs.train_and_evaluate_model1_train_job.outputs.model_output}}");
        TextOf(compare["eval_result2"]).Should().Be("${{parent.jobs.train_and_evaluate_model2_evaluate_job.outputs.eval_output}}");
    }

    private static string? TextOf(JobInput input) => input switch
    {
        BindingInput binding => binding.Expression,
        AssetInput asset => asset.Path,
        LiteralInput literal => literal.Value?.ToString(),
        _ => null,
    };

    [Test]
    public async Task A_nested_pipeline_runs_locally_with_data_flowing_into_the_sub_pipeline_and_out_of_it_to_a_later_step()
    {
        await using var ws = new TempWorkspace();
        // The sub-pipeline is a component: times = factor × n (factor defaults to 3), plus = times + 1, its output.
        var body = new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("n", new AssetInput { Type = AssetType.UriFolder }), ("factor", new LiteralInput { Type = LiteralType.Integer, Default = 3 })),
            Outputs = ValueMap.Of(("result", new JobOutput())),
            Steps = ValueMap.Of(
                ("times", Cmd("echo $(( $(cat ${{inputs.n}}/n.txt) * ${{inputs.factor}} )) > ${{outputs.out}}/n.txt",
                    [("n", Bind("${{parent.inputs.n}}")), ("factor", Bind("${{parent.inputs.factor}}"))], [("out", null)])),
                ("plus", Cmd("echo $(( $(cat ${{inputs.x}}/n.txt) + 1 )) > ${{outputs.out}}/n.txt",
                    [("x", Bind("${{parent.jobs.times.outputs.out}}"))], [("out", "${{parent.outputs.result}}")]))),
        };
        var pipeline = new PipelineJob
        {
            ExperimentName = "nested",
            Outputs = ValueMap.Of(("total", new JobOutput())),
            Steps = ValueMap.Of(
                ("seed", Cmd("echo 5 > ${{outputs.out}}/n.txt", outputs: [("out", null)])),
                ("sub", ComponentStep(body, sourcePath: null, inputs: [("n", Bind("${{parent.jobs.seed.outputs.out}}"))])),
                ("final", Cmd("echo $(( $(cat ${{inputs.r}}/n.txt) * 10 )) > ${{outputs.out}}/n.txt",
                    [("r", Bind("${{parent.jobs.sub.outputs.result}}"))], [("out", "${{parent.outputs.total}}")]))),
        };

        var submitted = await ws.Client.SubmitAsync(pipeline);
        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var steps = new List<Job>();
        await foreach (var child in ws.Client.GetJobsAsync(new JobQuery { ParentJobName = submitted.Name })) steps.Add(child);
        steps.Select(s => s.Definition.DisplayName).Should().BeEquivalentTo(["seed", "sub_times", "sub_plus", "final"]);
        steps.Should().OnlyContain(s => s.Status == JobStatus.Completed && s.ParentJobName == submitted.Name);
        steps.Select(s => s.Name).Should().Contain(submitted.Name + "_sub_plus");
        // ((5 × 3) + 1) × 10, each number read from the file the step before wrote.
        var download = Path.Combine(ws.Home, "download");
        await ws.Client.DownloadAsync(submitted.Name, new DownloadOptions { DownloadPath = download, OutputName = "total" });
        (await File.ReadAllTextAsync(Path.Combine(download, "named-outputs", "total", "n.txt"))).Trim().Should().Be("160");
        // The stored pipeline is the one submitted, nested.
        ((PipelineJob)done.Definition).Steps.Keys.Should().Equal("seed", "sub", "final");
    }
}
