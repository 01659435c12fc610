using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Consumer.Tests;

/// <summary>
/// Code an application might write against the client: submit a job, pass its log lines to a callback while it runs,
/// cancel it when it runs past a time budget (the runaway GPU run), and report how it ended. Its tests drive it with
/// the fake client and a fake clock.
/// </summary>
public sealed class TrainingRunner(TrainingJobsClient client, TimeProvider timeProvider)
{
    /// <summary>Runs <paramref name="definition"/> to its end, or to <paramref name="budget"/> and a cancel.</summary>
    public async Task<Outcome> RunAsync(JobDefinition definition, Action<string> onLog, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        var job = await client.SubmitAsync(definition, cancellationToken: cancellationToken);
        using var overBudget = new CancellationTokenSource(budget, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, overBudget.Token);
        var canceledForBudget = false;
        try
        {
            await foreach (var e in client.StreamAsync(job.Name, new StreamOptions { IncludeMetrics = false }, stop.Token))
            {
                if (e is JobLogEvent log) onLog(log.Text);
            }
        }
        catch (OperationCanceledException) when (overBudget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            canceledForBudget = true;
            await client.CancelAsync(job.Name, cancellationToken: cancellationToken);
        }
        var ended = await client.WaitForCompletionAsync(job.Name, cancellationToken);
        return new Outcome(ended.Name, ended.Status, ended.Error?.Code, ended.EndedOn - ended.CreatedOn, canceledForBudget);
    }

    /// <summary>How a run ended.</summary>
    public sealed record Outcome(string Name, JobStatus Status, JobErrorCode? ErrorCode, TimeSpan? Took, bool CanceledForBudget);
}
