using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>
/// The component files of one load: those read (each read once, however many steps use it) and those being read
/// now, innermost last, so that a file that refers back to itself is a cycle and not endless recursion.
/// </summary>
internal sealed class ComponentFileCache
{
    private readonly Dictionary<string, CachedComponent> _read = new(StringComparer.Ordinal);
    private readonly Stack<string> _loading = new();

    /// <summary>How many component files are being read, one inside the other.</summary>
    public int Depth => _loading.Count;

    /// <summary>The file at <paramref name="fullPath"/> as read before, or null when it was not.</summary>
    public CachedComponent? Find(string fullPath) => _read.TryGetValue(fullPath, out var cached) ? cached : null;

    /// <summary>Whether <paramref name="fullPath"/> is being read now (a reference to it is a cycle).</summary>
    public bool IsLoading(string fullPath) => _loading.Contains(fullPath);

    /// <summary>Marks <paramref name="fullPath"/> as being read; each call is paired with <see cref="EndLoading"/>.</summary>
    public void BeginLoading(string fullPath) => _loading.Push(fullPath);

    /// <summary>Marks the innermost file as read.</summary>
    public void EndLoading() => _loading.Pop();

    /// <summary>Remembers what <paramref name="fullPath"/> read as, and the path it was first read under.</summary>
    public void Add(string fullPath, ComponentDefinition? definition, string? kind, string firstPath) =>
        _read[fullPath] = new CachedComponent(definition, kind, firstPath);
}

/// <summary>A component file as read: its definition (null when unreadable), its kind, and the path it was first read under.</summary>
internal sealed record CachedComponent(ComponentDefinition? Definition, string? Kind, string FirstPath);
