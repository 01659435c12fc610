using System.Runtime.CompilerServices;
using Azure;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Consumer.Tests;

/// <summary>Fakes the client the way a consumer would: subclass with the mocking constructor, build models with the factory.</summary>
public sealed class FakeClientTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A scripted client: every submission gets the same scripted stream and outcome.</summary>
    private sealed class ScriptedClient : TrainingJobsClient
    {
        private readonly JobStatus _outcome;
        private readonly JobError? _error;

        public ScriptedClient(JobStatus outcome, JobError? error = null)
        {
            _outcome = outcome;
            _error = error;
        }

        public List<JobDefinition> Submitted { get; } = [];

        public List<DownloadOptions> Downloads { get; } = [];

        public IReadOnlyList<Job> Listed { get; init; } = [];

        public override Task<Job> SubmitAsync(JobDefinition definition, SubmitOptions? options = null, CancellationToken cancellationToken = default)
        {
            Submitted.Add(definition);
            return Task.FromResult(TrainingJobsModelFactory.Job(name: definition.Name ?? "generated-1", definition: definition, status: JobStatus.Queued, createdOn: T0));
        }

        public override async IAsyncEnumerable<JobEvent> StreamAsync(string name, StreamOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return TrainingJobsModelFactory.JobStatusEvent(name, JobStatus.Running, T0);
            yield return TrainingJobsModelFactory.JobLogEvent(name, "epoch 1");
            yield return TrainingJobsModelFactory.JobMetricEvent(name, TrainingJobsModelFactory.MetricPoint("loss", 0.9, 1, T0));
            yield return TrainingJobsModelFactory.JobLogEvent(name, "epoch 2", offset: 8);
            yield return TrainingJobsModelFactory.JobMetricEvent(name, TrainingJobsModelFactory.MetricPoint("loss", 0.4, 2, T0));
            yield return TrainingJobsModelFactory.JobStatusEvent(name, _outcome, T0.AddMinutes(5), _error);
        }

        public override Task<DownloadResult> DownloadAsync(string name, DownloadOptions? options = null, CancellationToken cancellationToken = default)
        {
            Downloads.Add(options!);
            return Task.FromResult(TrainingJobsModelFactory.DownloadResult(
                [TrainingJobsModelFactory.DownloadedOutput("artifacts", options!.DownloadPath + "/artifacts", 3, 120), TrainingJobsModelFactory.DownloadedOutput("model", options.DownloadPath + "/named-outputs/model", 2, 4096)]));
        }

        public override AsyncPageable<Job> GetJobsAsync(JobQuery? query = null, CancellationToken cancellationToken = default) =>
            AsyncPageable<Job>.FromPages([Page<Job>.FromValues(Listed.Where(j => j.ExperimentName == query?.ExperimentName && j.Status == query.Status).ToList(), null, new NoResponse())]);
    }

    // Page<T>.FromValues needs a Response; the fake has none to give.
    private sealed class NoResponse : Response
    {
        public override int Status => 200;
        public override string ReasonPhrase => "OK";
        public override Stream? ContentStream { get; set; }
        public override string ClientRequestId { get; set; } = "";
        public override void Dispose() { }
        protected override bool ContainsHeader(string name) => false;
        protected override IEnumerable<Azure.Core.HttpHeader> EnumerateHeaders() => [];
        protected override bool TryGetHeader(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) { value = null; return false; }
        protected override bool TryGetHeaderValues(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<string>? values) { values = null; return false; }
    }

    private static CommandJob Train => new() { Name = "train-1", Command = "python train.py", Environment = new EnvironmentReference("azureml:env:1"), Compute = "azureml:cpu" };

    [Test]
    public async Task A_completed_job_is_followed_to_the_end_and_its_outputs_downloaded()
    {
        var client = new ScriptedClient(JobStatus.Completed);

        var summary = await new TrainingReport(client).RunAsync(Train, "/tmp/out");

        client.Submitted.Should().ContainSingle().Which.Name.Should().Be("train-1");
        summary.Name.Should().Be("train-1");
        summary.Status.Should().Be(JobStatus.Completed);
        summary.ErrorCode.Should().BeNull();
        summary.Lines.Should().Equal("epoch 1", "epoch 2");
        summary.LastLoss.Should().Be(0.4);
        summary.FilesDownloaded.Should().Be(5);
        client.Downloads.Should().ContainSingle().Which.Should().BeEquivalentTo(new DownloadOptions { All = true, DownloadPath = "/tmp/out" });
    }

    [Test]
    public async Task A_failed_job_reports_its_error_code_and_downloads_nothing()
    {
        var client = new ScriptedClient(JobStatus.Failed, TrainingJobsModelFactory.JobError(JobErrorCode.UserError, "exit code 1"));

        var summary = await new TrainingReport(client).RunAsync(Train, "/tmp/out");

        summary.Status.Should().Be(JobStatus.Failed);
        summary.ErrorCode.Should().Be(JobErrorCode.UserError);
        client.Downloads.Should().BeEmpty();
    }

    [Test]
    public async Task Listing_finds_the_timed_out_jobs_of_an_experiment()
    {
        var client = new ScriptedClient(JobStatus.Completed)
        {
            Listed =
            [
                TrainingJobsModelFactory.Job("slow", experimentName: "exp", status: JobStatus.Failed, error: TrainingJobsModelFactory.JobError(JobErrorCode.JobTimeout, "limits.timeout")),
                TrainingJobsModelFactory.Job("broken", experimentName: "exp", status: JobStatus.Failed, error: TrainingJobsModelFactory.JobError(JobErrorCode.UserError, "exit 1")),
                TrainingJobsModelFactory.Job("elsewhere", experimentName: "other", status: JobStatus.Failed, error: TrainingJobsModelFactory.JobError("jobtimeout", "case differs")),
            ],
        };

        var names = await new TrainingReport(client).TimedOutAsync("exp");

        names.Should().Equal("slow");
    }

    [Test]
    public async Task A_method_the_fake_does_not_override_throws_InvalidOperationException_naming_it()
    {
        var client = new ScriptedClient(JobStatus.Completed);

        var record = () => client.GetRecordAsync("train-1");
        var cancel = () => client.CancelAsync("train-1");

        (await record.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*mocking constructor*GetRecordAsync*");
        (await cancel.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*mocking constructor*CancelAsync*");
    }

    [Test]
    public async Task A_record_made_by_the_factory_round_trips_through_an_override()
    {
        var record = TrainingJobsModelFactory.JobRecord(
            TrainingJobsModelFactory.Job("train-1", status: JobStatus.Completed, exitCode: 0),
            codeDigest: "abc123",
            metrics: new Dictionary<string, IReadOnlyList<MetricPoint>> { ["loss"] = [TrainingJobsModelFactory.MetricPoint("loss", 0.4, 2, T0)] });
        var client = new RecordClient(record);

        var got = await client.GetRecordAsync("train-1");

        got.Job.ExitCode.Should().Be(0);
        got.CodeDigest.Should().Be("abc123");
        got.Metrics["loss"].Should().ContainSingle().Which.Value.Should().Be(0.4);
    }

    private sealed class RecordClient(JobRecord record) : TrainingJobsClient
    {
        public override Task<JobRecord> GetRecordAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(record);
    }
}
