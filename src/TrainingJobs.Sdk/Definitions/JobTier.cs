using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>The queue tier of a job (<c>queue_settings.job_tier</c>).</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct JobTier : IEquatable<JobTier>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public JobTier(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>No tier.</summary>
    public static JobTier Null { get; } = new("null");

    /// <summary>Spot capacity.</summary>
    public static JobTier Spot { get; } = new("spot");

    /// <summary>Basic tier.</summary>
    public static JobTier Basic { get; } = new("basic");

    /// <summary>Standard tier.</summary>
    public static JobTier Standard { get; } = new("standard");

    /// <summary>Premium tier.</summary>
    public static JobTier Premium { get; } = new("premium");

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<JobTier> Known { get; } = [Null, Spot, Basic, Standard, Premium];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static JobTier Parse(string text)
    {
        var candidate = new JobTier(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(JobTier other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is JobTier other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(JobTier left, JobTier right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(JobTier left, JobTier right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator JobTier(string value) => new(value);
}
