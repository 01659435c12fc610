using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Local.Streaming;

/// <summary>
/// The stream of a parent job (a pipeline or a sweep): its own statuses, and every child's statuses, log lines and
/// metrics as they come, each child's event tagged with its step (<see cref="JobEvent.StepName"/>: the step's name, or
/// a sweep trial's number; its <see cref="JobEvent.JobName"/> the child job). Each job is read by its own
/// <see cref="JobEventReader"/>; children are discovered as they are created (a sweep starts trials as it goes). The
/// parent's terminal status comes last, after every child's stream has ended. <see cref="StreamOptions.StartAt"/>
/// applies to the parent's own statuses; children are read from their start.
/// </summary>
internal static class ParentEventReader
{
    public static async IAsyncEnumerable<JobEvent> ReadAsync(JobStore store, WorkspaceLayout layout, string name, StreamOptions options, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true });
        var children = new ChildPumps(store, layout, name, options, time, channel.Writer, stop.Token);
        var parent = PumpParentAsync(
            JobEventReader.ReadAsync(store, layout, name, new StreamOptions { StartAt = options.StartAt, IncludeLogs = false, IncludeMetrics = false, PollInterval = options.PollInterval },
                time, stop.Token),
            children, channel.Writer, stop.Token);
        _ = parent.ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false)) yield return item;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await parent.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped by the consumer.
            }
        }
    }

    /// <summary>The parent's own statuses; its terminal one held back until every child's stream has ended.</summary>
    private static async Task PumpParentAsync(IAsyncEnumerable<JobEvent> events, ChildPumps children, ChannelWriter<JobEvent> writer, CancellationToken cancellationToken)
    {
        var discovery = children.DiscoverAsync();
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (item is JobStatusEvent { Status.IsTerminal: true })
            {
                // No child is created after the parent ended: one last look, then every child's stream to its end.
                children.StopDiscovering();
                await discovery.ConfigureAwait(false);
                await children.AllEndedAsync().ConfigureAwait(false);
            }
            await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        children.StopDiscovering();
        await discovery.ConfigureAwait(false);
        await children.AllEndedAsync().ConfigureAwait(false);
    }

    /// <summary>One <see cref="JobEventReader"/> per child job, started when the child is first seen.</summary>
    private sealed class ChildPumps(JobStore store, WorkspaceLayout layout, string parent, StreamOptions options, TimeProvider time,
        ChannelWriter<JobEvent> writer, CancellationToken cancellationToken)
    {
        private readonly ConcurrentDictionary<string, Task> _pumps = new(StringComparer.Ordinal);
        private readonly StreamOptions _childOptions = new()
        {
            IncludeLogs = options.IncludeLogs,
            IncludeMetrics = options.IncludeMetrics,
            PollInterval = options.PollInterval,
            LogLinesInBlocks = options.LogLinesInBlocks,
        };
        private volatile bool _stopping;

        public void StopDiscovering() => _stopping = true;

        public Task AllEndedAsync() => Task.WhenAll(_pumps.Values);

        public async Task DiscoverAsync()
        {
            while (true)
            {
                var last = _stopping;
                foreach (var child in store.Jobs.Children(parent))
                {
                    if (!_pumps.ContainsKey(child)) _pumps[child] = PumpAsync(JobEventReader.ReadAsync(store, layout, child, _childOptions, time, cancellationToken, StepName(child)));
                }
                if (last) return;
                await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }

        // A child is named "<parent>_<step>" (a pipeline step) or "<parent>_<n>" (a sweep trial).
        private string StepName(string child) => child.StartsWith(parent + "_", StringComparison.Ordinal) ? child[(parent.Length + 1)..] : child;

        private async Task PumpAsync(IAsyncEnumerable<JobEvent> events)
        {
            await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false)) await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }
}
