using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// Metric points in <see cref="TrainingJobsClient.StreamAsync"/> with the Azure backend: read from the workspace's
/// MLflow endpoint (the emulator serves what the job logged), each point once, in the order logged, resumable.
/// </summary>
[NonParallelizable]
public sealed class AzureStreamMetricsAgainstEmulatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    /// <summary>
    /// Logs one point, then waits (up to 90 s) for the file named by its first argument, which only the test creates,
    /// and only once the stream has delivered that point; then says so and logs a second point. Exit code 3 when the
    /// file never came.
    /// </summary>
    private const string WaitsForTheTest = JobScripts.LogLoss + """
        log(0, 0.9)
        print("first point logged", flush=True)
        deadline = time.time() + 90
        while not os.path.exists(sys.argv[1]):
            if time.time() > deadline:
                print("never released", flush=True)
                sys.exit(3)
            time.sleep(0.05)
        print("released", flush=True)
        log(1, 0.5)
        """;

    [Test]
    public async Task A_metric_point_arrives_while_the_job_runs_the_job_waits_for_the_test_to_see_it_before_it_goes_on()
    {
        await using var session = await EmulatorSession.StartAsync();
        var folder = Directory.CreateTempSubdirectory("tj-stream-metrics-live-").FullName;
        var release = Path.Combine(folder, "release");
        try
        {
            File.WriteAllText(Path.Combine(folder, "wait.py"), WaitsForTheTest);
            await session.Client.SubmitAsync(new CommandJob
            {
                Name = "metrics-live",
                Command = $"python3 wait.py '{release}'",
                Code = folder,
                Environment = new EnvironmentReference("azureml:sklearn:3"),
                Compute = session.WorkspacePath + "/computes/cpu-cluster",
            });

            var events = new List<JobEvent>();
            await foreach (var e in session.Client.StreamAsync("metrics-live").WithCancellation(new CancellationTokenSource(Bound).Token))
            {
                events.Add(e);
                // The job goes on only once this file exists: had the points been read only at the end, the job would
                // wait 90 s, then fail with exit code 3.
                if (e is JobMetricEvent && !File.Exists(release)) File.WriteAllText(release, "");
            }

            var first = events.FindIndex(e => e is JobMetricEvent);
            first.Should().BeGreaterThanOrEqualTo(0);
            events[first].Should().BeOfType<JobMetricEvent>().Which.Metric.Step.Should().Be(0);
            var released = events.FindIndex(e => e is JobLogEvent { Text: "released" });
            released.Should().BeGreaterThan(first, "the job wrote 'released' only after the stream had delivered its first point");
            var terminal = events.FindIndex(e => e is JobStatusEvent { Status.IsTerminal: true });
            terminal.Should().BeGreaterThan(first);
            events.OfType<JobStatusEvent>().Where(s => !s.Status.IsTerminal).Select(s => s.Status).Should().Contain(JobStatus.Running);
            events[terminal].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed, "the job was released, not left to time out");
            events.OfType<JobMetricEvent>().Select(m => (m.Metric.Step, m.Metric.Value)).Should().Equal((0L, 0.9), (1L, 0.5));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_job_s_metric_points_stream_once_each_in_order_and_a_resumed_stream_repeats_none()
    {
        await using var session = await EmulatorSession.StartAsync();
        var folder = Directory.CreateTempSubdirectory("tj-stream-metrics-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "log.py"), EmulatedTrackingTests.Logger);
            await session.Client.SubmitAsync(new CommandJob
            {
                Name = "streams-metrics",
                Command = "python3 log.py",
                Code = folder,
                Environment = new EnvironmentReference("azureml:sklearn:3"),
                Compute = session.WorkspacePath + "/computes/cpu-cluster",
            });

            var events = new List<JobEvent>();
            await foreach (var e in session.Client.StreamAsync("streams-metrics").WithCancellation(new CancellationTokenSource(Bound).Token)) events.Add(e);

            var metrics = events.OfType<JobMetricEvent>().ToList();
            metrics.Select(m => (m.Metric.Key, m.Metric.Step, m.Metric.Value)).Should().Equal(("loss", 0L, 0.9), ("loss", 1L, 0.5), ("loss", 2L, 0.25));
            metrics.Select(m => m.Position.MetricSequence).Should().Equal(1L, 2L, 3L);
            events.OfType<JobStatusEvent>().Last().Status.Should().Be(JobStatus.Completed);
            events.IndexOf(metrics[^1]).Should().BeLessThan(events.IndexOf(events.OfType<JobStatusEvent>().Last()), "the terminal status comes last");

            var resumed = new List<JobMetricEvent>();
            await foreach (var e in session.Client.StreamAsync("streams-metrics", new StreamOptions { StartAt = metrics[0].Position, IncludeLogs = false }))
            {
                if (e is JobMetricEvent metric) resumed.Add(metric);
            }
            resumed.Select(m => m.Metric.Step).Should().Equal([1L, 2L], "a stream resumed after the first point repeats none and misses none");

            var withoutMetrics = new List<JobEvent>();
            await foreach (var e in session.Client.StreamAsync("streams-metrics", new StreamOptions { IncludeMetrics = false })) withoutMetrics.Add(e);
            withoutMetrics.OfType<JobMetricEvent>().Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
