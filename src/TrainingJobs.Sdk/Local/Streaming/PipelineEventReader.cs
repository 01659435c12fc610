using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// The stream of a pipeline: the pipeline's statuses and every step's statuses, log lines and metrics as they come,
/// each step's event tagged with its step (<see cref="JobEvent.StepName"/>, its <see cref="JobEvent.JobName"/> the
/// step's child job). Each job is read by its own <see cref="JobEventReader"/>; the pipeline's terminal status comes
/// last, after every step's stream has ended. <see cref="StreamOptions.StartAt"/> applies to the pipeline's own
/// statuses; steps are read from their start.
/// </summary>
internal static class PipelineEventReader
{
    public static async IAsyncEnumerable<JobEvent> ReadAsync(JobStore store, WorkspaceLayout layout, string name, StreamOptions options, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true });
        var prefix = name + "_";
        var stepOptions = new StreamOptions { IncludeLogs = options.IncludeLogs, IncludeMetrics = options.IncludeMetrics, PollInterval = options.PollInterval };
        // Every step's child job is recorded at submit, so the list is complete from the start.
        var steps = store.Jobs.Children(name).Select(child => Pump(
            JobEventReader.ReadAsync(store, layout, child, stepOptions, time, stop.Token, child.StartsWith(prefix, StringComparison.Ordinal) ? child[prefix.Length..] : child),
            channel.Writer, stop.Token)).ToList();
        var all = Task.WhenAll(steps);
        var pipeline = PumpPipelineAsync(JobEventReader.ReadAsync(store, layout, name, new StreamOptions { StartAt = options.StartAt, IncludeLogs = false, IncludeMetrics = false, PollInterval = options.PollInterval }, time, stop.Token),
            all, channel.Writer, stop.Token);
        _ = pipeline.ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false)) yield return item;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await pipeline.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped by the consumer.
            }
        }
    }

    private static async Task Pump(IAsyncEnumerable<JobEvent> events, ChannelWriter<JobEvent> writer, CancellationToken cancellationToken)
    {
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false)) await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pipeline's own statuses; its terminal one held back until every step's stream has ended.</summary>
    private static async Task PumpPipelineAsync(IAsyncEnumerable<JobEvent> events, Task steps, ChannelWriter<JobEvent> writer, CancellationToken cancellationToken)
    {
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (item is JobStatusEvent { Status.IsTerminal: true }) await steps.WaitAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        await steps.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
