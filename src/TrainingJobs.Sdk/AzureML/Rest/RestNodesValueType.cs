using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>Which nodes run a service (<c>nodesValueType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestNodesValueType>))]
internal readonly record struct RestNodesValueType(string Value) : IRestEnum<RestNodesValueType>
{
    public static RestNodesValueType All { get; } = new("All");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestNodesValueType> Known { get; } = [All];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestNodesValueType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
