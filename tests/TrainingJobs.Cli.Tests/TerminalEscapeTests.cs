using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Cli.Tests;

/// <summary>A job cannot drive the user's terminal through <c>tj job stream</c>: control characters are printed neutralized.</summary>
[Parallelizable(ParallelScope.All)]
public class TerminalEscapeTests
{
    /// <summary>
    /// Prints an OSC title change, a clear-screen CSI and a bell, and logs a metric whose key holds an escape and a
    /// C1 CSI, through the job's own MLflow endpoint (curl, as any tracking client would).
    /// </summary>
    private const string HostileCommand = """
        printf 'title \033]0;pwned\007 clear \033[2J end\n'
        curl -sS --fail -H "Authorization: Bearer $MLFLOW_TRACKING_TOKEN" -H 'Content-Type: application/json' \
          -d '{"run_id": "'"$MLFLOW_RUN_ID"'", "key": "loss\u001b[31mred\u009b2J", "value": 1.5, "timestamp": '"$(date +%s000)"', "step": 3}' \
          "$MLFLOW_TRACKING_URI/api/2.0/mlflow/runs/log-metric" && echo logged-metric
        """;

    [Test]
    public async Task Stream_prints_escape_sequences_from_logs_and_metric_keys_neutralized()
    {
        await using var ws = new LocalCliWorkspace();
        await ws.Client.SubmitAsync(new CommandJob { Name = "escape_job", Command = HostileCommand });

        var (code, output, error) = await ws.RunAsync("job", "stream", "--name", "escape_job");

        code.Should().Be(0, error);
        output.Should().Contain("logged-metric", "the metric reached the job's MLflow endpoint");
        output.Should().Contain(@"title \x1b]0;pwned\x07 clear \x1b[2J end");
        output.Should().Contain(@"[metric] loss\x1b[31mred\x9b2J=1.5 (step 3)");
        output.Should().NotContainAny("\u001b", "\u0007", "\u009b");
    }

    [Test]
    public async Task Create_with_stream_prints_them_neutralized_too()
    {
        await using var ws = new LocalCliWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "job.yml"), "type: command\ncommand: printf 'a\\033]0;pwned\\007b\\n'\n");

        var (code, output, error) = await ws.RunAsync("job", "create", "-f", "job.yml", "-n", "escape_create_job", "--stream");

        code.Should().Be(0, error);
        output.Should().Contain(@"a\x1b]0;pwned\x07b");
        output.Should().NotContainAny("\u001b", "\u0007");
    }

    [Test]
    public async Task The_final_error_keeps_its_lines_and_loses_its_escapes()
    {
        await using var ws = new LocalCliWorkspace();
        await ws.Client.SubmitAsync(new CommandJob { Name = "escape_fail_job", Command = "printf 'boom\\033[2J\\n' >&2; exit 3" });

        var (code, _, error) = await ws.RunAsync("job", "stream", "--name", "escape_fail_job");

        code.Should().Be(1);
        error.Should().Contain("Error (").And.Contain(@"boom\x1b[2J").And.NotContain("\u001b");
    }

    [Test]
    public async Task List_prints_an_experiment_name_with_an_escape_neutralized()
    {
        await using var ws = new LocalCliWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "job.yml"), "type: command\ncommand: \"true\"\nexperiment_name: \"exp\\e[2J\"\n");
        var (created, _, createError) = await ws.RunAsync("job", "create", "-f", "job.yml", "-n", "escape_list_job");
        created.Should().Be(0, createError);

        var (code, output, error) = await ws.RunAsync("job", "list");

        code.Should().Be(0, error);
        output.Should().Contain(@"exp\x1b[2J").And.NotContain("\u001b");
    }

    // The inputs are written as \uXXXX text and decoded in the test: a test name holding a raw ESC is dropped by the runner.
    [TestCase(@"plain text\twith tab", "plain text\twith tab")]
    [TestCase(@"\u001b[2J", @"\x1b[2J")]
    [TestCase(@"\u001b]0;t\u0007", @"\x1b]0;t\x07")]
    [TestCase(@"a\rb\nc\u0000", @"a\x0db\x0ac\x00")]
    [TestCase(@"del\u007f c1\u0085\u009b", @"del\x7f c1\x85\x9b")]
    [TestCase("grüße ✓", "grüße ✓")]
    public void Neutralize_shows_controls_as_escapes_and_leaves_other_text(string written, string shown) =>
        TerminalText.Neutralize(System.Text.RegularExpressions.Regex.Unescape(written)).Should().Be(shown);

    [Test]
    public void NeutralizeLines_keeps_line_breaks() =>
        TerminalText.NeutralizeLines("one\u001b[2J\r\ntwo").Should().Be("one\\x1b[2J\ntwo");
}
