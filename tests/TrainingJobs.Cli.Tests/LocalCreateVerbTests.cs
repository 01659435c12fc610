using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Cli.Tests;

[Parallelizable(ParallelScope.All)]
public class LocalCreateVerbTests
{
    private const string Job = """
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        type: command
        experiment_name: cli-create
        code: ./src
        command: bash run.sh ${{inputs.greeting}}
        inputs:
          greeting: hello
        tags:
          origin: yaml
        """;

    [Test]
    public async Task Create_submits_the_YAML_and_returns_the_job_at_once()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, "echo $1 from yaml");

        var (code, output, error) = await ws.RunAsync("job", "create", "--file", "job.yml", "--name", "yaml_job");

        code.Should().Be(0, error);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("name").GetString().Should().Be("yaml_job");
        json.RootElement.GetProperty("experiment_name").GetString().Should().Be("cli-create");
        json.RootElement.GetProperty("tags").GetProperty("origin").GetString().Should().Be("yaml");
        var done = await ws.Client.WaitForCompletionAsync("yaml_job");
        done.Status.Should().Be(JobStatus.Completed);
        File.ReadAllText(Path.Combine(ws.Home, "jobs", "yaml_job", "artifacts", "user_logs", "std_log.txt")).Should().Be("hello from yaml\n");
    }

    [Test]
    public async Task Create_prints_the_local_planning_warnings_after_submitting()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, "echo $1");
        File.AppendAllText(Path.Combine(ws.Root, "job.yml"), "\nenvironment: azureml:no-such-env:1\n");

        var (code, output, error) = await ws.RunAsync("job", "create", "--file", "job.yml", "--name", "warned_job");

        code.Should().Be(0, error);
        output.Should().Contain("warned_job");
        error.Should().MatchRegex(@"(?m)^job\.yml: warning TJ4006: Environment 'azureml:no-such-env:1' has no local mapping");
        (await ws.Client.WaitForCompletionAsync("warned_job")).Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public async Task Create_with_stream_follows_the_job_and_exits_with_its_final_status()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, "echo $1; exit 5");

        var (code, output, error) = await ws.RunAsync("job", "create", "--file", "job.yml", "--stream", "--set", "inputs.greeting=bonjour");

        code.Should().Be(1);
        output.Should().Contain("bonjour").And.Contain("[status] Running").And.Contain("Status: Failed");
        error.Should().Contain("exited with code 5");
    }

    [Test]
    public async Task Create_with_a_broken_file_prints_located_diagnostics_and_submits_nothing()
    {
        await using var ws = new LocalCliWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "bad.yml"), "type: command\ncommand: [unclosed\n");

        var (code, _, error) = await ws.RunAsync("job", "create", "--file", "bad.yml");

        code.Should().Be(1);
        error.Should().MatchRegex(@"bad\.yml:\d+:\d+: error TJ\d{4}");
        Directory.Exists(Path.Combine(ws.Home, "jobs")).Should().BeFalse();
    }

    [Test]
    public async Task The_job_runs_on_after_the_tj_process_that_submitted_it_has_exited()
    {
        await using var ws = new LocalCliWorkspace();
        // The job waits for a file that the test writes only after the submitting process is gone.
        WriteJob(ws, "echo started; while [ ! -f go ]; do sleep 0.02; done; echo finished");
        var tj = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ws.Root };
        foreach (var argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "tj.dll"), "job", "create", "--file", "job.yml", "--name", "detached_job" })
        {
            tj.ArgumentList.Add(argument);
        }
        tj.Environment["TRAININGJOBS_HOME"] = ws.Home;

        using (var submitter = Process.Start(tj)!)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stdout = submitter.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = submitter.StandardError.ReadToEndAsync(timeout.Token);
            await submitter.WaitForExitAsync(timeout.Token);
            submitter.ExitCode.Should().Be(0, await stderr);
            (await stdout).Should().Contain("detached_job");
        }
        var afterExit = await ws.Client.GetAsync("detached_job");
        afterExit.IsTerminal.Should().BeFalse("the job outlives the process that submitted it");

        await File.WriteAllTextAsync(Path.Combine(ws.Home, "jobs", "detached_job", "code", "go"), "");
        var done = await ws.Client.WaitForCompletionAsync("detached_job");

        done.Status.Should().Be(JobStatus.Completed);
        File.ReadAllText(Path.Combine(ws.Home, "jobs", "detached_job", "artifacts", "user_logs", "std_log.txt")).Should().Be("started\nfinished\n");
    }

    private static void WriteJob(LocalCliWorkspace ws, string script)
    {
        Directory.CreateDirectory(Path.Combine(ws.Root, "src"));
        File.WriteAllText(Path.Combine(ws.Root, "src", "run.sh"), script + "\n");
        File.WriteAllText(Path.Combine(ws.Root, "job.yml"), Job);
    }

    private static string DotnetHost() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
}
