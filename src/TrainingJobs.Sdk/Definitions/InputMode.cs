using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>How a data input is delivered to the job (YAML spelling).</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct InputMode : IEquatable<InputMode>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public InputMode(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>Read-only mount (the default).</summary>
    public static InputMode ReadOnlyMount { get; } = new("ro_mount");

    /// <summary>Read-write mount.</summary>
    public static InputMode ReadWriteMount { get; } = new("rw_mount");

    /// <summary>Copied to the compute before the job starts.</summary>
    public static InputMode Download { get; } = new("download");

    /// <summary>Only the URI is passed.</summary>
    public static InputMode Direct { get; } = new("direct");

    /// <summary>MLTable evaluation mount.</summary>
    public static InputMode EvalMount { get; } = new("eval_mount");

    /// <summary>MLTable evaluation download.</summary>
    public static InputMode EvalDownload { get; } = new("eval_download");

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<InputMode> Known { get; } = [ReadOnlyMount, ReadWriteMount, Download, Direct, EvalMount, EvalDownload];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static InputMode Parse(string text)
    {
        var candidate = new InputMode(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(InputMode other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is InputMode other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(InputMode left, InputMode right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(InputMode left, InputMode right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator InputMode(string value) => new(value);
}
