using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>How an output is written (<c>mode</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestOutputDeliveryMode>))]
internal readonly record struct RestOutputDeliveryMode(string Value) : IRestEnum<RestOutputDeliveryMode>
{
    public static RestOutputDeliveryMode ReadWriteMount { get; } = new("ReadWriteMount");

    public static RestOutputDeliveryMode Upload { get; } = new("Upload");

    public static RestOutputDeliveryMode Direct { get; } = new("Direct");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestOutputDeliveryMode> Known { get; } = [ReadWriteMount, Upload, Direct];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestOutputDeliveryMode FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
