using System.Collections;
using System.Collections.Immutable;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>
/// An immutable, insertion-ordered map from string keys to values with <em>structural</em> equality, so that
/// records holding maps (inputs, tags, steps…) compare by content. Two maps are equal when they hold the same
/// keys (ordinal) with equal values, whatever their order.
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class ValueMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<ValueMap<TValue>>
{
    private readonly ImmutableArray<KeyValuePair<string, TValue>> _entries;
    private readonly ImmutableDictionary<string, TValue> _lookup;

    /// <summary>The empty map.</summary>
    public static ValueMap<TValue> Empty { get; } = new(ImmutableArray<KeyValuePair<string, TValue>>.Empty);

    private ValueMap(ImmutableArray<KeyValuePair<string, TValue>> entries)
    {
        _entries = entries;
        _lookup = ImmutableDictionary.CreateRange(StringComparer.Ordinal, entries);
    }

    /// <summary>Creates a map from entries; a later duplicate key replaces the earlier value in place.</summary>
    /// <param name="entries">The entries, in order.</param>
    public static ValueMap<TValue> From(IEnumerable<KeyValuePair<string, TValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var builder = ImmutableArray.CreateBuilder<KeyValuePair<string, TValue>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry.Key, nameof(entries));
            if (index.TryGetValue(entry.Key, out var at))
            {
                builder[at] = entry;
            }
            else
            {
                index[entry.Key] = builder.Count;
                builder.Add(entry);
            }
        }
        return builder.Count == 0 ? Empty : new ValueMap<TValue>(builder.ToImmutable());
    }

    /// <summary>Returns a map with <paramref name="key"/> set to <paramref name="value"/> (replaced in place if present).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public ValueMap<TValue> SetItem(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return From(_entries.Append(new KeyValuePair<string, TValue>(key, value)));
    }

    /// <summary>Returns a map without <paramref name="key"/>.</summary>
    /// <param name="key">The key to remove.</param>
    public ValueMap<TValue> Remove(string key) =>
        _lookup.ContainsKey(key) ? From(_entries.Where(e => e.Key != key)) : this;

    /// <inheritdoc />
    public TValue this[string key] => _lookup[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <inheritdoc />
    public IEnumerable<TValue> Values => _entries.Select(e => e.Value);

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <summary>Whether the map has no entries.</summary>
    public bool IsEmpty => _entries.Length == 0;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _lookup.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out TValue value) => _lookup.TryGetValue(key, out value!);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, TValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(ValueMap<TValue>? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Count != Count) return false;
        var comparer = EqualityComparer<TValue>.Default;
        foreach (var (key, value) in _entries)
        {
            if (!other._lookup.TryGetValue(key, out var theirs) || !comparer.Equals(value, theirs)) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ValueMap<TValue> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Order-independent: XOR of per-entry hashes.
        var hash = Count;
        foreach (var (key, value) in _entries)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value);
        }
        return hash;
    }

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}")) + "}";

    /// <summary>Equality operator.</summary>
    public static bool operator ==(ValueMap<TValue>? left, ValueMap<TValue>? right) => Equals(left, right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(ValueMap<TValue>? left, ValueMap<TValue>? right) => !Equals(left, right);
}

/// <summary>Factory helpers for <see cref="ValueMap{TValue}"/>.</summary>
public static class ValueMap
{
    /// <summary>Creates a map from entries, in order.</summary>
    /// <param name="entries">The entries.</param>
    public static ValueMap<TValue> From<TValue>(IEnumerable<KeyValuePair<string, TValue>> entries) => ValueMap<TValue>.From(entries);

    /// <summary>Creates a map from (key, value) tuples, in order.</summary>
    /// <param name="entries">The entries.</param>
    public static ValueMap<TValue> Of<TValue>(params (string Key, TValue Value)[] entries) =>
        ValueMap<TValue>.From(entries.Select(e => new KeyValuePair<string, TValue>(e.Key, e.Value)));
}
