using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Local.Files;

/// <summary>What one walk of a folder found, kept, skipped (with reasons) and why it stopped early, if it did.</summary>
internal sealed class TreeResult
{
    /// <summary>
    /// (relative path bytes, SHA-256, bytes, whether it is a link) of every file and link recorded, unsorted. A link's
    /// digest is <see cref="FileTree.LinkDigest"/> and its size that of its target text.
    /// </summary>
    public List<(byte[] Path, string Sha256, long Size, bool IsLink)> Manifest { get; } = [];

    /// <summary>Regular files read (or copied).</summary>
    public int Files { get; set; }

    /// <summary>Bytes of regular files read (or copied).</summary>
    public long Bytes { get; set; }

    /// <summary>Entries left out, with the reason (paths relative to the walked folder, shown with <see cref="PathBytes.Display"/>).</summary>
    public List<SkippedItem> Skipped { get; } = [];

    /// <summary>Things kept that a user should still hear about (a link to a folder kept as a link).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Why the walk ended before the end (a limit reached), or null when it saw everything.</summary>
    public string? Stopped { get; set; }

    /// <summary>The <c>dirHash1</c> of <see cref="Manifest"/>.</summary>
    public string Digest => ContentDigest.OfManifest(Manifest.Select(m => (m.Path, m.Sha256)));

    /// <summary>The manifest as a record lists it: paths shown as text (<see cref="PathBytes.Display"/>), in the order of their bytes (as <c>dirHash1</c> sorts them).</summary>
    public IReadOnlyList<FileDigest> Listing() =>
        [.. Manifest.OrderBy(m => m.Path, ContentDigest.PathOrder).Select(m => new FileDigest(PathBytes.Display(m.Path), m.Sha256, m.Size, m.IsLink))];

    /// <summary>Every skip, note and early stop as one line each, for logs and warnings: at most <paramref name="max"/> lines, then a count of the rest.</summary>
    public IEnumerable<string> Report(string prefix, int max = 20)
    {
        var lines = Skipped.Select(s => $"{prefix}{s.Path}: {s.Reason}")
            .Concat(Notes.Select(n => prefix + n))
            .Concat(Stopped is null ? [] : [$"{prefix.TrimEnd('/')}: {Stopped}".TrimStart(':', ' ')])
            .ToList();
        return lines.Count <= max ? lines : [.. lines.Take(max), $"{prefix.TrimEnd('/')}: {lines.Count - max} more entries skipped or kept as links".TrimStart(':', ' ')];
    }
}
