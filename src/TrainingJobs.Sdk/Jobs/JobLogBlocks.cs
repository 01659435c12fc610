using System.Text;
using TrainingJobs.Sdk.Local.Streaming;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>
/// The client's side of <see cref="StreamOptions.LogLinesInBlocks"/> for a backend that does not make blocks itself
/// (<see cref="JobBackend.StreamsLogBlocks"/>): a block of each line it yields.
/// </summary>
internal static class JobLogBlocks
{
    /// <summary>
    /// For a backend that reads lines one at a time (Azure ML, where a log comes in ranged reads of text): each
    /// <see cref="JobLogEvent"/> of <paramref name="events"/> as a block of its one line, everything else as it is.
    /// </summary>
    public static async IAsyncEnumerable<JobEvent> FromLines(IAsyncEnumerable<JobEvent> events)
    {
        await foreach (var e in events.ConfigureAwait(false))
        {
            yield return e is JobLogEvent line ? OfLine(line) : e;
        }
    }

    /// <summary>A block of one line: the line's shown text and offsets, its event's position.</summary>
    public static JobLogBlockEvent OfLine(JobLogEvent line)
    {
        var bytes = Encoding.UTF8.GetBytes(line.Text);
        return new JobLogBlockEvent(line.JobName, line.BasePosition, line.File, line.Rank, bytes, [new LogLine(line.Offset, line.LogNextOffset, 0, bytes.Length)])
        {
            StepName = line.StepName,
        };
    }
}
