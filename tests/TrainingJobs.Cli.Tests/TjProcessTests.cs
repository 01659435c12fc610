using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Cli.Tests;

/// <summary>
/// The local job verbs as a user runs them: <c>tj</c> as its own process, in both flavours, the native one with
/// nothing but the files its publish wrote (its supervisor found beside it). What the native build could lose to
/// trimming (YAML reading, JSON output, SQLite, process start, download, error reports) is exercised here.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class TjProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [TestCase(TjFlavour.Jit)]
    [TestCase(TjFlavour.Native)]
    public async Task A_job_with_code_and_an_output_is_created_streamed_shown_listed_and_downloaded(TjFlavour flavour)
    {
        await using var ws = new LocalCliWorkspace();
        Directory.CreateDirectory(Path.Combine(ws.Root, "src"));
        await File.WriteAllTextAsync(Path.Combine(ws.Root, "src", "train.sh"), "echo \"training on $1\"\nmkdir -p \"$2\"\necho weights > \"$2/model.txt\"\n");
        await File.WriteAllTextAsync(Path.Combine(ws.Root, "job.yml"), """
            type: command
            code: ./src
            command: bash train.sh ${{inputs.data}} ${{outputs.model}}
            inputs:
              data: numbers
            outputs:
              model:
                type: uri_folder
            tags:
              flavour: any
            """);
        var home = new Dictionary<string, string> { ["TRAININGJOBS_HOME"] = ws.Home };

        var (code, streamed, error) = await TjPrograms.RunAsync(flavour, ws.Root, home, Patience, "job", "create", "--file", "job.yml", "--name", "proc_job", "--stream");
        code.Should().Be(0, error);
        streamed.Should().Contain("training on numbers").And.Contain("Status: Completed");

        (code, var shown, error) = await TjPrograms.RunAsync(flavour, ws.Root, home, Patience, "job", "show", "-n", "proc_job");
        code.Should().Be(0, error);
        var job = JsonNode.Parse(shown)!;
        job["status"]!.GetValue<string>().Should().Be("Completed");
        job["tags"]!["flavour"]!.GetValue<string>().Should().Be("any");

        (code, var listed, error) = await TjPrograms.RunAsync(flavour, ws.Root, home, Patience, "job", "list", "-o", "table");
        code.Should().Be(0, error);
        listed.Should().MatchRegex(@"proc_job\s+\S+\s+Completed");

        (code, _, error) = await TjPrograms.RunAsync(flavour, ws.Root, home, Patience, "job", "download", "-n", "proc_job", "--all", "-p", "dl");
        code.Should().Be(0, error);
        (await File.ReadAllTextAsync(Path.Combine(ws.Root, "dl", "named-outputs", "model", "model.txt"))).Should().Be("weights\n");
        (await ws.Client.GetAsync("proc_job")).Status.Should().Be(JobStatus.Completed, "the SDK reads what the process wrote");
    }

    [TestCase(TjFlavour.Jit)]
    [TestCase(TjFlavour.Native)]
    public async Task Bad_input_gets_located_diagnostics_and_clear_errors_without_a_stack_trace(TjFlavour flavour)
    {
        await using var ws = new LocalCliWorkspace();
        await File.WriteAllTextAsync(Path.Combine(ws.Root, "bad.yml"), "type: command\ncommand: echo hi\nresources:\n  instance_count: -1\nbogus: 1\n");
        var home = new Dictionary<string, string> { ["TRAININGJOBS_HOME"] = ws.Home };

        var (code, _, error) = await TjPrograms.RunAsync(flavour, ws.Root, home, Patience, "job", "create", "--file", "bad.yml");
        code.Should().Be(1);
        error.Should().MatchRegex(@"bad\.yml:4:\d+: error TJ\d{4}").And.MatchRegex(@"bad\.yml:5:1: warning TJ1012");
        Directory.Exists(Path.Combine(ws.Home, "jobs")).Should().BeFalse("nothing is submitted");

        (code, _, error) = await TjPrograms.RunAsync(flavour, ws.Root, home, Patience, "job", "show", "-n", "no_such_job");
        code.Should().Be(1);
        error.Should().Contain("no_such_job").And.NotContain("   at ");

        (code, _, error) = await TjPrograms.RunAsync(flavour, ws.Root, home, Patience, "job", "create", "--file", "missing.yml");
        code.Should().NotBe(0);
        error.Should().Contain("missing.yml").And.NotContain("   at ");
    }

    [TestCase(TjFlavour.Jit)]
    [TestCase(TjFlavour.Native)]
    public async Task The_version_is_the_package_version(TjFlavour flavour)
    {
        var (code, output, error) = await TjPrograms.RunAsync(flavour, Path.GetTempPath(), new Dictionary<string, string>(), Patience, "--version");

        code.Should().Be(0, error);
        output.Trim().Should().Be(typeof(CliApp).Assembly.GetName().Version!.ToString(3));
    }
}
