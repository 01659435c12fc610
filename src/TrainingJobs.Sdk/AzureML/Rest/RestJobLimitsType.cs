using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The limits type (<c>jobLimitsType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestJobLimitsType>))]
internal readonly record struct RestJobLimitsType(string Value) : IRestEnum<RestJobLimitsType>
{
    public static RestJobLimitsType Command { get; } = new("Command");

    public static RestJobLimitsType Sweep { get; } = new("Sweep");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestJobLimitsType> Known { get; } = [Command, Sweep];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestJobLimitsType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
