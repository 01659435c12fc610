using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>The kind of a job (YAML <c>type</c>, REST <c>jobType</c>).</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct JobKind : IEquatable<JobKind>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public JobKind(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>A single command run in an environment.</summary>
    public static JobKind Command { get; } = new("command");

    /// <summary>A graph of steps.</summary>
    public static JobKind Pipeline { get; } = new("pipeline");

    /// <summary>A hyperparameter sweep over trials of a command.</summary>
    public static JobKind Sweep { get; } = new("sweep");

    /// <summary>An AutoML job (not modelled by the SDK).</summary>
    public static JobKind AutoML { get; } = new("automl");

    /// <summary>A Spark job (not modelled by the SDK).</summary>
    public static JobKind Spark { get; } = new("spark");

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<JobKind> Known { get; } = [Command, Pipeline, Sweep, AutoML, Spark];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static JobKind Parse(string text)
    {
        var candidate = new JobKind(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(JobKind other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is JobKind other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(JobKind left, JobKind right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(JobKind left, JobKind right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator JobKind(string value) => new(value);
}
