using System.Runtime.CompilerServices;
using TrainingJobs.Cli.Commands.Job;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Cli.Tests;

/// <summary>
/// How <c>tj job stream</c> prints a pipeline's events: each step's lines, metrics and statuses marked with the step's
/// name, and the exit code taken from the pipeline's own final status, not from a step's. The client is a scripted
/// subclass (the SDK's protected constructor and model factory exist for this); the Azure stream that produces such
/// events is tested against the emulator in TrainingJobs.Sdk.Testing.Tests.
/// </summary>
public class StreamPrintTests
{
    private sealed class ScriptedClient(JobStatus final, params JobEvent[] events) : TrainingJobsClient
    {
        public override Task<Job> GetAsync(string name, CancellationToken cancellationToken = default) =>
            Task.FromResult(TrainingJobsModelFactory.Job(name, status: JobStatus.Running, studioUrl: new Uri($"https://ml.azure.com/runs/{name}?wsid=/subscriptions/s/resourcegroups/g/workspaces/w")));

        public override async IAsyncEnumerable<JobEvent> StreamAsync(string name, StreamOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var e in events)
            {
                await Task.Yield();
                yield return e;
            }
            yield return TrainingJobsModelFactory.JobStatusEvent(name, final);
        }
    }

    private static async Task<(int Code, string Out)> StreamAsync(TrainingJobsClient client)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await JobVerbs.StreamAsync(client, "pipe", new CliContext(output, error), CancellationToken.None);
        return (code, output.ToString());
    }

    [Test]
    public async Task A_pipelines_step_events_are_marked_with_the_step_name_and_the_pipelines_own_are_not()
    {
        var client = new ScriptedClient(JobStatus.Completed,
            TrainingJobsModelFactory.JobStatusEvent("pipe", JobStatus.Running),
            TrainingJobsModelFactory.JobStatusEvent("pipe", JobStatus.Running, stepName: "prep"),
            TrainingJobsModelFactory.JobLogEvent("pipe", "reading data", file: "prep/user_logs/std_log.txt", stepName: "prep"),
            TrainingJobsModelFactory.JobLogEvent("pipe", "rank one here", file: "train/user_logs/std_log_process_1.txt", rank: 1, stepName: "train"),
            TrainingJobsModelFactory.JobMetricEvent("pipe", new MetricPoint("loss", 0.5, 3, DateTimeOffset.UnixEpoch), stepName: "train"),
            TrainingJobsModelFactory.JobStatusEvent("pipe", JobStatus.Completed, stepName: "prep"));

        var (code, printed) = await StreamAsync(client);

        code.Should().Be(0);
        printed.Should().StartWith("RunId: pipe\nWeb View: https://ml.azure.com/runs/pipe?wsid=");
        var lines = printed.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        lines.Should().ContainInOrder(
            "[status] Running",
            "[prep] [status] Running",
            "[prep] reading data",
            "[train] [rank 1] rank one here",
            "[train] [metric] loss=0.5 (step 3)",
            "[prep] [status] Completed",
            "[status] Completed");
    }

    [Test]
    public async Task The_exit_code_follows_the_pipelines_final_status_not_its_last_steps()
    {
        // A step that completed last must not make a failed pipeline exit 0.
        var client = new ScriptedClient(JobStatus.Failed,
            TrainingJobsModelFactory.JobStatusEvent("pipe", JobStatus.Completed, stepName: "eval"));

        var (code, printed) = await StreamAsync(client);

        code.Should().NotBe(0);
        printed.Should().Contain("[eval] [status] Completed").And.Contain("Status: Failed");
    }

    [Test]
    public async Task A_step_name_carrying_terminal_escapes_is_printed_neutralized()
    {
        var client = new ScriptedClient(JobStatus.Completed,
            TrainingJobsModelFactory.JobLogEvent("pipe", "hi", stepName: "evil\u001b[2J"));

        var (_, printed) = await StreamAsync(client);

        printed.Should().NotContain("\u001b");
    }
}
