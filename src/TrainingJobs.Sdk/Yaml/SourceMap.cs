using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// Maps a path inside the definition (<c>jobs.train.inputs.lr</c>, the same dotted form validation uses) to
/// where it was written: file, line and column. A path not found falls back to its nearest written parent.
/// <see cref="Locate"/> gives the key (<c>command:</c>); <see cref="LocateValue"/> gives the value written after it.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> _values = new(StringComparer.Ordinal);

    internal SourceMap()
    {
    }

    /// <summary>How many paths are mapped.</summary>
    public int Count => _locations.Count;

    internal void Record(string path, TreeNode node) =>
        _locations.TryAdd(path, new SourceLocation(node.File, node.Line, node.Column));

    /// <summary>Records where the value of <paramref name="path"/> starts (the scalar after <c>key:</c>).</summary>
    internal void RecordValue(string path, TreeNode value) =>
        _values.TryAdd(path, new SourceLocation(value.File, value.Line, value.Column));

    /// <summary>Records, under <paramref name="to"/>, every location recorded under <paramref name="from"/> (a component used by two steps).</summary>
    internal void CopyPrefix(string from, string to)
    {
        foreach (var (path, location) in _locations.Where(e => IsUnder(e.Key, from)).ToList())
        {
            _locations.TryAdd(to + path[from.Length..], location);
        }
        foreach (var (path, location) in _values.Where(e => IsUnder(e.Key, from)).ToList())
        {
            _values.TryAdd(to + path[from.Length..], location);
        }
    }

    /// <summary>
    /// Returns where the value of <paramref name="path"/> starts (for <c>command:   python …</c>, the <c>p</c>;
    /// for a block scalar, its <c>|</c> or <c>&gt;</c> indicator), or <see cref="Locate"/>'s answer when no value
    /// was recorded for exactly that path.
    /// </summary>
    /// <param name="path">A dotted path, e.g. <c>jobs.train.command</c>.</param>
    public SourceLocation? LocateValue(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _values.TryGetValue(path, out var location) ? location : Locate(path);
    }

    /// <summary>Returns where <paramref name="path"/> (or its nearest parent) was written; null when nothing was recorded.</summary>
    /// <param name="path">A dotted path, e.g. <c>jobs.train.inputs.lr</c>.</param>
    public SourceLocation? Locate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var candidate = path;
        while (true)
        {
            if (_locations.TryGetValue(candidate, out var location)) return location;
            if (candidate.Length == 0) return null;
            candidate = DiagnosticPath.Parent(candidate);
        }
    }

    /// <summary>
    /// Returns <paramref name="diagnostic"/> placed in the file: with the location of its path (the value's start for
    /// codes about the text of an expression, which the scanner reports on the field; the key for the rest), or as it
    /// is when it has a location already or its path was not written. Use it for diagnostics found after loading
    /// (e.g. <c>TrainingJobsClient.ValidateAsync</c>'s), so they point at the file like the loader's own.
    /// </summary>
    /// <param name="diagnostic">A diagnostic about the definition this map was recorded for.</param>
    public Diagnostic Place(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        if (diagnostic.Location is not null) return diagnostic;
        var location = diagnostic.Code switch
        {
            ValidationCodes.UnknownExpressionReference or ValidationCodes.MalformedExpression or
                ValidationCodes.OptionalInputOutsideOptionalSegment => LocateValue(diagnostic.Path),
            _ => Locate(diagnostic.Path),
        };
        return location is null ? diagnostic : diagnostic with { Location = location };
    }

    /// <summary>Whether <paramref name="path"/> lies below <paramref name="parent"/> (<c>a.b</c>, <c>a[0]</c>, <c>a['b.c']</c> under <c>a</c>).</summary>
    private static bool IsUnder(string path, string parent) =>
        path.Length > parent.Length && path.StartsWith(parent, StringComparison.Ordinal) && path[parent.Length] is '.' or '[';
}
