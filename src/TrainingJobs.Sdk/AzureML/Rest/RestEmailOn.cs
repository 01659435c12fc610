using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>An event that sends an e-mail (<c>emailOn</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestEmailOn>))]
internal readonly record struct RestEmailOn(string Value) : IRestEnum<RestEmailOn>
{
    public static RestEmailOn JobCompleted { get; } = new("JobCompleted");

    public static RestEmailOn JobFailed { get; } = new("JobFailed");

    public static RestEmailOn JobCancelled { get; } = new("JobCancelled");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestEmailOn> Known { get; } = [JobCompleted, JobFailed, JobCancelled];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestEmailOn FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
