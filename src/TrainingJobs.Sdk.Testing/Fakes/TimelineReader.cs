using System.Text;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Testing.Fakes;

/// <summary>
/// Turns a fake job's timeline into stream events, in order, with the positions the real stream gives (status and
/// metric sequence numbers, byte offsets per log file), so that resuming from an event's position works as it does
/// against a real workspace. Reads on from where it stopped: a cancel only changes entries after the current time,
/// which this reader has not read yet.
/// </summary>
internal sealed class TimelineReader(string jobName)
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private long _statuses;
    private long _metrics;
    private int _read;

    /// <summary>Whether the terminal status has been read.</summary>
    public bool Ended { get; private set; }

    /// <summary>The events of the entries at or before <paramref name="now"/> not read yet.</summary>
    public IReadOnlyList<JobEvent> ReadUntil(IReadOnlyList<TimelineEntry> timeline, DateTimeOffset now)
    {
        var events = new List<JobEvent>();
        for (; _read < timeline.Count && timeline[_read].At <= now && !Ended; _read++)
        {
            var entry = timeline[_read];
            switch (entry.Kind)
            {
                case ScriptStepKind.Status:
                    _statuses++;
                    events.Add(TrainingJobsModelFactory.JobStatusEvent(jobName, entry.Status, entry.At, entry.Error, Position()));
                    Ended = entry.Status.IsTerminal;
                    break;
                case ScriptStepKind.Log:
                    var offset = _offsets.GetValueOrDefault(entry.File!);
                    // The factory takes the position before the line and moves the file's offset past it.
                    events.Add(TrainingJobsModelFactory.JobLogEvent(jobName, entry.Text!, entry.File!, (int)entry.Number, offset, Position()));
                    _offsets[entry.File!] = offset + Encoding.UTF8.GetByteCount(entry.Text!) + 1;
                    break;
                case ScriptStepKind.Metric:
                    _metrics++;
                    events.Add(TrainingJobsModelFactory.JobMetricEvent(jobName, entry.MetricPoint(), Position()));
                    break;
            }
        }
        return events;
    }

    private JobStreamPosition Position() => TrainingJobsModelFactory.JobStreamPosition(_statuses, _metrics, _offsets);
}
