using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>How an output is written (YAML spelling).</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct OutputMode : IEquatable<OutputMode>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public OutputMode(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Read-write mounted folder (the default).</summary>
    public static OutputMode ReadWriteMount { get; } = new("rw_mount");

    /// <summary>Uploaded when the job ends.</summary>
    public static OutputMode Upload { get; } = new("upload");

    /// <summary>Only the URI is passed.</summary>
    public static OutputMode Direct { get; } = new("direct");

    /// <summary>Legacy mount mode.</summary>
    public static OutputMode Mount { get; } = new("mount");

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<OutputMode> Known { get; } = [ReadWriteMount, Upload, Direct, Mount];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static OutputMode Parse(string text)
    {
        var candidate = new OutputMode(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(OutputMode other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is OutputMode other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(OutputMode left, OutputMode right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(OutputMode left, OutputMode right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator OutputMode(string value) => new(value);
}
