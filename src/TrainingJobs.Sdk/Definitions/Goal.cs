using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>Whether a sweep maximizes or minimizes its primary metric.</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct Goal : IEquatable<Goal>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public Goal(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Larger is better.</summary>
    public static Goal Maximize { get; } = new("maximize");

    /// <summary>Smaller is better.</summary>
    public static Goal Minimize { get; } = new("minimize");

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<Goal> Known { get; } = [Maximize, Minimize];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static Goal Parse(string text)
    {
        var candidate = new Goal(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(Goal other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is Goal other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(Goal left, Goal right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(Goal left, Goal right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator Goal(string value) => new(value);
}
