using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The queue tier (<c>jobTier</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestJobTier>))]
internal readonly record struct RestJobTier(string Value) : IRestEnum<RestJobTier>
{
    public static RestJobTier Null { get; } = new("Null");

    public static RestJobTier Spot { get; } = new("Spot");

    public static RestJobTier Basic { get; } = new("Basic");

    public static RestJobTier Standard { get; } = new("Standard");

    public static RestJobTier Premium { get; } = new("Premium");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestJobTier> Known { get; } = [Null, Spot, Basic, Standard, Premium];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestJobTier FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
