using System.Collections;
using System.Text;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Sweeps;

/// <summary>
/// The sampled values of one sweep trial: an ordered map from search-space name to the value the trial runs with.
/// </summary>
/// <remarks>
/// <para>
/// The map is flat. A top-level parameter contributes one entry under its own name. When a choice picks a plain
/// value, the choice's name maps to that value. When it picks a nested group, the choice contributes no value of
/// its own (a group is not a literal) and the group's entries appear under <c>choice.entry</c> names, recursively
/// (<see cref="NestedName"/>).
/// </para>
/// <para>
/// Why dotted names: azure-ai-ml sends a nested group as an object under the choice's name
/// (<c>Choice._to_rest_object</c>, and the test config <c>sweep_job_recursive_search_space.yaml</c>), and no Azure ML
/// page says how the service names the values it hands the trial. The names therefore follow the object path, which
/// is what this SDK's validator already accepts in a trial command (<c>${{search_space.choice.entry}}</c>,
/// <c>CommandScope.Contains</c>), and which keeps two sibling groups that both define, say, <c>lr</c> apart from each
/// other and from a top-level <c>lr</c>. Should the service turn out to use bare names, only
/// <see cref="NestedName"/> changes.
/// </para>
/// <para>Equality is by content, in order: two trials are equal when they have the same names, in the same order,
/// with equal values.</para>
/// </remarks>
internal sealed class TrialParameters : IReadOnlyList<KeyValuePair<string, LiteralValue>>, IEquatable<TrialParameters>
{
    private readonly KeyValuePair<string, LiteralValue>[] _entries;

    /// <summary>Creates the parameters from entries, in order. Names must be distinct.</summary>
    public TrialParameters(IEnumerable<KeyValuePair<string, LiteralValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in _entries)
        {
            if (!seen.Add(entry.Key)) throw new ArgumentException($"The name '{entry.Key}' appears twice.", nameof(entries));
        }
    }

    /// <summary>The name a nested group's entry gets: the choice's name, a dot, and the entry's name.</summary>
    public static string NestedName(string choiceName, string entryName) => choiceName + "." + entryName;

    /// <summary>The names, in order.</summary>
    public IEnumerable<string> Names => _entries.Select(e => e.Key);

    /// <summary>The value of <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The trial has no such name.</exception>
    public LiteralValue this[string name] =>
        TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"The trial has no parameter '{name}'.");

    /// <inheritdoc />
    public KeyValuePair<string, LiteralValue> this[int index] => _entries[index];

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <summary>Looks a value up by name.</summary>
    public bool TryGetValue(string name, out LiteralValue value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, name, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The parameters as a <see cref="ValueMap{TValue}"/>, for code that takes the SDK's map type.</summary>
    public ValueMap<LiteralValue> ToValueMap() => ValueMap.From(_entries);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, LiteralValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, LiteralValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(TrialParameters? other) =>
        other is not null && (ReferenceEquals(this, other) || _entries.AsSpan().SequenceEqual(other._entries));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TrialParameters);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in _entries)
        {
            hash.Add(entry.Key, StringComparer.Ordinal);
            hash.Add(entry.Value);
        }
        return hash.ToHashCode();
    }

    /// <summary>The parameters as <c>name=value</c> pairs, for logs and test messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in _entries)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(name).Append('=').Append(value.ToString());
        }
        return text.ToString();
    }
}
