using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
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
    public async Task Create_prints_the_local_planning_warnings_with_their_location_once()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, "echo $1");
        File.AppendAllText(Path.Combine(ws.Root, "job.yml"), "\nenvironment: azureml:no-such-env:1\n");

        var (code, output, error) = await ws.RunAsync("job", "create", "--file", "job.yml", "--name", "warned_job");

        code.Should().Be(0, error);
        output.Should().Contain("warned_job");
        error.Should().MatchRegex(@"(?m)^job\.yml:10:1: warning TJ4006: Environment 'azureml:no-such-env:1' has no local mapping");
        Regex.Matches(error, "TJ4006").Should().HaveCount(1, "the warning found before submitting is not repeated from the job's record");
        (await ws.Client.WaitForCompletionAsync("warned_job")).Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public async Task Create_prints_the_planning_warning_before_the_jobs_first_log_line()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, "echo first-log-line-$1");
        File.AppendAllText(Path.Combine(ws.Root, "job.yml"), "\nenvironment: azureml:no-such-env:1\n");

        var (code, both) = await ws.RunInterleavedAsync("job", "create", "--file", "job.yml", "--name", "streamed_warned_job", "--stream");

        code.Should().Be(0, both);
        var warning = both.IndexOf("warning TJ4006", StringComparison.Ordinal);
        var firstLog = both.IndexOf("first-log-line-hello", StringComparison.Ordinal);
        warning.Should().BeGreaterThanOrEqualTo(0, both);
        firstLog.Should().BeGreaterThan(warning, "planning diagnostics are printed before the job starts: " + both);
        both.IndexOf("RunId: streamed_warned_job", StringComparison.Ordinal).Should().BeGreaterThan(warning, both);
    }

    [Test]
    public async Task Create_prints_the_planning_warning_while_the_job_does_not_exist_yet()
    {
        await using var ws = new LocalCliWorkspace();
        WriteJob(ws, "echo $1");
        File.AppendAllText(Path.Combine(ws.Root, "job.yml"), "\nenvironment: azureml:no-such-env:1\n");
        var jobFolder = Path.Combine(ws.Home, "jobs", "probed_job");
        bool? jobExistedAtWarning = null;
        using var error = new LineProbe(line =>
        {
            if (line.Contains("TJ4006", StringComparison.Ordinal)) jobExistedAtWarning ??= Directory.Exists(jobFolder);
        });

        var code = await ws.RunWithAsync(TextWriter.Null, error, "job", "create", "--file", "job.yml", "--name", "probed_job");

        code.Should().Be(0, error.ToString());
        jobExistedAtWarning.Should().BeFalse("the warning is printed before the job is submitted: " + error);
        (await ws.Client.WaitForCompletionAsync("probed_job")).Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public async Task Create_refuses_a_planning_error_before_anything_is_created()
    {
        await using var ws = new LocalCliWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "job.yml"), Job); // ./src does not exist

        var (code, _, error) = await ws.RunAsync("job", "create", "--file", "job.yml", "--name", "no_code_job");

        code.Should().Be(1);
        error.Should().MatchRegex(@"(?m)^job\.yml:4:1: error TJ4004: '\./src' does not exist");
        Directory.Exists(ws.Home).Should().BeFalse("a job refused by the check creates no workspace");
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

    [TestCase(TjFlavour.Jit)]
    [TestCase(TjFlavour.Native)]
    public async Task The_job_runs_on_after_the_tj_process_that_submitted_it_has_exited(TjFlavour flavour)
    {
        await using var ws = new LocalCliWorkspace();
        // The job waits for a file that the test writes only after the submitting process is gone.
        WriteJob(ws, "echo started; while [ ! -f go ]; do sleep 0.02; done; echo finished");
        var tj = TjPrograms.StartInfo(flavour, ws.Root, "job", "create", "--file", "job.yml", "--name", "detached_job");
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

    /// <summary>A writer that calls back with each line as it is completed, and keeps the text.</summary>
    private sealed class LineProbe(Action<string> onLine) : TextWriter
    {
        private readonly System.Text.StringBuilder _all = new();
        private readonly System.Text.StringBuilder _line = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_all)
            {
                _all.Append(value);
                if (value != '\n')
                {
                    _line.Append(value);
                    return;
                }
                onLine(_line.ToString());
                _line.Clear();
            }
        }

        public override string ToString()
        {
            lock (_all) return _all.ToString();
        }
    }
}
