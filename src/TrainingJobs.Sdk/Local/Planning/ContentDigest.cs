using System.Security.Cryptography;
using TrainingJobs.Sdk.Local.Files;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>Content digests: SHA-256 of a file, and in-toto <c>dirHash1</c> of a folder (sorted <c>sha256  path</c> lines, hashed).</summary>
internal static class ContentDigest
{
    /// <summary>SHA-256 (hex) of a regular file the user named; a device, FIFO or socket is refused (<see cref="IOException"/>), never opened for long.</summary>
    public static string OfFile(string path) => OfFile(path, out _);

    /// <summary>SHA-256 (hex) of a regular file the user named, and how many bytes it read.</summary>
    public static string OfFile(string path, out long size)
    {
        using var stream = DirectoryHandle.TryOpenFile(path, out var refusal) ?? throw new IOException($"{path}: {refusal}");
        var digest = Convert.ToHexStringLower(SHA256.HashData(stream));
        size = stream.Position;
        return digest;
    }

    /// <summary><c>dirHash1</c> of a folder: every file and link (see <see cref="FileTree"/>), sorted by relative path.</summary>
    public static string OfFolder(string folder) => OfFolder(folder, out _);

    /// <summary><c>dirHash1</c> of a folder, and what it left out (special files, a limit reached) as lines to warn with.</summary>
    public static string OfFolder(string folder, out IReadOnlyList<string> notices)
    {
        var result = TreeOf(folder);
        notices = result.Report("").ToList();
        return result.Digest;
    }

    /// <summary>The walk <see cref="OfFolder(string, out IReadOnlyList{string})"/> digests: every file's digest, and what it left out.</summary>
    public static TreeResult TreeOf(string folder)
    {
        using var root = DirectoryHandle.TryOpen(folder, out var refusal) ?? throw new IOException(refusal);
        return FileTree.Digest(root, TreeLimits.Default, TimeProvider.System);
    }

    /// <summary>
    /// What <see cref="OfFolder(string, out IReadOnlyList{string})"/> would leave out, without reading any file's
    /// bytes: validation reports the same notices as a submit without digesting a large input twice.
    /// </summary>
    public static IReadOnlyList<string> RehearseFolder(string folder)
    {
        using var root = DirectoryHandle.TryOpen(folder, out var refusal) ?? throw new IOException(refusal);
        return FileTree.RehearseDigest(root, TreeLimits.Default, TimeProvider.System).Report("").ToList();
    }

    /// <summary>Opens a file the way <see cref="OfFile(string)"/> does, failing the same way, without reading it.</summary>
    public static void RehearseFile(string path)
    {
        using var stream = DirectoryHandle.TryOpenFile(path, out var refusal) ?? throw new IOException($"{path}: {refusal}");
    }

    /// <summary>
    /// <c>dirHash1</c> of (relative path, SHA-256) pairs: lines <c>sha256  path\n</c> sorted by the path's bytes (for
    /// UTF-8 names the same order as by code point), the path written as its bytes, so a name that is not UTF-8 is
    /// digested as it is rather than dropped.
    /// </summary>
    public static string OfManifest(IEnumerable<(byte[] Path, string Sha256)> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, sha) in entries.OrderBy(e => e.Path, PathOrder))
        {
            hash.AppendData(System.Text.Encoding.ASCII.GetBytes(sha + "  "));
            hash.AppendData(path);
            hash.AppendData("\n"u8);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The order of <c>dirHash1</c>: by a path's bytes, as <c>LC_ALL=C sort</c> does.</summary>
    public static IComparer<byte[]> PathOrder => ByteOrder.Instance;

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
