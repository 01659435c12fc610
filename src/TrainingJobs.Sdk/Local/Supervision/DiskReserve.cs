using System.Globalization;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// Space a supervisor sets aside in its job's folder before the job starts, and gives back when, after the job's
/// processes are gone, a write to the workspace database finds the disk full: a job that fills the disk holding the
/// workspace then still ends with its real exit code and a clear <c>DiskFull</c> error, instead of a supervisor that
/// cannot record anything. Given back only at the end, never for the job's own metrics while it runs (those are refused
/// with an error the job's MLflow client sees). The file is deleted when the job ends.
/// </summary>
internal sealed class DiskReserve : IDisposable
{
    /// <summary>1 MiB: the end of a job (a few small transactions in the database's WAL) needs tens of KiB.</summary>
    public const int Size = 1 << 20;

    private readonly string _path;
    private bool _held;

    private DiskReserve(string path, bool held)
    {
        _path = path;
        _held = held;
    }

    /// <summary>Whether the reserve was given back because the disk was full.</summary>
    public bool WasReleased { get; private set; }

    /// <summary>Writes the reserve (real blocks: a sparse file would reserve nothing); holds none when the disk is too full already.</summary>
    public static DiskReserve Take(string folder)
    {
        var path = Path.Combine(folder, ".disk-reserve");
        try
        {
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(new byte[Size]);
                file.Flush(flushToDisk: true);
            }
            return new DiskReserve(path, held: true);
        }
        catch (IOException)
        {
            TryDelete(path);
            return new DiskReserve(path, held: false);
        }
    }

    /// <summary>Gives the space back; false when there was none to give (the write then fails for good).</summary>
    public bool Release()
    {
        if (!_held) return false;
        _held = false;
        WasReleased = true;
        return TryDelete(_path);
    }

    /// <summary>The error message of a job that failed on a full disk.</summary>
    public static string FullMessage(string home, int exitCode, string where, string logTail) =>
        $"The disk holding the workspace ({home}) is full. The command exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}{where}, " +
        "most likely because it could not write. What it wrote after the disk filled is lost (its outputs and logs may be cut short), and so are " +
        "the metrics it logged and the supervisor's log lines from then on. Free space on that disk and run the job again. Last lines of its log:\n" + logTail;

    public void Dispose()
    {
        _held = false;
        TryDelete(_path);
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
