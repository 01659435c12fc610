using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Fakes;

namespace TrainingJobs.Sdk.Consumer.Tests;

/// <summary>
/// The service under test (<see cref="TrainingRunner"/>) against <see cref="FakeTrainingJobsClient"/>: scripted
/// timelines of hours run in milliseconds because the test moves a <see cref="FakeTimeProvider"/>, never sleeps.
/// </summary>
public sealed class TrainingRunnerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Budget = TimeSpan.FromHours(4);

    private static CommandJob Train => new() { Name = "nightly-1", Command = "python train.py", Environment = new EnvironmentReference("azureml:env:1"), Compute = "azureml:gpu" };

    [Test]
    public async Task A_completed_run_passes_every_log_line_on_and_ends_Completed()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time).Script("nightly-1", FakeJobScript.Completes()
            .After(TimeSpan.FromMinutes(2)).Running().Log("epoch 1")
            .After(TimeSpan.FromHours(1)).Log("epoch 2")
            .After(TimeSpan.FromMinutes(3)));
        var lines = new List<string>();

        var run = new TrainingRunner(fake, time).RunAsync(Train, lines.Add, Budget);
        run.IsCompleted.Should().BeFalse("the job is queued until the clock moves");
        time.Advance(TimeSpan.FromHours(2));
        var outcome = await run;

        outcome.Should().Be(new TrainingRunner.Outcome("nightly-1", JobStatus.Completed, null, TimeSpan.FromMinutes(65), CanceledForBudget: false));
        lines.Should().Equal("epoch 1", "epoch 2");
        fake.Submitted.Should().ContainSingle().Which.Compute.Should().Be("azureml:gpu");
        fake.CallsTo(nameof(TrainingJobsClient.CancelAsync)).Should().BeEmpty();
    }

    [Test]
    public async Task A_failed_run_ends_Failed_with_the_scripted_error()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time).Script(d => d.Compute == "azureml:gpu", FakeJobScript
            .Fails(TrainingJobsModelFactory.JobError(JobErrorCode.UserError, "CUDA out of memory"))
            .After(TimeSpan.FromSeconds(30)).Running().Log("loading data")
            .After(TimeSpan.FromMinutes(1)).Log("RuntimeError: CUDA out of memory"));
        var lines = new List<string>();

        var run = new TrainingRunner(fake, time).RunAsync(Train, lines.Add, Budget);
        time.Advance(TimeSpan.FromMinutes(5));
        var outcome = await run;

        outcome.Status.Should().Be(JobStatus.Failed);
        outcome.ErrorCode.Should().Be(JobErrorCode.UserError);
        outcome.Took.Should().Be(TimeSpan.FromSeconds(90));
        lines.Should().Equal("loading data", "RuntimeError: CUDA out of memory");
    }

    [Test]
    public async Task A_run_past_its_budget_is_canceled_and_ends_Canceled()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time) { DefaultScript = FakeJobScript.RunsUntilCanceled().After(TimeSpan.FromMinutes(1)).Running().Log("epoch 1") };
        var lines = new List<string>();

        var run = new TrainingRunner(fake, time).RunAsync(Train, lines.Add, Budget);
        time.Advance(Budget);
        var outcome = await run;

        outcome.Status.Should().Be(JobStatus.Canceled);
        outcome.CanceledForBudget.Should().BeTrue();
        outcome.Took.Should().Be(Budget);
        lines.Should().Equal("epoch 1");
        fake.CallsTo(nameof(TrainingJobsClient.CancelAsync)).Should().ContainSingle().Which.CalledOn.Should().Be(T0 + Budget);
        (await fake.GetAsync("nightly-1")).StatusHistory.Select(s => s.Status).Should().Equal(JobStatus.Queued, JobStatus.Running, JobStatus.CancelRequested, JobStatus.Canceled);
    }

    [Test]
    public async Task A_day_long_timeline_runs_in_milliseconds_of_wall_time()
    {
        var time = new FakeTimeProvider(T0);
        var script = FakeJobScript.Completes().After(TimeSpan.FromMinutes(1)).Running();
        for (var epoch = 1; epoch <= 24; epoch++) script = script.After(TimeSpan.FromHours(1)).Log($"epoch {epoch}").Metric("loss", 1.0 / epoch, epoch);
        var fake = new FakeTrainingJobsClient(time) { DefaultScript = script };
        var lines = new List<string>();
        var wall = Stopwatch.StartNew();

        var run = new TrainingRunner(fake, time).RunAsync(Train, lines.Add, TimeSpan.FromDays(2));
        time.Advance(TimeSpan.FromDays(1.5));
        var outcome = await run;

        wall.Stop();
        outcome.Status.Should().Be(JobStatus.Completed);
        lines.Should().HaveCount(24);
        // A fake that slept for real, even a second per hour of job, would take far longer.
        wall.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }
}
