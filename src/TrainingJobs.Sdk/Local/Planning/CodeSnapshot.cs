using System.Security.Cryptography;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>Copies a job's code folder into the job (honouring <c>.amlignore</c>, else <c>.gitignore</c>) and digests what it copied.</summary>
internal static class CodeSnapshot
{
    /// <summary>Folders never copied: version-control metadata.</summary>
    private static readonly HashSet<string> AlwaysSkipped = new(StringComparer.Ordinal) { ".git" };

    /// <summary>Copies <paramref name="source"/> (a folder or one file) into <paramref name="target"/>; returns the <c>dirHash1</c> of the copy and the rule file used.</summary>
    public static (string Digest, string? IgnoreFile, int FileCount) Take(string source, string target)
    {
        Directory.CreateDirectory(target);
        var copied = new List<(string Relative, string Sha256)>();
        string? ignoreFile = null;
        if (File.Exists(source))
        {
            var name = Path.GetFileName(source);
            copied.Add((name, CopyFile(source, Path.Combine(target, name))));
        }
        else
        {
            var rules = IgnoreRules.ForFolder(source);
            ignoreFile = rules.Source;
            CopyFolder(source, source, target, rules, copied);
        }
        copied.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return (ContentDigest.OfManifest(copied), ignoreFile, copied.Count);
    }

    private static void CopyFolder(string root, string folder, string target, IgnoreRules rules, List<(string, string)> copied)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            var isDirectory = entry is DirectoryInfo && (entry.LinkTarget is null);
            if (isDirectory && AlwaysSkipped.Contains(entry.Name)) continue;
            if (rules.IsIgnored(relative, isDirectory)) continue;
            var destination = Path.Combine(target, relative);
            if (isDirectory)
            {
                Directory.CreateDirectory(destination);
                CopyFolder(root, entry.FullName, target, rules, copied);
            }
            else if (entry is FileInfo || File.Exists(entry.FullName))
            {
                copied.Add((relative, CopyFile(entry.FullName, destination)));
            }
        }
    }

    /// <summary>Copies one file and returns the SHA-256 of the bytes copied.</summary>
    public static string CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        using var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        using var output = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            output.Write(buffer, 0, read);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Copies a folder as it is (no ignore rules): used for inputs in <c>download</c> mode and for downloads.</summary>
    public static (int Files, long Bytes) CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        var files = 0;
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
            files++;
            bytes += new FileInfo(destination).Length;
        }
        return (files, bytes);
    }
}
