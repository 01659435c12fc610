using System.Globalization;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary>
/// <c>tj job download</c>'s progress: one line on standard error, rewritten in place (<c>\r</c>) at most every 200 ms,
/// ended with a newline once every file is done. Only for a terminal: redirected output gets no control characters.
/// </summary>
internal sealed class DownloadProgressLine(TextWriter error, TimeProvider time) : IProgress<DownloadProgress>
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);
    private const double MiB = 1024 * 1024;
    private long? _last;

    public void Report(DownloadProgress value)
    {
        if (value.FilesTotal == 0) return;
        var finished = value.FilesDone >= value.FilesTotal;
        var now = time.GetTimestamp();
        if (!finished && _last is { } last && time.GetElapsedTime(last, now) < Every) return;
        _last = now;
        error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\rdownloading: {value.FilesDone}/{value.FilesTotal} files, {value.BytesDone / MiB:F1}/{value.BytesTotal / MiB:F1} MiB"));
        if (finished) error.WriteLine();
    }
}
