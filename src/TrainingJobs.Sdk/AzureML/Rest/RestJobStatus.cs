using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The job status (<c>status</c>, read-only). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestJobStatus>))]
internal readonly record struct RestJobStatus(string Value) : IRestEnum<RestJobStatus>
{
    public static RestJobStatus NotStarted { get; } = new("NotStarted");

    public static RestJobStatus Starting { get; } = new("Starting");

    public static RestJobStatus Provisioning { get; } = new("Provisioning");

    public static RestJobStatus Preparing { get; } = new("Preparing");

    public static RestJobStatus Queued { get; } = new("Queued");

    public static RestJobStatus Running { get; } = new("Running");

    public static RestJobStatus Finalizing { get; } = new("Finalizing");

    public static RestJobStatus CancelRequested { get; } = new("CancelRequested");

    public static RestJobStatus Completed { get; } = new("Completed");

    public static RestJobStatus Failed { get; } = new("Failed");

    public static RestJobStatus Canceled { get; } = new("Canceled");

    public static RestJobStatus NotResponding { get; } = new("NotResponding");

    public static RestJobStatus Paused { get; } = new("Paused");

    public static RestJobStatus Unknown { get; } = new("Unknown");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestJobStatus> Known { get; } = [NotStarted, Starting, Provisioning, Preparing, Queued, Running, Finalizing, CancelRequested, Completed, Failed, Canceled, NotResponding, Paused, Unknown];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestJobStatus FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
