using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>What the Azure stream tests share: collecting a stream, rebuilding a file from its lines, and reading the log the emulator wrote.</summary>
internal static class StreamedLogs
{
    /// <summary>The emulator's artifact container (<c>azureml</c>), read straight from Azurite (never through the fault proxy).</summary>
    public static BlobContainerClient ArtifactContainer(AzureMLEmulator emulator) =>
        new(new Uri($"{emulator.DirectBlobServiceUri.AbsoluteUri.TrimEnd('/')}/azureml"), new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey));

    /// <summary>A run's log file as the emulator uploaded it (<c>ExperimentRun/dcid.{run}/{file}</c>).</summary>
    public static async Task<string> LogBlobAsync(AzureMLEmulator emulator, string run, string file = "user_logs/std_log.txt") =>
        (await ArtifactContainer(emulator).GetBlobClient($"ExperimentRun/dcid.{run}/{file}").DownloadContentAsync()).Value.Content.ToString();

    /// <summary>One file's log as its lines rebuild it, each checked to start where the one before it ended.</summary>
    public static string Rebuild(IEnumerable<JobLogEvent> lines)
    {
        var text = new StringBuilder();
        long expected = 0;
        foreach (var line in lines)
        {
            line.Offset.Should().Be(expected, "each line starts where the one before it ended: no byte skipped or repeated");
            text.Append(line.Text).Append('\n');
            expected += Encoding.UTF8.GetByteCount(line.Text) + 1;
        }
        return text.ToString();
    }

    /// <summary>The events of a stream, to its end or until <paramref name="stopAfterLogs"/> log lines were received.</summary>
    public static async Task<List<JobEvent>> CollectAsync(IAsyncEnumerable<JobEvent> events, int? stopAfterLogs = null)
    {
        var collected = new List<JobEvent>();
        var logs = 0;
        await foreach (var e in events)
        {
            collected.Add(e);
            if (e is JobLogEvent && ++logs == stopAfterLogs) break;
        }
        return collected;
    }
}
