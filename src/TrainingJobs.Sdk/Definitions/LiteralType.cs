using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>The type of a literal (primitive) input.</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct LiteralType : IEquatable<LiteralType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public LiteralType(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Text.</summary>
    public static LiteralType String { get; } = new("string");

    /// <summary>A whole number.</summary>
    public static LiteralType Integer { get; } = new("integer");

    /// <summary>A floating-point number.</summary>
    public static LiteralType Number { get; } = new("number");

    /// <summary>True or false.</summary>
    public static LiteralType Boolean { get; } = new("boolean");

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<LiteralType> Known { get; } = [String, Integer, Number, Boolean];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static LiteralType Parse(string text)
    {
        var candidate = new LiteralType(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(LiteralType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is LiteralType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(LiteralType left, LiteralType right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(LiteralType left, LiteralType right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator LiteralType(string value) => new(value);
}
