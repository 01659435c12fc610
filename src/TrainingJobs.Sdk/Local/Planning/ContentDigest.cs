using System.Security.Cryptography;
using System.Text;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>Content digests: SHA-256 of a file, and in-toto <c>dirHash1</c> of a folder (sorted <c>sha256  path</c> lines, hashed).</summary>
internal static class ContentDigest
{
    /// <summary>SHA-256 (hex) of a file.</summary>
    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary><c>dirHash1</c> of a folder: every file, sorted by relative path (ordinal).</summary>
    public static string OfFolder(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => (Relative: Path.GetRelativePath(folder, f).Replace('\\', '/'), Full: f))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => (f.Relative, Sha256: OfFile(f.Full)));
        return OfManifest(files);
    }

    /// <summary><c>dirHash1</c> of (relative path, SHA-256) pairs already sorted by path.</summary>
    public static string OfManifest(IEnumerable<(string Relative, string Sha256)> files)
    {
        var manifest = new StringBuilder();
        foreach (var (relative, sha) in files) manifest.Append(sha).Append("  ").Append(relative).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.ToString())));
    }
}
