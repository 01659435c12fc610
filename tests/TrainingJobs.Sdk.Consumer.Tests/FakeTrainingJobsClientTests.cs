using System.Security.Cryptography;
using System.Text;
using Azure;
using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage;
using TrainingJobs.Sdk.Testing.Fakes;

namespace TrainingJobs.Sdk.Consumer.Tests;

/// <summary>What <see cref="FakeTrainingJobsClient"/> promises, method by method, driven by a fake clock.</summary>
public sealed class FakeTrainingJobsClientTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CommandJob Job(string? name) => new() { Name = name, Command = "python train.py", Environment = new EnvironmentReference("azureml:env:1"), Compute = "azureml:cpu" };

    private static FakeJobScript Training => FakeJobScript.Completes()
        .After(TimeSpan.FromSeconds(10)).Running().Log("epoch 1").Metric("loss", 0.9, 1)
        .After(TimeSpan.FromMinutes(1)).Log("epoch 1", file: "user_logs/std_log_process_1.txt", rank: 1).Log("epoch 2").Metric("loss", 0.4, 2)
        .After(TimeSpan.FromMinutes(1))
        .Output("model", "model.onnx", "weights").Output("model", "meta/card.md", "# card");

    /// <summary>A clock that another thread advances once, just as the first timer is being made (the race of a test's Advance).</summary>
    private sealed class AdvancedWhileArming(DateTimeOffset start, TimeSpan jump) : FakeTimeProvider(start)
    {
        private int _armed;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (Interlocked.Exchange(ref _armed, 1) == 0) Advance(jump);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    [Test]
    public async Task A_wait_whose_clock_moves_past_the_next_entry_while_its_timer_is_made_still_sees_the_entry()
    {
        // The clock jumps 2 h between the wait reading it and making its timer: a timer made for "1 h from then"
        // would be due at 3 h, which no later Advance reaches; the wait must see the job ended at 1 h.
        var time = new AdvancedWhileArming(T0, TimeSpan.FromHours(2));
        var fake = new FakeTrainingJobsClient(time).Script("a", FakeJobScript.Completes().After(TimeSpan.FromHours(1)));
        await fake.SubmitAsync(Job("a"));

        var done = await fake.WaitForCompletionAsync("a").WaitAsync(TimeSpan.FromSeconds(30));

        done.Status.Should().Be(JobStatus.Completed);
        done.EndedOn.Should().Be(T0.AddHours(1));
    }

    [Test]
    public async Task GetAsync_follows_the_script_as_the_clock_moves()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time).Script("a", Training);

        (await fake.SubmitAsync(Job("a"))).Status.Should().Be(JobStatus.Queued);
        time.Advance(TimeSpan.FromSeconds(10));
        var running = await fake.GetAsync("a");
        time.Advance(TimeSpan.FromMinutes(5));
        var done = await fake.GetAsync("a");

        running.Status.Should().Be(JobStatus.Running);
        running.StartedOn.Should().Be(T0.AddSeconds(10));
        done.Status.Should().Be(JobStatus.Completed);
        done.ExitCode.Should().Be(0);
        done.EndedOn.Should().Be(T0.AddSeconds(130));
        done.StatusHistory.Select(s => (s.Status, s.ChangedOn)).Should().Equal((JobStatus.Queued, T0), (JobStatus.Running, T0.AddSeconds(10)), (JobStatus.Completed, T0.AddSeconds(130)));
    }

    [Test]
    public async Task StreamAsync_gives_positions_that_resume_where_a_reader_stopped()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time) { DefaultScript = Training };
        await fake.SubmitAsync(Job("a"));
        time.Advance(TimeSpan.FromHours(1));

        var all = new List<JobEvent>();
        await foreach (var e in fake.StreamAsync("a")) all.Add(e);
        var rest = new List<JobEvent>();
        await foreach (var e in fake.StreamAsync("a", new StreamOptions { StartAt = all[3].Position })) rest.Add(e);

        all.Select(e => e.ToString()).Should().Equal("[status] Queued", "[status] Running", "epoch 1", "[metric] loss=0.9 (step 1)", "epoch 1", "epoch 2", "[metric] loss=0.4 (step 2)", "[status] Completed");
        all.OfType<JobLogEvent>().Select(l => (l.File, l.Rank, l.Offset)).Should().Equal(("user_logs/std_log.txt", 0, 0L), ("user_logs/std_log_process_1.txt", 1, 0L), ("user_logs/std_log.txt", 0, 8L));
        rest.Select(e => e.ToString()).Should().Equal(all.Skip(4).Select(e => e.ToString()));
    }

    [Test]
    public async Task StreamAsync_in_blocks_gives_each_scripted_line_as_a_block_with_the_same_offsets_and_positions()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time) { DefaultScript = Training };
        await fake.SubmitAsync(Job("a"));
        time.Advance(TimeSpan.FromHours(1));

        var lines = new List<JobEvent>();
        await foreach (var e in fake.StreamAsync("a")) lines.Add(e);
        var blocks = new List<JobEvent>();
        await foreach (var e in fake.StreamAsync("a", new StreamOptions { LogLinesInBlocks = true })) blocks.Add(e);

        blocks.Should().NotContain(e => e is JobLogEvent);
        var blockLines = new List<(string, long, string)>();
        foreach (var block in blocks.OfType<JobLogBlockEvent>())
        {
            foreach (var line in block.Lines) blockLines.Add((block.File, line.Offset, line.Text));
        }
        blockLines.Should().Equal(lines.OfType<JobLogEvent>().Select(l => (l.File, l.Offset, l.Text)));
        blocks.Select(e => e.Position.ToString()).Should().Equal(lines.Select(e => e.Position.ToString()));
    }

    [Test]
    public async Task CancelAsync_moves_through_CancelRequested_to_Canceled_and_cuts_the_rest_of_the_script()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time).Script("a", Training.CancelTakes(TimeSpan.FromSeconds(30)));
        await fake.SubmitAsync(Job("a"));
        time.Advance(TimeSpan.FromSeconds(20));

        var requested = await fake.CancelAsync("a", new CancelOptions { WaitForCompletion = false });
        var waiting = fake.WaitForCompletionAsync("a");
        waiting.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(30));
        var canceled = await waiting;

        requested.Status.Should().Be(JobStatus.CancelRequested);
        canceled.Status.Should().Be(JobStatus.Canceled);
        canceled.Error!.Code.Should().Be(JobErrorCode.Canceled);
        canceled.ExitCode.Should().BeNull();
        canceled.EndedOn.Should().Be(T0.AddSeconds(50));
        var record = await fake.GetRecordAsync("a");
        record.Metrics["loss"].Should().ContainSingle("the second point was due after the cancel");
    }

    [Test]
    public async Task A_job_that_runs_until_canceled_wakes_a_waiting_stream_when_it_is_canceled()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time) { DefaultScript = FakeJobScript.RunsUntilCanceled().Running() };
        await fake.SubmitAsync(Job("a"));
        var statuses = new List<JobStatus>();
        async Task ReadAsync()
        {
            await foreach (var e in fake.StreamAsync("a")) if (e is JobStatusEvent s) statuses.Add(s.Status);
        }

        // The reader takes what is due at once, then waits: for a next entry there is none, so only for a change.
        var reading = ReadAsync();
        reading.IsCompleted.Should().BeFalse();
        await fake.CancelAsync("a");
        await reading.WaitAsync(TimeSpan.FromSeconds(10));

        statuses.Should().Equal(JobStatus.Queued, JobStatus.Running, JobStatus.CancelRequested, JobStatus.Canceled);
    }

    [Test]
    public async Task DownloadAsync_writes_the_scripted_outputs_and_logs_in_the_az_ml_layout()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time) { DefaultScript = Training };
        await fake.SubmitAsync(Job("a") with { Outputs = ValueMap.Of<JobOutput>(("model", new JobOutput()), ("report", new JobOutput())) });
        var folder = Path.Combine(Path.GetTempPath(), "tj-fake-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var early = () => fake.DownloadAsync("a", new DownloadOptions { DownloadPath = folder });
            (await early.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(409);
            time.Advance(TimeSpan.FromHours(1));

            var result = await fake.DownloadAsync("a", new DownloadOptions { DownloadPath = folder, All = true });
            var unknown = () => fake.DownloadAsync("a", new DownloadOptions { DownloadPath = folder, OutputName = "nope" });

            result.Downloaded.Select(d => (d.Name, d.FileCount)).Should().Equal(("artifacts", 2), ("model", 2));
            result.Missing.Should().Equal("report");
            File.ReadAllText(Path.Combine(folder, "named-outputs", "model", "meta", "card.md")).Should().Be("# card");
            File.ReadAllText(Path.Combine(folder, "artifacts", "user_logs", "std_log.txt")).Should().Be("epoch 1\nepoch 2\n");
            (await unknown.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(400);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Scripts_are_picked_by_name_then_predicate_then_default_and_unnamed_jobs_get_names()
    {
        var time = new FakeTimeProvider(T0);
        var error = TrainingJobsModelFactory.JobError(JobErrorCode.UserError, "boom");
        var fake = new FakeTrainingJobsClient(time)
            .Script("named", FakeJobScript.Fails(error).WithExitCode(3))
            .Script(d => d.ExperimentName == "exp", FakeJobScript.Fails(error));

        var named = await fake.SubmitAsync(Job("named") with { ExperimentName = "exp" });
        var matched = await fake.SubmitAsync(Job(null) with { ExperimentName = "exp" });
        var other = await fake.SubmitAsync(Job(null));

        (await fake.GetAsync(named.Name)).ExitCode.Should().Be(3);
        (await fake.GetAsync(matched.Name)).Status.Should().Be(JobStatus.Failed);
        (await fake.GetAsync(other.Name)).Status.Should().Be(JobStatus.Completed);
        fake.Submitted.Select(d => d.Name).Should().Equal("named", "fake-job-1", "fake-job-2");
        var again = () => fake.SubmitAsync(Job("named"));
        (await again.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(409);
    }

    [Test]
    public async Task Every_call_is_recorded_with_its_arguments_and_time()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time);
        await fake.SubmitAsync(Job("a"));
        time.Advance(TimeSpan.FromMinutes(1));
        await fake.UpdateTagsAsync("a", new Dictionary<string, string?> { ["stage"] = "prod" });
        var missing = () => fake.GetAsync("nope");
        (await missing.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(404);

        fake.Calls.Select(c => (c.Method, c.JobName, c.CalledOn)).Should().Equal(("SubmitAsync", "a", T0), ("UpdateTagsAsync", "a", T0.AddMinutes(1)), ("GetAsync", "nope", T0.AddMinutes(1)));
        fake.Calls[1].Arguments[1].Should().BeEquivalentTo(new Dictionary<string, string?> { ["stage"] = "prod" });
    }

    [Test]
    public async Task GetJobsAsync_filters_like_the_real_list_newest_first()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time).Script("failed", FakeJobScript.Fails(TrainingJobsModelFactory.JobError()));
        await fake.SubmitAsync(Job("old") with { ExperimentName = "exp" });
        time.Advance(TimeSpan.FromMinutes(1));
        await fake.SubmitAsync(Job("failed") with { ExperimentName = "exp" });
        await fake.SubmitAsync(Job("archived") with { ExperimentName = "exp" });
        await fake.SubmitAsync(Job("elsewhere"));
        await fake.ArchiveAsync("archived");
        await fake.UpdateTagsAsync("old", new Dictionary<string, string?> { ["keep"] = "yes" });

        async Task<List<string>> List(JobQuery query)
        {
            var names = new List<string>();
            await foreach (var job in fake.GetJobsAsync(query)) names.Add(job.Name);
            return names;
        }

        (await List(new JobQuery { ExperimentName = "exp" })).Should().Equal("failed", "old");
        (await List(new JobQuery { ExperimentName = "exp", Archived = ArchiveFilter.All })).Should().Equal("archived", "failed", "old");
        (await List(new JobQuery { Status = JobStatus.Failed })).Should().Equal("failed");
        (await List(new JobQuery { Tags = new Dictionary<string, string?> { ["keep"] = null } })).Should().Equal("old");
        (await List(new JobQuery { MaxResults = 1 })).Should().Equal("elsewhere");
    }

    [Test]
    public async Task Records_lineage_and_content_queries_come_from_the_scripts()
    {
        var time = new FakeTimeProvider(T0);
        var raw = Convert.ToHexStringLower(SHA256.HashData("raw"u8));
        var fake = new FakeTrainingJobsClient(time)
            .Script("prep", FakeJobScript.Completes().Input("raw", "https://data.example/raw.csv", raw).Output("data", "train.csv", "a,b"))
            .Script("train", FakeJobScript.Completes().InputFrom("data", "prep", "data", "train.csv").Output("model", "model.onnx", "weights"));
        await fake.SubmitAsync(Job("prep"));
        await fake.SubmitAsync(Job("train"));
        var model = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("weights")));

        var record = await fake.GetRecordAsync("train");
        var graph = await fake.GetLineageAsync("train");
        var trace = await fake.TraceContentAsync(model);

        record.OutputFiles["model"].Should().ContainSingle().Which.Sha256.Should().Be(model);
        graph.UpstreamOf("train").Should().Equal("prep");
        trace.ProducedBy.Should().ContainSingle().Which.Record.Job.Name.Should().Be("train");
        trace.Chain.Select(p => (p.Record.Job.Name, p.Output, p.ReadBy)).Should().Equal(("train", "model", null), ("prep", "data", "train"));
        trace.SourceInputs.Should().ContainSingle().Which.Input.Sha256.Should().Be(raw);
        (await fake.FindContentAsync(raw)).Should().Equal(new ContentMatch("prep", ContentMatch.Input, "raw", "raw.csv"));
    }

    [Test]
    public void Scripts_are_immutable_and_refuse_what_a_job_cannot_do()
    {
        var base_ = FakeJobScript.Completes().After(TimeSpan.FromMinutes(1));
        var longer = base_.After(TimeSpan.FromMinutes(1));

        base_.Duration.Should().Be(TimeSpan.FromMinutes(1));
        longer.Duration.Should().Be(TimeSpan.FromMinutes(2));
        FluentActions.Invoking(() => base_.Status(JobStatus.Completed)).Should().Throw<ArgumentException>().WithMessage("*Completes*");
        FluentActions.Invoking(() => base_.Output("model", "../escape.txt", "x")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => base_.After(TimeSpan.FromSeconds(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
