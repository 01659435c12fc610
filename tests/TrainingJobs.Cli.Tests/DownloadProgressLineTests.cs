using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Cli.Commands.Job;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Cli.Tests;

/// <summary>The progress line of <c>tj job download</c>: rewritten in place, throttled, always ending with the final count.</summary>
public sealed class DownloadProgressLineTests
{
    [Test]
    public void Reports_within_200_ms_are_dropped_but_the_last_one_is_always_shown_and_ends_the_line()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        var line = new DownloadProgressLine(error, time);
        const long MiB = 1024 * 1024;

        line.Report(TrainingJobsModelFactory.DownloadProgress(0, 4, 0, 4 * MiB));
        line.Report(TrainingJobsModelFactory.DownloadProgress(1, 4, MiB, 4 * MiB));
        time.Advance(TimeSpan.FromMilliseconds(250));
        line.Report(TrainingJobsModelFactory.DownloadProgress(2, 4, 2 * MiB, 4 * MiB));
        line.Report(TrainingJobsModelFactory.DownloadProgress(3, 4, 3 * MiB, 4 * MiB));
        line.Report(TrainingJobsModelFactory.DownloadProgress(4, 4, 4 * MiB, 4 * MiB));

        error.ToString().Should().Be(
            "\rdownloading: 0/4 files, 0.0/4.0 MiB\rdownloading: 2/4 files, 2.0/4.0 MiB\rdownloading: 4/4 files, 4.0/4.0 MiB" + Environment.NewLine);
    }

    [Test]
    public void Nothing_to_fetch_prints_nothing()
    {
        var error = new StringWriter();

        new DownloadProgressLine(error, new FakeTimeProvider()).Report(TrainingJobsModelFactory.DownloadProgress(0, 0, 0, 0));

        error.ToString().Should().BeEmpty();
    }
}
