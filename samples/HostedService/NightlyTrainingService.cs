using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Samples.HostedService;

/// <summary>
/// Submits the nightly job at <see cref="NightlyOptions.At"/> every day (or once, now), streams its status, log lines
/// and metrics to the logger, and cancels it when it runs past <see cref="NightlyOptions.Budget"/>. Every wait is on the
/// container's <see cref="TimeProvider"/>, so a test drives a night in milliseconds with a fake clock.
/// </summary>
public sealed class NightlyTrainingService(
    TrainingJobsClient client,
    IOptions<NightlyOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<NightlyTrainingService> logger) : BackgroundService
{
    /// <summary>The settings the service runs with.</summary>
    public NightlyOptions Options => options.Value;

    /// <summary>How the last run ended; null before one has.</summary>
    public NightlyRun? LastRun { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Options.Once)
        {
            try
            {
                LastRun = await RunAsync(stoppingToken);
            }
            finally
            {
                // Once means the host's work is done, however the run went; Program turns LastRun into the exit code.
                lifetime.StopApplication();
            }
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            var next = NextRun(now, Options.At, timeProvider.LocalTimeZone);
            // The wait is on the clock before it is announced, so whoever reads the line can move a fake clock past it.
            var wait = Task.Delay(next - now, timeProvider, stoppingToken);
            logger.LogInformation("Next nightly run at {Next:yyyy-MM-dd HH:mm zzz}", next);
            await wait;
            try
            {
                LastRun = await RunAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // One night's failure (the service unreachable, a refused submission) is logged, not fatal: the
                // service is there for the next night.
                logger.LogError(e, "The nightly run failed: {Message}", e.Message);
            }
        }
    }

    /// <summary>Submits one nightly job and follows it to its end, canceling it past the budget.</summary>
    /// <param name="cancellationToken">Stops following the job (the job itself keeps running).</param>
    /// <returns>How the run ended.</returns>
    public async Task<NightlyRun> RunAsync(CancellationToken cancellationToken)
    {
        var settings = Options;
        var builder = new CommandJobBuilder()
            .WithDisplayName($"nightly {timeProvider.GetLocalNow():yyyy-MM-dd}")
            .WithExperiment(settings.Experiment)
            .WithCommand(settings.Command)
            .WithEnvironment(settings.Environment)
            .WithTag("sample", "hostedservice");
        if (settings.Code is { Length: > 0 } code) builder = builder.WithCode(code);
        // The code folder is resolved next to the program, not the working directory the host was started in.
        var job = await client.SubmitAsync(builder.Build(), new SubmitOptions { BaseDirectory = AppContext.BaseDirectory }, cancellationToken);

        // The budget counts from the submission (queueing included): it bounds what the run costs, not how it runs.
        using var overBudget = new CancellationTokenSource(settings.Budget, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, overBudget.Token);
        logger.LogInformation("Submitted nightly job {Job} (budget {Budget})", job.Name, settings.Budget);
        var canceledForBudget = false;
        try
        {
            await foreach (var e in client.StreamAsync(job.Name, cancellationToken: stop.Token))
            {
                switch (e)
                {
                    case JobLogEvent log:
                        logger.LogInformation("{Job}: {Line}", job.Name, log.Text);
                        break;
                    case JobMetricEvent metric:
                        logger.LogInformation("{Job}: metric {Key} = {Value}", job.Name, metric.Metric.Key, metric.Metric.Value);
                        break;
                    case JobStatusEvent status:
                        logger.LogInformation("{Job}: status {Status}", job.Name, status.Status);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (overBudget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            canceledForBudget = true;
            logger.LogWarning("Nightly job {Job} is still running after its budget of {Budget}: canceling it", job.Name, settings.Budget);
            await client.CancelAsync(job.Name, cancellationToken: cancellationToken);
        }
        var ended = await client.WaitForCompletionAsync(job.Name, cancellationToken);
        var run = new NightlyRun(ended.Name, ended.Status, ended.EndedOn - ended.CreatedOn, canceledForBudget);
        if (ended.Status == JobStatus.Completed) logger.LogInformation("Nightly job {Job} completed in {Took}", run.Name, run.Took);
        else logger.LogWarning("Nightly job {Job} ended {Status}{Reason}", run.Name, run.Status, canceledForBudget ? " (over budget)" : ended.Error is { } error ? ": " + error.Message : "");
        return run;
    }

    /// <summary>The first time at or after <paramref name="now"/> that is <paramref name="at"/> in <paramref name="zone"/>, strictly after now.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="at">The time of day.</param>
    /// <param name="zone">The zone the time of day is in.</param>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var candidate = local.Date + at.ToTimeSpan();
        if (candidate <= local.DateTime) candidate = candidate.AddDays(1);
        // A time of day a clock change skips has no offset of its own; the zone's standard offset places it.
        return new DateTimeOffset(candidate, zone.IsInvalidTime(candidate) ? zone.BaseUtcOffset : zone.GetUtcOffset(candidate));
    }
}

/// <summary>How a nightly run ended.</summary>
/// <param name="Name">The job's name.</param>
/// <param name="Status">Its final status.</param>
/// <param name="Took">From its submission to its end.</param>
/// <param name="CanceledForBudget">Whether the service canceled it for running past the budget.</param>
public sealed record NightlyRun(string Name, JobStatus Status, TimeSpan? Took, bool CanceledForBudget);
