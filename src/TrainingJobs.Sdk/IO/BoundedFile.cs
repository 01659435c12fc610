using TrainingJobs.Sdk.Local.Files;

namespace TrainingJobs.Sdk.IO;

/// <summary>
/// Reads a file the user names (a job YAML, a component, a job resource JSON, the workspace's
/// <c>environments.json</c>) without trusting what is at that path: only a regular file is opened (a FIFO with no
/// writer would block <c>open(2)</c> forever, <c>/dev/zero</c> never ends), and never more than a limit is read,
/// even when the file grows or is swapped for a device between the check and the read.
/// </summary>
internal static class BoundedFile
{
    /// <summary>Reads all of a regular file of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="path">The file; a link is followed (the user named it).</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <exception cref="BoundedFileException">The path is not a regular file, or the file is larger than the limit.</exception>
    /// <exception cref="IOException">The file cannot be read (missing, no permission, …), as <see cref="File.ReadAllBytes"/> says.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read the file.</exception>
    public static byte[] ReadAllBytes(string path, int maxBytes)
    {
        long size = 0;
        if (EntryStatus.OfPath(path, followLinks: true) is { Kind: not EntryKind.Missing } status)
        {
            if (status.Kind != EntryKind.File) throw new BoundedFileException(BoundedFileProblem.NotRegularFile, $"'{path}' is {EntryStatus.Describe(status.Kind)}, not a regular file.");
            if (status.Size > maxBytes) throw TooLarge(path, maxBytes);
            size = status.Size;
        }
        // Past the check, the read is still bounded: a file that grows, or a device put in its place, stops at the limit.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        var buffer = new byte[(int)Math.Min(Math.Max(size, 0) + 1, (long)maxBytes + 1)];
        var read = 0;
        while (true)
        {
            if (read == buffer.Length)
            {
                if (buffer.Length > maxBytes) throw TooLarge(path, maxBytes);
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
            }
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0) break;
            read += n;
        }
        if (read > maxBytes) throw TooLarge(path, maxBytes);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    /// <summary>Reads all of a regular UTF-8 text file of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <exception cref="BoundedFileException">The path is not a regular file, or the file is larger than the limit.</exception>
    public static string ReadAllText(string path, int maxBytes)
    {
        var bytes = ReadAllBytes(path, maxBytes);
        // Like File.ReadAllText: a UTF-8 byte order mark is not part of the text.
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        return System.Text.Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }

    /// <summary>A limit in words: <c>4 MiB</c>, <c>512 KiB</c>, <c>100 bytes</c>.</summary>
    public static string DescribeLimit(int bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };

    private static BoundedFileException TooLarge(string path, int maxBytes) =>
        new(BoundedFileProblem.TooLarge, $"'{path}' is larger than the limit of {DescribeLimit(maxBytes)}.");

}

/// <summary>Why <see cref="BoundedFile"/> refused a file.</summary>
internal enum BoundedFileProblem
{
    /// <summary>A FIFO, device, socket or folder.</summary>
    NotRegularFile,

    /// <summary>More bytes than the limit.</summary>
    TooLarge,
}

/// <summary>A file <see cref="BoundedFile"/> refused to read; the message names the file and says why.</summary>
internal sealed class BoundedFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">Why the file was refused.</param>
    /// <param name="message">The message, naming the file.</param>
    public BoundedFileException(BoundedFileProblem problem, string message) : base(message) => Problem = problem;

    /// <summary>Why the file was refused.</summary>
    public BoundedFileProblem Problem { get; }
}
