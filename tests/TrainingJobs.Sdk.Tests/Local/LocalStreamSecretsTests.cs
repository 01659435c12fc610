using System.Security.Cryptography;
using System.Text;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// Issue 13, acceptance 2 (streams): a secret planted in a job's environment (by a secret name, and by a value the
/// scanner recognises), one the training script prints, and the job's own MLflow token reach no streamed event, for a
/// command job and for a pipeline's step; the log file keeps the bytes the job wrote, so offsets stay those of the file
/// and a stream resumed from one of them works.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class LocalStreamSecretsTests
{
    private const string LogFile = "user_logs/std_log.txt";

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private static string ConnectionString() =>
        $"DefaultEndpointsProtocol=https;AccountName=data;AccountKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))};EndpointSuffix=core.windows.net";

    private static string RawLog(TempWorkspace ws, string job) => File.ReadAllText(Path.Combine(ws.Options.Home!, "jobs", job, "artifacts", LogFile));

    /// <summary>The value <c>env</c> printed for the job's MLflow token (what the supervisor gave the job).</summary>
    private static string TrackingToken(string rawLog)
    {
        var line = rawLog.Split('\n').Single(l => l.StartsWith("MLFLOW_TRACKING_TOKEN=", StringComparison.Ordinal));
        return line["MLFLOW_TRACKING_TOKEN=".Length..];
    }

    [Test]
    public async Task Secrets_of_the_environment_and_of_the_output_reach_no_streamed_event_while_the_log_file_keeps_them()
    {
        await using var ws = new TempWorkspace();
        var token = RandomHex(24);
        var connection = ConnectionString();
        var printed = "Zq" + RandomHex(16);
        ws.WriteFile("code/emit.sh", $"echo \"token: $API_TOKEN\"\necho \"storage: $STORAGE\"\necho 'call with Authorization: Bearer {printed}'\nenv\n");
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "sh emit.sh",
            Code = Path.Combine(ws.Work, "code"),
            EnvironmentVariables = ValueMap.Of(("API_TOKEN", token), ("STORAGE", connection)),
        });

        var events = await ws.StreamAllAsync(job.Name);

        events.Last().Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        var raw = RawLog(ws, job.Name);
        var tracking = TrackingToken(raw);
        tracking.Should().HaveLength(64);
        string[] secrets = [token, connection, printed, tracking];
        raw.Should().Contain(token).And.Contain(connection).And.Contain(printed, "the log file is the job's, untouched");
        var lines = events.OfType<JobLogEvent>().ToList();
        foreach (var secret in secrets) lines.Should().NotContain(l => l.Text.Contains(secret, StringComparison.Ordinal));
        lines.Select(l => l.Text).Should().Contain(["token: <redacted>", "storage: <redacted>", "call with Authorization: <redacted>", "API_TOKEN=<redacted>",
            "MLFLOW_TRACKING_TOKEN=<redacted>"]);
        // Offsets are those of the raw file's lines, whatever redaction did to their text.
        lines.Select(l => l.Offset).Should().Equal(LineOffsets(raw));

        var storage = lines.Single(l => l.Text == "storage: <redacted>");
        var resumed = await ws.StreamAllAsync(job.Name, new StreamOptions { StartAt = JobStreamPosition.FromLogOffsets([new(LogFile, storage.Offset)]), IncludeMetrics = false });
        var first = resumed.OfType<JobLogEvent>().First();
        (first.Offset, first.Text).Should().Be((storage.Offset, "storage: <redacted>"));
        foreach (var secret in secrets) resumed.OfType<JobLogEvent>().Should().NotContain(l => l.Text.Contains(secret, StringComparison.Ordinal));
    }

    [Test]
    public async Task A_pipeline_steps_secrets_reach_none_of_the_pipelines_streamed_events()
    {
        await using var ws = new TempWorkspace();
        var token = RandomHex(24);
        var pipeline = new PipelineJob
        {
            Steps = ValueMap.Of(("train", new PipelineStep
            {
                Job = new CommandJob
                {
                    Command = "echo \"token: $API_TOKEN\"; env",
                    EnvironmentVariables = ValueMap.Of(("API_TOKEN", token)),
                },
            })),
        };

        var submitted = await ws.Client.SubmitAsync(pipeline);
        var events = await ws.StreamAllAsync(submitted.Name);

        events.Last().Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        var raw = RawLog(ws, submitted.Name + "_train");
        raw.Should().Contain(token);
        var lines = events.OfType<JobLogEvent>().Where(l => l.StepName == "train").ToList();
        lines.Select(l => l.Text).Should().Contain(["token: <redacted>", "API_TOKEN=<redacted>", "MLFLOW_TRACKING_TOKEN=<redacted>"]);
        foreach (var secret in new[] { token, TrackingToken(raw) }) events.OfType<JobLogEvent>().Should().NotContain(l => l.Text.Contains(secret, StringComparison.Ordinal));
        lines.Select(l => l.Offset).Should().Equal(LineOffsets(raw));
    }

    private static List<long> LineOffsets(string raw)
    {
        var offsets = new List<long>();
        long at = 0;
        foreach (var line in raw.Split('\n')[..^1])
        {
            offsets.Add(at);
            at += Encoding.UTF8.GetByteCount(line) + 1;
        }
        return offsets;
    }
}
