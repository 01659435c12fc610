using System.Collections;
using System.Collections.Immutable;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>An immutable list with structural (element-wise, ordered) equality, for use inside records.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>The empty list.</summary>
    public static ValueList<T> Empty { get; } = new(ImmutableArray<T>.Empty);

    private ValueList(ImmutableArray<T> items) => _items = items;

    /// <summary>Creates a list from items, in order.</summary>
    /// <param name="items">The items.</param>
    public static ValueList<T> From(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToImmutableArray();
        return array.IsEmpty ? Empty : new ValueList<T>(array);
    }

    /// <summary>Returns a list with <paramref name="item"/> appended.</summary>
    /// <param name="item">The item.</param>
    public ValueList<T> Add(T item) => new(_items.Add(item));

    /// <inheritdoc />
    public T this[int index] => _items[index];

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <summary>Whether the list has no items.</summary>
    public bool IsEmpty => _items.IsEmpty;

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(ValueList<T>? other) =>
        ReferenceEquals(this, other) || (other is not null && _items.SequenceEqual(other._items));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    /// <summary>Equality operator.</summary>
    public static bool operator ==(ValueList<T>? left, ValueList<T>? right) => Equals(left, right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(ValueList<T>? left, ValueList<T>? right) => !Equals(left, right);
}

/// <summary>Factory helpers for <see cref="ValueList{T}"/>.</summary>
public static class ValueList
{
    /// <summary>Creates a list of the given items.</summary>
    /// <param name="items">The items.</param>
    public static ValueList<T> Of<T>(params T[] items) => ValueList<T>.From(items);
}
