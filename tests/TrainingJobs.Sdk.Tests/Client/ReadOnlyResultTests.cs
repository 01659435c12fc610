using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Client;

/// <summary>What a backend puts into an output model cannot be changed through it, even by casting.</summary>
public sealed class ReadOnlyResultTests
{
    [Test]
    public void Collections_a_backend_sets_on_a_job_and_a_record_are_read_only_copies()
    {
        var tags = new Dictionary<string, string> { ["a"] = "1" };
        var warnings = new List<string> { "w" };
        var job = new Job("j", new CommandJob { Name = "j" }, JobStatus.Completed) { Tags = tags, StatusHistory = [new JobStatusChange(JobStatus.Completed, default)] };
        var record = new JobRecord(job) { Warnings = warnings, Metrics = new Dictionary<string, IReadOnlyList<MetricPoint>> { ["loss"] = new List<MetricPoint>() } };
        tags["b"] = "2";
        warnings.Add("x");

        job.Tags.Should().HaveCount(1);
        record.Warnings.Should().Equal("w");
        FluentActions.Invoking(() => ((IDictionary<string, string>)job.Tags).Add("c", "3")).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => ((IList<JobStatusChange>)job.StatusHistory).Clear()).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => ((IList<string>)record.Warnings).Add("y")).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => ((IList<MetricPoint>)record.Metrics["loss"]).Add(new MetricPoint("loss", 1, 0, default))).Should().Throw<NotSupportedException>();
    }

    [Test]
    public void A_download_result_holds_read_only_copies()
    {
        var missing = new List<string> { "logs" };
        var result = new DownloadResult([], missing);
        missing.Add("other");

        result.Missing.Should().Equal("logs");
        FluentActions.Invoking(() => ((IList<string>)result.Missing).Add("z")).Should().Throw<NotSupportedException>();
    }
}
