using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>How an input is delivered (<c>mode</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestInputDeliveryMode>))]
internal readonly record struct RestInputDeliveryMode(string Value) : IRestEnum<RestInputDeliveryMode>
{
    public static RestInputDeliveryMode ReadOnlyMount { get; } = new("ReadOnlyMount");

    public static RestInputDeliveryMode ReadWriteMount { get; } = new("ReadWriteMount");

    public static RestInputDeliveryMode Download { get; } = new("Download");

    public static RestInputDeliveryMode Direct { get; } = new("Direct");

    public static RestInputDeliveryMode EvalMount { get; } = new("EvalMount");

    public static RestInputDeliveryMode EvalDownload { get; } = new("EvalDownload");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestInputDeliveryMode> Known { get; } = [ReadOnlyMount, ReadWriteMount, Download, Direct, EvalMount, EvalDownload];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestInputDeliveryMode FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
