using System.Collections.ObjectModel;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>What <see cref="TrainingJobsClient.DownloadAsync"/> fetched and what it could not find.</summary>
public sealed class DownloadResult
{
    internal DownloadResult(IReadOnlyList<DownloadedOutput> downloaded, IReadOnlyList<string> missing, IReadOnlyList<SkippedItem>? skipped = null)
    {
        Downloaded = ReadOnlyCopy.List(downloaded);
        Missing = ReadOnlyCopy.List(missing);
        Skipped = ReadOnlyCopy.List(skipped ?? []);
    }

    /// <summary>What was downloaded.</summary>
    public IReadOnlyList<DownloadedOutput> Downloaded { get; }

    /// <summary>Outputs that were asked for but have nothing to download (never silently empty).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>
    /// What was found but not copied, and why: symbolic links that point out of their output, devices, FIFOs and
    /// sockets, names a link in the target folder stands in the way of, and whatever lies past a size, count or time
    /// limit. A link that stays inside its output is recreated as a link, not listed here.
    /// </summary>
    public IReadOnlyList<SkippedItem> Skipped { get; }
}

/// <summary>One file-system entry left out on purpose, with the reason.</summary>
/// <param name="Path">Where it is, relative to the download folder (<c>artifacts/outputs/x</c>); bytes that are not UTF-8 are shown as <c>\xNN</c>.</param>
/// <param name="Reason">Why it was left out, in words (e.g. "a symbolic link to /etc/shadow, outside the output: not followed").</param>
public sealed record SkippedItem(string Path, string Reason);

/// <summary>One downloaded output.</summary>
/// <param name="Name">The output name (<c>artifacts</c> for the default artifacts).</param>
/// <param name="LocalPath">Where it is now.</param>
/// <param name="FileCount">How many files of the output are in place: written now, or (Azure ML, resuming) found complete from an earlier download and left as they were.</param>
/// <param name="Bytes">How many bytes those files hold.</param>
public sealed record DownloadedOutput(string Name, string LocalPath, int FileCount, long Bytes);

/// <summary>How far a download has come, counted over every file it will fetch or check.</summary>
public sealed class DownloadProgress
{
    internal DownloadProgress(int filesDone, int filesTotal, long bytesDone, long bytesTotal)
    {
        FilesDone = filesDone;
        FilesTotal = filesTotal;
        BytesDone = bytesDone;
        BytesTotal = bytesTotal;
    }

    /// <summary>Files done: fetched, found complete from an earlier download, or skipped.</summary>
    public int FilesDone { get; }

    /// <summary>Files the download will fetch or check (blobs whose names were refused not counted).</summary>
    public int FilesTotal { get; }

    /// <summary>The listed sizes of the files done.</summary>
    public long BytesDone { get; }

    /// <summary>The listed sizes of all the files.</summary>
    public long BytesTotal { get; }
}
