using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Docs.Snippets.Local;

/// <summary>Streaming a log in blocks, as docs/local-backend.md shows it; compiled and run by the test project.</summary>
public static class LogBlocksSnippet
{
    /// <summary>Counts the lines of a job's log that start with "epoch", reading them in blocks.</summary>
    public static async Task<long> CountEpochLinesAsync(TrainingJobsClient client, Job job)
    {
        #region Snippet:StreamInBlocks
        long count = 0;
        await foreach (var e in client.StreamAsync(job.Name, new StreamOptions { LogLinesInBlocks = true }))
        {
            if (e is not JobLogBlockEvent block) continue;
            foreach (var line in block.Lines)
            {
                if (line.Utf8.StartsWith("epoch"u8)) count++;
            }
        }
        #endregion
        return count;
    }
}
