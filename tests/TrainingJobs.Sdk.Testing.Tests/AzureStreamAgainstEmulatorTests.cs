using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;

using static TrainingJobs.Sdk.Testing.Tests.StreamedLogs;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// <see cref="TrainingJobsClient.StreamAsync"/> with the Azure backend against the emulator and a real Azurite: the
/// job's log grows in Blob storage while it runs, and the stream reads it by byte ranges from run history's SAS URLs.
/// Every byte arrives once, in order, with the offsets the local backend gives; a finished job streams its whole log; a
/// stream resumed from its last position misses and repeats nothing; and the bytes fetched from Blob storage are the
/// log's size, not a multiple of it.
/// </summary>
[NonParallelizable]
public sealed class AzureStreamAgainstEmulatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tj-azure-stream-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    /// <summary>A job that writes <paramref name="rounds"/> bursts of 100 lines of ~90 bytes, 0.1 s apart (about 9 KB a burst).</summary>
    private CommandJob Job(EmulatorSession session, string name, int rounds)
    {
        var code = Path.Combine(_folder, name);
        Directory.CreateDirectory(code);
        File.WriteAllText(Path.Combine(code, "write.sh"),
            $"for i in $(seq 1 {rounds}); do for j in $(seq 1 100); do printf 'round %04d line %03d %s\\n' $i $j 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789'; done; sleep 0.1; done\n");
        return new CommandJob
        {
            Name = name,
            Command = "bash write.sh",
            Code = code,
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Compute = session.WorkspacePath + "/computes/cpu-cluster",
        };
    }

    [Test]
    public async Task A_job_writing_logs_over_time_streams_every_byte_once_in_order_while_it_runs_and_fetches_the_log_size_from_Blob_storage()
    {
        var counter = new BlobReadCounter();
        await using var session = await EmulatorSession.StartAsync(configure: o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry));
        await session.Client.SubmitAsync(Job(session, "writes", rounds: 40));

        var events = await CollectAsync(session.Client.StreamAsync("writes")).WaitAsync(Bound);

        var log = await LogBlobAsync(session.Emulator, "writes");
        var size = Encoding.UTF8.GetByteCount(log);
        size.Should().BeGreaterThan(300_000);
        var lines = events.OfType<JobLogEvent>().ToList();
        lines.Should().OnlyContain(l => l.File == "user_logs/std_log.txt" && l.Rank == 0);
        Rebuild(lines).Should().Be(log);
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        events.OfType<JobStatusEvent>().Select(s => s.Status).Should().Contain(JobStatus.Running)
            .And.OnlyHaveUniqueItems();
        var running = events.FindIndex(e => e is JobStatusEvent { Status.IsTerminal: false } s && s.Status == JobStatus.Running);
        running.Should().BeLessThan(events.FindIndex(e => e is JobLogEvent), "lines come after the job was seen running");
        counter.NonEmptyReads.Should().BeGreaterThan(1, "the log is read while it grows, in more than one range");
        counter.Bytes.Should().Be(size, "no byte is fetched twice (azure-ai-ml fetches the whole file at every poll)");
    }

    [Test]
    public async Task A_finished_job_streams_its_whole_log_then_its_final_status()
    {
        await using var session = await EmulatorSession.StartAsync();
        await session.Client.SubmitAsync(Job(session, "finished", rounds: 5));
        await session.Client.WaitForCompletionAsync("finished").WaitAsync(Bound);

        var events = await CollectAsync(session.Client.StreamAsync("finished")).WaitAsync(Bound);

        Rebuild(events.OfType<JobLogEvent>()).Should().Be(await LogBlobAsync(session.Emulator, "finished"));
        events.OfType<JobLogEvent>().Should().HaveCount(500);
        events.OfType<JobStatusEvent>().Should().ContainSingle().Which.Status.Should().Be(JobStatus.Completed);
        events[^1].Should().BeOfType<JobStatusEvent>();
    }

    [Test]
    public async Task A_stream_stopped_after_some_lines_and_resumed_from_its_last_position_misses_and_repeats_nothing()
    {
        var counter = new BlobReadCounter();
        await using var session = await EmulatorSession.StartAsync(configure: o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry));
        await session.Client.SubmitAsync(Job(session, "resumed", rounds: 30));

        var first = await CollectAsync(session.Client.StreamAsync("resumed"), stopAfterLogs: 1234).WaitAsync(Bound);
        var fetchedBefore = counter.Bytes;
        var position = first[^1].Position;
        // The text form is what a caller keeps between runs.
        var resumedAt = JobStreamPosition.Parse(position.ToString());
        var second = await CollectAsync(session.Client.StreamAsync("resumed", new StreamOptions { StartAt = resumedAt })).WaitAsync(Bound);

        first.OfType<JobLogEvent>().Should().HaveCount(1234);
        var log = await LogBlobAsync(session.Emulator, "resumed");
        Rebuild(first.OfType<JobLogEvent>().Concat(second.OfType<JobLogEvent>())).Should().Be(log);
        second.OfType<JobStatusEvent>().Select(s => s.Status).Should().NotContain(first.OfType<JobStatusEvent>().Select(s => s.Status),
            "a status seen before the stop is not repeated");
        second[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        // The resumed stream fetches exactly what was not delivered, plus the one byte before the offset that tells a
        // "\r\n" apart (what the first stream had received past its last delivered line was never delivered).
        var delivered = position.LogOffsets["user_logs/std_log.txt"];
        (counter.Bytes - fetchedBefore).Should().Be(Encoding.UTF8.GetByteCount(log) - delivered + 1);
    }

    [Test]
    public async Task A_job_of_two_ranks_streams_each_ranks_log_whole_in_order_with_its_rank()
    {
        await using var session = await EmulatorSession.StartAsync();
        var job = Job(session, "ranks", rounds: 10) with { Distribution = new PyTorchDistribution { ProcessCountPerInstance = 2 } };
        File.WriteAllText(Path.Combine(_folder, "ranks", "write.sh"),
            "for i in $(seq 1 10); do for j in $(seq 1 50); do echo \"rank $RANK round $i line $j\"; done; sleep 0.1; done\n");
        await session.Client.SubmitAsync(job);

        var events = await CollectAsync(session.Client.StreamAsync("ranks")).WaitAsync(Bound);

        var lines = events.OfType<JobLogEvent>().ToList();
        lines.Select(l => (l.File, l.Rank)).Distinct().Should().BeEquivalentTo(
            [("user_logs/std_log_process_0.txt", 0), ("user_logs/std_log_process_1.txt", 1)]);
        foreach (var rank in new[] { 0, 1 })
        {
            var own = lines.Where(l => l.Rank == rank).ToList();
            own.Should().HaveCount(500).And.OnlyContain(l => l.Text.StartsWith($"rank {rank} ", StringComparison.Ordinal));
            Rebuild(own).Should().Be(await LogBlobAsync(session.Emulator, "ranks", $"user_logs/std_log_process_{rank}.txt"));
        }
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public async Task Five_MB_of_logs_over_two_ranks_stream_every_byte_once_and_fetch_the_logs_size()
    {
        var counter = new BlobReadCounter();
        await using var session = await EmulatorSession.StartAsync(configure: o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry));
        var job = Job(session, "big", rounds: 1) with { Distribution = new PyTorchDistribution { ProcessCountPerInstance = 2 } };
        // Each rank: 25 bursts of 1,000 lines of 101 bytes, 0.1 s apart (2.5 MB).
        File.WriteAllText(Path.Combine(_folder, "big", "write.sh"),
            "pad=$(printf '%0.sx' $(seq 1 85)); for i in $(seq 1 25); do for j in $(seq 1 1000); do printf 'r%s %05d %05d %s\\n' \"$RANK\" $i $j \"$pad\"; done; sleep 0.1; done\n");
        await session.Client.SubmitAsync(job);

        var events = await CollectAsync(session.Client.StreamAsync("big")).WaitAsync(Bound);

        var lines = events.OfType<JobLogEvent>().ToList();
        long size = 0;
        foreach (var rank in new[] { 0, 1 })
        {
            var log = await LogBlobAsync(session.Emulator, "big", $"user_logs/std_log_process_{rank}.txt");
            size += Encoding.UTF8.GetByteCount(log);
            Rebuild(lines.Where(l => l.Rank == rank && l.File == $"user_logs/std_log_process_{rank}.txt")).Should().Be(log);
        }
        lines.Should().HaveCount(50_000);
        size.Should().BeGreaterThanOrEqualTo(5_000_000);
        counter.Bytes.Should().Be(size);
        counter.NonEmptyReads.Should().BeGreaterThan(2);
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public async Task With_a_fifth_of_ARM_and_run_history_requests_faulted_the_stream_still_gives_the_log_byte_for_byte()
    {
        // 429/500/503 with Retry-After 0, dropped connections and late answers on ARM, discovery and run history (the
        // emulator's faults; Blob storage is Azurite, unfaulted). Retries of the client's pipeline absorb them.
        await using var session = await EmulatorSession.StartAsync(new AzureMLEmulatorOptions
        {
            RetryAfter = TimeSpan.Zero,
            FaultRate = 0.2,
            FaultSeed = 20261204,
            FaultLatency = TimeSpan.FromMilliseconds(20),
        });
        await session.Client.SubmitAsync(Job(session, "faulted", rounds: 20));

        var events = await CollectAsync(session.Client.StreamAsync("faulted")).WaitAsync(Bound);

        Rebuild(events.OfType<JobLogEvent>()).Should().Be(await LogBlobAsync(session.Emulator, "faulted"));
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        var streamRequests = session.Emulator.RequestLog.Where(e => e.Url.Contains("/history/", StringComparison.Ordinal)
            || e.Url.Contains("/discovery", StringComparison.Ordinal) || (e.Method == "GET" && e.Url.Contains("/jobs/faulted", StringComparison.Ordinal))).ToList();
        streamRequests.Should().Contain(e => e.Fault != null, "the stream's own requests met faults");
    }

    /// <summary>
    /// 60 rounds, 0.1 s apart, each 50 lines of ~90 bytes and one MLflow point (<c>loss</c>, step = round), so logs and
    /// points both grow while the job runs.
    /// </summary>
    private const string LogsAndMetrics = JobScripts.LogLoss + """
        for i in range(60):
            for j in range(50):
                print("round %04d line %03d %s" % (i, j, "abcdefghijklmnopqrstuvwxyz0123456789" * 2))
            sys.stdout.flush()
            log(i, 1.0 / (i + 1))
            time.sleep(0.1)
        """;

    private async Task<(string Log, List<(string Key, long Step, double Value)> Points, List<JobEvent> Events)> StreamLogsAndMetricsAsync(EmulatorSession session, string name)
    {
        var code = Path.Combine(_folder, name);
        Directory.CreateDirectory(code);
        File.WriteAllText(Path.Combine(code, "run.py"), LogsAndMetrics);
        await session.Client.SubmitAsync(new CommandJob
        {
            Name = name,
            Command = "python3 run.py",
            Code = code,
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Compute = session.WorkspacePath + "/computes/cpu-cluster",
        });
        var events = await CollectAsync(session.Client.StreamAsync(name)).WaitAsync(Bound);
        var points = events.OfType<JobMetricEvent>().Select(m => (m.Metric.Key, m.Metric.Step, m.Metric.Value)).ToList();
        return (Rebuild(events.OfType<JobLogEvent>()), points, events);
    }

    [Test]
    public async Task With_a_tenth_of_requests_faulted_on_ARM_run_history_MLflow_and_Blob_storage_the_stream_gives_the_log_and_points_of_a_fault_free_run()
    {
        // Polls 40 times as often as the real schedule (2 s becomes 50 ms): many requests on every surface, so each
        // meets faults, in a few seconds.
        var clock = new FastPolls(40);
        (string Log, List<(string, long, double)> Points, List<JobEvent> Events) clean;
        await using (var session = await EmulatorSession.StartAsync(clientTime: clock))
        {
            clean = await StreamLogsAndMetricsAsync(session, "clean");
            clean.Log.Should().Be(await LogBlobAsync(session.Emulator, "clean"));
        }

        await using var faulted = await EmulatorSession.StartAsync(new AzureMLEmulatorOptions
        {
            RetryAfter = TimeSpan.Zero,
            FaultRate = 0.1,
            FaultSeed = 20261204,
            BlobFaultRate = 0.1,
            BlobFaultSeed = 20261205,
            FaultLatency = TimeSpan.FromMilliseconds(20),
        }, clientTime: clock);
        var requestsBefore = faulted.Emulator.RequestLog.Count;
        var blobFaultsBefore = faulted.Emulator.BlobFaultsInjected;
        var (log, points, events) = await StreamLogsAndMetricsAsync(faulted, "faulted");

        log.Should().Be(clean.Log, "the job's log text, byte for byte");
        log.Should().Be(await LogBlobAsync(faulted.Emulator, "faulted"));
        points.Should().Equal(clean.Points).And.HaveCount(60);
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        var stream = faulted.Emulator.RequestLog.Skip(requestsBefore).Where(e => e.Fault is not null).Select(e => e.Url).ToList();
        stream.Should().Contain(u => u.Contains("/jobs/faulted", StringComparison.Ordinal), "ARM GETs of the job met faults");
        stream.Should().Contain(u => u.Contains("/history/", StringComparison.Ordinal), "run history met faults");
        stream.Should().Contain(u => u.Contains("/mlflow/", StringComparison.Ordinal), "the MLflow endpoint met faults");
        (faulted.Emulator.BlobFaultsInjected - blobFaultsBefore).Should().BeGreaterThan(0, "the log reads from Blob storage met faults");
        var logReads = faulted.Emulator.BlobFaults.Where(f => f.Path.Contains("/ExperimentRun/dcid.faulted/", StringComparison.Ordinal)).ToList();
        TestContext.Out.WriteLine($"ARM/run history/MLflow requests {faulted.Emulator.RequestLog.Count - requestsBefore}, faulted {stream.Count}; Blob faults {faulted.Emulator.BlobFaultsInjected - blobFaultsBefore}: "
            + string.Join(", ", logReads.GroupBy(f => f.Fault).Select(g => $"{g.Key} {g.Count()}")) + "; drops on ranged reads with bytes: "
            + logReads.Count(f => f.Fault == "drop" && f.Range.Length > 0 && f.BytesSent > 0));
    }

    [Test]
    public async Task A_ranged_log_read_cut_halfway_through_its_answer_is_read_again_from_the_same_byte_so_no_byte_is_lost_or_repeated()
    {
        var counter = new BlobReadCounter();
        await using var session = await EmulatorSession.StartAsync(new AzureMLEmulatorOptions { RetryAfter = TimeSpan.Zero, BlobFaultRate = 0.1, BlobFaultSeed = 7 },
            configure: o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry));
        // The first read of the log past its start that has bytes to give is cut halfway through them.
        session.Emulator.BlobFaultProxy!.DropNext(r => r.Method == "GET" && r.Path.Value!.Contains("/ExperimentRun/dcid.cut/user_logs/std_log.txt", StringComparison.Ordinal)
            && r.Headers.Range.ToString() is { Length: > 0 } range && range != "bytes=0-");
        await session.Client.SubmitAsync(Job(session, "cut", rounds: 30));

        var events = await CollectAsync(session.Client.StreamAsync("cut")).WaitAsync(Bound);

        var log = await LogBlobAsync(session.Emulator, "cut");
        Rebuild(events.OfType<JobLogEvent>()).Should().Be(log);
        var cut = session.Emulator.BlobFaults.Where(f => f.Fault == "drop" && f.Path.EndsWith("/dcid.cut/user_logs/std_log.txt", StringComparison.Ordinal)).ToList();
        cut.Should().Contain(f => f.Range != "bytes=0-" && f.BytesSent > 0, "a ranged read past the start was cut after some of its bytes had gone out");
        counter.Bytes.Should().Be(Encoding.UTF8.GetByteCount(log), "the half answer was thrown away whole; its bytes came again, once, in the retry");
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
    }

    /// <summary>The system clock with timers that fire <c>factor</c> times sooner: the stream's waits shrink, nothing sleeps longer.</summary>
    private sealed class FastPolls(int factor) : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            base.CreateTimer(callback, state, Scale(dueTime), Scale(period));

        private TimeSpan Scale(TimeSpan span) => span <= TimeSpan.Zero || span == Timeout.InfiniteTimeSpan ? span : span / factor;
    }

    /// <summary>Counts the bytes of every answered GET on a log blob (Azurite's <c>azureml</c> container), retries included.</summary>
    private sealed class BlobReadCounter : HttpPipelineSynchronousPolicy
    {
        private long _bytes;
        private int _nonEmpty;

        public long Bytes => Interlocked.Read(ref _bytes);

        public int NonEmptyReads => Volatile.Read(ref _nonEmpty);

        public override void OnReceivedResponse(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Get || !message.Request.Uri.Path.Contains("/azureml/ExperimentRun/", StringComparison.Ordinal)) return;
            var length = message.Response.Headers.ContentLength ?? 0;
            if (message.Response.Status is 200 or 206 && length > 0)
            {
                Interlocked.Add(ref _bytes, length);
                Interlocked.Increment(ref _nonEmpty);
            }
        }
    }
}
