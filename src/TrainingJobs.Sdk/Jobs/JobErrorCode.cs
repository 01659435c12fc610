using System.ComponentModel;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>Why a job failed or was canceled, as a stable code (<see cref="JobError.Code"/>).</summary>
/// <remarks>
/// An extensible enumeration: the well-known values are static properties, and a code this library does not know
/// (from a newer backend or service) survives unchanged. Comparison ignores case, like the other extensible
/// enumerations of this library.
/// </remarks>
public readonly struct JobErrorCode : IEquatable<JobErrorCode>
{
    private readonly string? _value;

    /// <summary>Creates a value from its text.</summary>
    /// <param name="value">The text of the value.</param>
    public JobErrorCode(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The job's own command failed (a non-zero exit code).</summary>
    public static JobErrorCode UserError { get; } = new("UserError");

    /// <summary>The backend could not run the job (e.g. its supervisor could not start).</summary>
    public static JobErrorCode SystemError { get; } = new("SystemError");

    /// <summary>The job ran past its <c>limits.timeout</c> and was stopped.</summary>
    public static JobErrorCode JobTimeout { get; } = new("JobTimeout");

    /// <summary>The process that supervised the job went away before the job ended (local backend).</summary>
    public static JobErrorCode SupervisorLost { get; } = new("SupervisorLost");

    /// <summary>The disk holding the workspace filled up while the job ran (local backend).</summary>
    public static JobErrorCode DiskFull { get; } = new("DiskFull");

    /// <summary>The job was canceled.</summary>
    public static JobErrorCode Canceled { get; } = new("Canceled");

    /// <summary>Whether this is one of the well-known values.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <summary>The well-known values.</summary>
    public static IReadOnlyList<JobErrorCode> Known { get; } = [UserError, SystemError, JobTimeout, SupervisorLost, DiskFull, Canceled];

    /// <inheritdoc />
    public bool Equals(JobErrorCode other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is JobErrorCode other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(JobErrorCode left, JobErrorCode right) => left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(JobErrorCode left, JobErrorCode right) => !left.Equals(right);

    /// <summary>Converts text to a value.</summary>
    public static implicit operator JobErrorCode(string value) => new(value);
}
