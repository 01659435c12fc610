using System.ComponentModel;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>The status of a job, as Azure ML reports it (REST <c>properties.status</c>).</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and any other value the service
/// or a file uses survives a round trip unchanged. Comparison ignores case, because Azure ML spellings vary.
/// </remarks>
public readonly struct JobStatus : IEquatable<JobStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public JobStatus(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The job has not started yet.</summary>
    public static JobStatus NotStarted { get; } = new("NotStarted");

    /// <summary>The run has started.</summary>
    public static JobStatus Starting { get; } = new("Starting");

    /// <summary>Compute is being provisioned.</summary>
    public static JobStatus Provisioning { get; } = new("Provisioning");

    /// <summary>The environment is being prepared.</summary>
    public static JobStatus Preparing { get; } = new("Preparing");

    /// <summary>The job waits for capacity.</summary>
    public static JobStatus Queued { get; } = new("Queued");

    /// <summary>User code runs.</summary>
    public static JobStatus Running { get; } = new("Running");

    /// <summary>User code has ended; outputs are being collected.</summary>
    public static JobStatus Finalizing { get; } = new("Finalizing");

    /// <summary>Cancellation was requested.</summary>
    public static JobStatus CancelRequested { get; } = new("CancelRequested");

    /// <summary>The job succeeded (terminal).</summary>
    public static JobStatus Completed { get; } = new("Completed");

    /// <summary>The job failed (terminal).</summary>
    public static JobStatus Failed { get; } = new("Failed");

    /// <summary>The job was canceled (terminal).</summary>
    public static JobStatus Canceled { get; } = new("Canceled");

    /// <summary>Heartbeat lost (terminal for the SDK, though the service may resume it).</summary>
    public static JobStatus NotResponding { get; } = new("NotResponding");

    /// <summary>Paused (terminal for the SDK).</summary>
    public static JobStatus Paused { get; } = new("Paused");

    /// <summary>The service reported no known status.</summary>
    public static JobStatus Unknown { get; } = new("Unknown");

    /// <summary>Whether the job has ended (Completed, Failed, Canceled, NotResponding or Paused), as azure-ai-ml treats it.</summary>
    public bool IsTerminal => this == Completed || this == Failed || this == Canceled || this == NotResponding || this == Paused;

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<JobStatus> Known { get; } = [NotStarted, Starting, Provisioning, Preparing, Queued, Running, Finalizing, CancelRequested, Completed, Failed, Canceled, NotResponding, Paused, Unknown];

    /// <summary>Returns the well-known value that matches <paramref name="text"/> ignoring case, or a new value that keeps the text.</summary>
    /// <param name="text">The text.</param>
    public static JobStatus Parse(string text)
    {
        var candidate = new JobStatus(text);
        foreach (var known in Known)
        {
            if (known.Equals(candidate)) return known;
        }
        return candidate;
    }

    /// <inheritdoc />
    public bool Equals(JobStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is JobStatus other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(JobStatus left, JobStatus right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(JobStatus left, JobStatus right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator JobStatus(string value) => new(value);
}
