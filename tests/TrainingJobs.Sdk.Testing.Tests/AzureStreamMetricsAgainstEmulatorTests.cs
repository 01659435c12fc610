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
