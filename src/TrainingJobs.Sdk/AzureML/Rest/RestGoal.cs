using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The objective goal (<c>goal</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestGoal>))]
internal readonly record struct RestGoal(string Value) : IRestEnum<RestGoal>
{
    public static RestGoal Minimize { get; } = new("Minimize");

    public static RestGoal Maximize { get; } = new("Maximize");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestGoal> Known { get; } = [Minimize, Maximize];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestGoal FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
