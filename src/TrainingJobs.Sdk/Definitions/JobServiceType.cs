using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>The type of an interactive service on a job's compute (<c>services.&lt;name&gt;.type</c>), spelled as YAML spells it.</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct JobServiceType : IEquatable<JobServiceType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public JobServiceType(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>JupyterLab.</summary>
    public static JobServiceType JupyterLab { get; } = new("jupyter_lab");

    /// <summary>An SSH server.</summary>
    public static JobServiceType Ssh { get; } = new("ssh");

    /// <summary>TensorBoard.</summary>
    public static JobServiceType TensorBoard { get; } = new("tensor_board");

    /// <summary>VS Code.</summary>
    public static JobServiceType VSCode { get; } = new("vs_code");

    /// <summary>A custom service.</summary>
    public static JobServiceType Custom { get; } = new("custom");

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<JobServiceType> Known { get; } = [JupyterLab, Ssh, TensorBoard, VSCode, Custom];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static JobServiceType Parse(string text)
    {
        var candidate = new JobServiceType(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(JobServiceType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is JobServiceType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(JobServiceType left, JobServiceType right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(JobServiceType left, JobServiceType right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator JobServiceType(string value) => new(value);
}
