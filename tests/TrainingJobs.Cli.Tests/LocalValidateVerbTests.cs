using System.Text.Json;

namespace TrainingJobs.Cli.Tests;

/// <summary><c>tj job validate</c> with the local backend's planning checks (and without them, <c>--file-only</c>).</summary>
[Parallelizable(ParallelScope.All)]
public class LocalValidateVerbTests
{
    private const string Job = """
        type: command
        code: ./src
        command: bash run.sh ${{inputs.greeting}}
        environment: azureml:no-such-env:1
        inputs:
          greeting: hello
        """;

    [Test]
    public async Task Validate_prints_the_unmapped_environment_warning_at_its_line_and_exits_0()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, Job);

        var (code, output, error) = await ws.RunAsync("job", "validate", "--file", "job.yml");

        code.Should().Be(0, "a warning does not make the file invalid: " + error);
        output.Should().MatchRegex(@"(?m)^job\.yml:4:1: warning TJ4006: Environment 'azureml:no-such-env:1' has no local mapping");
        error.Should().Contain("1 file(s) checked, 0 with errors");
        Directory.Exists(ws.Home).Should().BeFalse("validation neither runs nor creates anything, not even the workspace");
    }

    [Test]
    public async Task Validate_prints_a_planning_error_at_its_line_and_exits_1()
    {
        await using var ws = new LocalCliWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "job.yml"), Job); // ./src does not exist

        var (code, output, _) = await ws.RunAsync("job", "validate", "--file", "job.yml", "-o", "json");

        code.Should().Be(1);
        using var json = JsonDocument.Parse(output);
        var file = json.RootElement[0];
        file.GetProperty("valid").GetBoolean().Should().BeFalse();
        var diagnostics = file.GetProperty("diagnostics").EnumerateArray().ToList();
        diagnostics.Should().Contain(d => d.GetProperty("code").GetString() == "TJ4004" && d.GetProperty("severity").GetString() == "error"
            && d.GetProperty("line").GetInt32() == 2 && d.GetProperty("path").GetString() == "code");
        Directory.Exists(ws.Home).Should().BeFalse();
    }

    [Test]
    public async Task File_only_checks_the_file_without_the_backend()
    {
        await using var ws = new LocalCliWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "job.yml"), Job); // an unmapped environment and a missing code folder: both the backend's findings

        var (code, output, error) = await ws.RunAsync("job", "validate", "--file", "job.yml", "--file-only");

        code.Should().Be(0, output + error);
        output.Should().NotContain("TJ4");
    }

    [Test]
    public async Task File_only_does_not_need_the_local_workspace_and_ignores_the_workspace_flags()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, Job);

        var (code, output, error) = await ws.RunAsync("job", "validate", "--file", "job.yml", "--file-only", "-w", "my-workspace");

        code.Should().Be(0, output + error);
        error.Should().NotContain("not available");
    }

    [Test]
    public async Task Validate_uses_the_workspace_environment_table_and_leaves_the_workspace_as_it_was()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, Job);
        Directory.CreateDirectory(ws.Home);
        File.WriteAllText(Path.Combine(ws.Home, "environments.json"), """{"no-such-env": "env"}""");

        var (code, output, error) = await ws.RunAsync("job", "validate", "--file", "job.yml");

        code.Should().Be(0, error);
        output.Should().NotContain("TJ4006", "the environment is mapped in this workspace");
        Directory.EnumerateFileSystemEntries(ws.Home).Select(Path.GetFileName).Should().Equal("environments.json");
    }

    [Test]
    public async Task Validate_drops_the_missing_environment_error_the_local_backend_tolerates_but_file_only_keeps_it()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, "type: command\ncode: ./src\ncommand: bash run.sh\n");

        var (code, output, error) = await ws.RunAsync("job", "validate", "--file", "job.yml");
        var (fileOnlyCode, fileOnlyOutput, _) = await ws.RunAsync("job", "validate", "--file", "job.yml", "--file-only");

        code.Should().Be(0, output + error);
        output.Should().NotContain("TJ0001");
        fileOnlyCode.Should().Be(1);
        fileOnlyOutput.Should().Contain("error TJ0001");
    }

    private static void WriteJob(LocalCliWorkspace ws, string yaml)
    {
        Directory.CreateDirectory(Path.Combine(ws.Root, "src"));
        File.WriteAllText(Path.Combine(ws.Root, "src", "run.sh"), "echo $1\n");
        File.WriteAllText(Path.Combine(ws.Root, "job.yml"), yaml);
    }
}
