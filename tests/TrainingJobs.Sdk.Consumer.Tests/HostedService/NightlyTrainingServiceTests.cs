using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Samples.HostedService;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Fakes;

namespace TrainingJobs.Sdk.Consumer.Tests.HostedService;

/// <summary>
/// The HostedService sample's <see cref="NightlyTrainingService"/> in a generic host wired as the sample's Program wires
/// it, with <c>AddTrainingJobsFake</c> in place of the real client and a <see cref="FakeTimeProvider"/>: a night of
/// scheduling and a runaway run take milliseconds. The test awaits the service's log lines (which it writes once its
/// wait is on the clock), then moves the clock; it never sleeps.
/// </summary>
public sealed class NightlyTrainingServiceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 1, 30, 0, TimeSpan.Zero);

    [Test]
    public async Task Once_submits_the_job_now_logs_its_lines_and_stops_the_host_when_it_completed()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time)
        {
            DefaultScript = FakeJobScript.Completes()
                .After(TimeSpan.FromMinutes(2)).Running().Log("nightly: epoch 1")
                .After(TimeSpan.FromHours(1)).Log("nightly: training done")
                .After(TimeSpan.FromMinutes(3)),
        };
        var logs = new RecordingLoggerProvider();
        using var host = Build(time, logs, fake, ("Nightly:Once", "true"));
        var service = host.Services.GetRequiredService<NightlyTrainingService>();

        await host.StartAsync();
        await logs.WaitForAsync("Submitted nightly job fake-job-1");
        time.Advance(TimeSpan.FromHours(2));
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        service.LastRun.Should().Be(new NightlyRun("fake-job-1", JobStatus.Completed, TimeSpan.FromMinutes(65), CanceledForBudget: false));
        logs.Messages.Select(m => m.Message).Should().ContainInOrder(
            "fake-job-1: status Running", "fake-job-1: nightly: epoch 1", "fake-job-1: nightly: training done", "fake-job-1: status Completed");
        var submitted = fake.Submitted.Should().ContainSingle().Subject.Should().BeOfType<CommandJob>().Subject;
        submitted.ExperimentName.Should().Be("nightly");
        submitted.Command.Should().Be("bash train.sh");
        fake.CallsTo(nameof(TrainingJobsClient.CancelAsync)).Should().BeEmpty();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested.Should().BeTrue("--once stops the host");
        await host.StopAsync();
    }

    [Test]
    public async Task A_run_past_its_budget_is_canceled_at_the_budget()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new FakeTrainingJobsClient(time)
        {
            DefaultScript = FakeJobScript.RunsUntilCanceled().After(TimeSpan.FromMinutes(1)).Running().Log("nightly: epoch 1"),
        };
        var logs = new RecordingLoggerProvider();
        using var host = Build(time, logs, fake, ("Nightly:Once", "true"), ("Nightly:Budget", "01:00:00"));
        var service = host.Services.GetRequiredService<NightlyTrainingService>();

        await host.StartAsync();
        await logs.WaitForAsync("Submitted nightly job");
        time.Advance(TimeSpan.FromHours(1));
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        service.LastRun.Should().Be(new NightlyRun("fake-job-1", JobStatus.Canceled, TimeSpan.FromHours(1), CanceledForBudget: true));
        fake.CallsTo(nameof(TrainingJobsClient.CancelAsync)).Should().ContainSingle().Which.CalledOn.Should().Be(T0 + TimeSpan.FromHours(1));
        logs.Messages.Should().Contain(m => m.Level == LogLevel.Warning && m.Message.Contains("still running after its budget of 01:00:00"));
        logs.Messages.Select(m => m.Message).Should().Contain("fake-job-1: nightly: epoch 1");
        await host.StopAsync();
    }

    [Test]
    public async Task Scheduled_it_waits_for_the_time_of_day_runs_the_job_then_waits_for_the_next_day()
    {
        var time = new FakeTimeProvider(T0); // 01:30 UTC, the fake clock's local zone
        var fake = new FakeTrainingJobsClient(time) { DefaultScript = FakeJobScript.Completes().After(TimeSpan.FromMinutes(10)).Running().Log("nightly: training done") };
        var logs = new RecordingLoggerProvider();
        using var host = Build(time, logs, fake, ("Nightly:At", "02:00"));
        var service = host.Services.GetRequiredService<NightlyTrainingService>();

        await host.StartAsync();
        await logs.WaitForAsync("Next nightly run at 2026-03-01 02:00");
        fake.Submitted.Should().BeEmpty();
        time.Advance(TimeSpan.FromMinutes(29));
        fake.Submitted.Should().BeEmpty("02:00 has not come");
        time.Advance(TimeSpan.FromMinutes(1));
        await logs.WaitForAsync("Submitted nightly job fake-job-1");
        fake.CallsTo(nameof(TrainingJobsClient.SubmitAsync)).Should().ContainSingle().Which.CalledOn.Should().Be(T0 + TimeSpan.FromMinutes(30));
        time.Advance(TimeSpan.FromMinutes(10));
        await logs.WaitForAsync("Next nightly run at 2026-03-02 02:00");

        service.LastRun!.Status.Should().Be(JobStatus.Completed);
        logs.Messages.Select(m => m.Message).Should().Contain("fake-job-1: nightly: training done");
        await host.StopAsync();
    }

    [Test]
    public async Task Scheduled_a_run_that_fails_to_submit_is_logged_and_the_next_night_still_runs()
    {
        var time = new FakeTimeProvider(T0);
        var fake = new RefusesFirstSubmission(time);
        var logs = new RecordingLoggerProvider();
        using var host = Build(time, logs, fake, ("Nightly:At", "02:00"));
        var service = host.Services.GetRequiredService<NightlyTrainingService>();

        await host.StartAsync();
        await logs.WaitForAsync("Next nightly run at 2026-03-01 02:00");
        time.Advance(TimeSpan.FromMinutes(30));
        await logs.WaitForAsync("Next nightly run at 2026-03-02 02:00");
        logs.Messages.Should().Contain(m => m.Level == LogLevel.Error && m.Message.Contains("The nightly run failed: Service unavailable"));
        service.LastRun.Should().BeNull();
        time.Advance(TimeSpan.FromDays(1));
        await logs.WaitForAsync("Next nightly run at 2026-03-03 02:00");

        service.LastRun!.Status.Should().Be(JobStatus.Completed);
        fake.Submitted.Should().ContainSingle();
        await host.StopAsync();
    }

    /// <summary>A fake whose first submission fails as an unreachable service does; the rest are the fake's own.</summary>
    private sealed class RefusesFirstSubmission(TimeProvider time) : FakeTrainingJobsClient(time)
    {
        private int _submissions;

        public override Task<Job> SubmitAsync(JobDefinition definition, SubmitOptions? options = null, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _submissions) == 1
                ? Task.FromException<Job>(new Azure.RequestFailedException(503, "Service unavailable"))
                : base.SubmitAsync(definition, options, cancellationToken);
    }

    [TestCase("2026-03-01T01:30:00Z", "2026-03-01T02:00:00Z")]
    [TestCase("2026-03-01T02:00:00Z", "2026-03-02T02:00:00Z")]
    [TestCase("2026-03-01T23:00:00Z", "2026-03-02T02:00:00Z")]
    public void The_next_run_is_the_next_time_of_day_strictly_after_now(string now, string expected) =>
        NightlyTrainingService.NextRun(DateTimeOffset.Parse(now), new TimeOnly(2, 0), TimeZoneInfo.Utc).Should().Be(DateTimeOffset.Parse(expected));

    [Test]
    public void The_next_run_is_the_time_of_day_in_the_zone_given()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("plus-two", TimeSpan.FromHours(2), "plus-two", "plus-two");

        // 01:30 UTC is 03:30 there: 02:00 there has passed today, so tomorrow's, which is 00:00 UTC.
        NightlyTrainingService.NextRun(T0, new TimeOnly(2, 0), plusTwo).Should().Be(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
    }

    [Test]
    public async Task A_budget_that_is_not_positive_fails_the_host_at_start_naming_the_key()
    {
        var time = new FakeTimeProvider(T0);
        using var host = Build(time, new RecordingLoggerProvider(), new FakeTrainingJobsClient(time), ("Nightly:Budget", "00:00:00"));

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>())
            .Which.Failures.Should().Contain("Nightly:Budget must be a positive time (hh:mm:ss).");
    }

    /// <summary>The sample's registrations, with the fake client and clock in place of the real ones.</summary>
    private static IHost Build(FakeTimeProvider time, RecordingLoggerProvider logs, FakeTrainingJobsClient fake, params (string Key, string Value)[] settings)
    {
        // No defaults: the test's settings only (not the sample's appsettings.json copied beside the tests).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["TrainingJobs:Workspaces:local:Kind"] = "Local",
                ["TrainingJobs:Workspaces:local:Home"] = Path.Combine(Path.GetTempPath(), "never-created"),
            }.Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))));
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddTrainingJobs(builder.Configuration.GetSection(TrainingJobsOptions.SectionName));
        builder.Services.AddNightlyTraining(builder.Configuration.GetSection(NightlyOptions.SectionName));
        builder.Services.AddTrainingJobsFake(fake);
        return builder.Build();
    }
}
