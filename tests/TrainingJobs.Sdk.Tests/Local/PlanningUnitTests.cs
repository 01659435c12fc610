using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Local;

public class PlanningUnitTests
{
    [TestCase("*.pyc", "src/a.pyc", false, true)]
    [TestCase("*.pyc", "a.py", false, false)]
    [TestCase("/build", "build", true, true)]
    [TestCase("/build", "src/build", true, false)]
    [TestCase("build/", "src/build", true, true)]
    [TestCase("build/", "build", false, false)]
    [TestCase("docs/**/*.md", "docs/a/b/c.md", false, true)]
    [TestCase("**/cache", "x/y/cache", true, true)]
    [TestCase("data[0-9].csv", "data7.csv", false, true)]
    [TestCase("data?.csv", "data10.csv", false, false)]
    public void Ignore_rules_follow_gitignore_syntax(string rule, string path, bool isDirectory, bool ignored) =>
        IgnoreRules.Parse([rule]).IsIgnored(path, isDirectory).Should().Be(ignored);

    [Test]
    public void The_last_matching_ignore_rule_wins_so_negation_re_includes()
    {
        var rules = IgnoreRules.Parse(["# comment", "", "*.log", "!keep.log"]);

        rules.IsIgnored("debug.log", false).Should().BeTrue();
        rules.IsIgnored("keep.log", false).Should().BeFalse();
    }

    [Test]
    public void Binding_replaces_inputs_and_outputs_and_keeps_or_drops_optional_segments()
    {
        var (command, diagnostics) = CommandBinder.Bind(
            "train --lr ${{ inputs.lr }} --out ${{outputs.model}} $[[--seed ${{inputs.seed}}]] $[[--extra ${{inputs.extra}}]]",
            new Dictionary<string, string> { ["lr"] = "0.1", ["seed"] = "7" },
            new Dictionary<string, string> { ["model"] = "/o/model" },
            new HashSet<string> { "lr", "seed", "extra" });

        diagnostics.Should().BeEmpty();
        command.Should().Be("train --lr 0.1 --out /o/model --seed 7 ");
    }

    [Test]
    public void Binding_reports_each_reference_it_cannot_bind()
    {
        var (command, diagnostics) = CommandBinder.Bind(
            "run ${{inputs.nope}} ${{outputs.none}} ${{inputs.required}} ${{search_space.x}}",
            new Dictionary<string, string>(), new Dictionary<string, string>(), new HashSet<string> { "required" });

        command.Should().BeNull();
        diagnostics.Should().HaveCount(4).And.OnlyContain(d => d.Code == "TJ4003" && d.IsError);
        diagnostics[2].Message.Should().Contain("has no value");
    }

    [TestCase("run ${{inputs.lr+1}}", "an input whose name is not a plain name")]
    [TestCase("run ${{ inputs }}", "'${{inputs}}'")]
    [TestCase("run ${{inputs.my lr}}", "input 'my lr'")]
    public void Binding_reports_an_expression_the_validator_sees_which_its_own_regex_used_to_leave_in_the_command(string written, string named)
    {
        // These are expressions to the validator's ExpressionScanner; the binder's former regex did not match them, so
        // they reached the shell as they were written (bash: "bad substitution") instead of being reported.
        var (command, diagnostics) = CommandBinder.Bind(written, new Dictionary<string, string> { ["lr"] = "0.1" },
            new Dictionary<string, string>(), new HashSet<string> { "lr" });

        command.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == "TJ4003" && d.IsError && d.Message.Contains(named));
        ExpressionScanner.Scan(written, includeLegacy: false).Tokens.Should().ContainSingle("the validator sees the same expression");
    }

    [Test]
    public void Binding_binds_a_dotted_name_and_spaces_inside_the_braces_as_the_validator_reads_them()
    {
        var (command, diagnostics) = CommandBinder.Bind("run ${{  inputs.group.lr  }} > ${{outputs.log}}/x",
            new Dictionary<string, string> { ["group.lr"] = "0.1" }, new Dictionary<string, string> { ["log"] = "/o/log" },
            new HashSet<string> { "group.lr" });

        diagnostics.Should().BeEmpty();
        command.Should().Be("run 0.1 > /o/log/x");
    }

    [Test]
    public void A_stream_position_round_trips_through_its_text_form()
    {
        var position = JobStreamPosition.Start.WithStatus(3).WithMetric(9).WithLogOffset("user_logs/std_log_process_1.txt", 40).WithLogOffset("user_logs/std_log_process_0.txt", 12);

        var text = position.ToString();

        text.Should().Be("s=3;m=9;f:user_logs/std_log_process_0.txt=12;f:user_logs/std_log_process_1.txt=40");
        JobStreamPosition.Parse(text).Should().Be(position);
        var bad = () => JobStreamPosition.Parse("s=x");
        bad.Should().Throw<FormatException>();
    }

    [Test]
    public void A_position_with_pipeline_steps_round_trips_through_its_text_form()
    {
        var position = JobStreamPosition.Start.WithStatus(6)
            .WithLogOffset("b/user_logs/std_log.txt", 7).WithLogOffset("a/user_logs/std_log.txt", 120)
            .WithStepStatus("b", 6).WithStepStatus("a", 9).WithStepMetric("a", 3);
        var text = position.ToString();

        text.Should().Be("s=6;m=0;f:a/user_logs/std_log.txt=120;f:b/user_logs/std_log.txt=7;m:a=3;s:a=9;s:b=6");
        var parsed = JobStreamPosition.Parse(text);
        parsed.Should().Be(position);
        (parsed.StepStatusSequence("a"), parsed.StepStatusSequence("b"), parsed.StepStatusSequence("c")).Should().Be((9L, 6L, 0L));
        (parsed.StepMetricSequence("a"), parsed.StepMetricSequence("b")).Should().Be((3L, 0L));
        parsed.StatusSequence.Should().Be(6, "a step's status does not move the job's own");
    }

    [Test]
    public void Generated_job_names_look_like_Azure_ML_names()
    {
        var names = Enumerable.Range(0, 200).Select(_ => JobNameGenerator.Next()).ToList();

        names.Should().OnlyContain(n => System.Text.RegularExpressions.Regex.IsMatch(n, "^[a-z]+_[a-z]+_[a-z0-9]{10}$"));
        names.Distinct().Should().HaveCount(200);
    }
}

public class StoredDefinitionTests
{
    [Test]
    public async Task A_command_job_read_back_from_the_workspace_equals_the_one_submitted()
    {
        await using var ws = new TempWorkspace();
        var data = ws.WriteFile("data.csv", "1");
        var job = new Sdk.Definitions.CommandJob
        {
            Name = "stored", DisplayName = "d", ExperimentName = "e", Description = "desc", Command = "cat ${{inputs.c}} # ${{inputs.a}} ${{inputs.d}} ${{inputs.e}}",
            Tags = Sdk.Definitions.ValueMap.Of(("t", "1")),
            EnvironmentVariables = Sdk.Definitions.ValueMap.Of(("V", "x")),
            Inputs = Sdk.Definitions.ValueMap.Of<Sdk.Definitions.JobInput>(
                ("a", new Sdk.Definitions.LiteralInput { Value = 3 }),
                ("b", new Sdk.Definitions.LiteralInput { Type = Sdk.Definitions.LiteralType.Number, Default = 0.5, Optional = true }),
                ("c", new Sdk.Definitions.AssetInput { Type = Sdk.Definitions.AssetType.UriFile, Path = data, Mode = Sdk.Definitions.InputMode.Download }),
                ("d", new Sdk.Definitions.LiteralInput { Value = "text" }),
                ("e", new Sdk.Definitions.LiteralInput { Value = true })),
            Outputs = Sdk.Definitions.ValueMap.Of(("m", new Sdk.Definitions.JobOutput { Type = "mlflow_model", AssetName = "reg", AssetVersion = "2" })),
            Distribution = new Sdk.Definitions.PyTorchDistribution { ProcessCountPerInstance = 2 },
            Resources = new Sdk.Definitions.JobResources { InstanceCount = 1 },
            Limits = new Sdk.Definitions.CommandJobLimits { Timeout = TimeSpan.FromMinutes(5) },
        };

        var submitted = await ws.Client.SubmitAsync(job);
        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(Sdk.Definitions.JobStatus.Completed, done.Error?.Message);
        done.Definition.Should().Be(job);
    }
}
