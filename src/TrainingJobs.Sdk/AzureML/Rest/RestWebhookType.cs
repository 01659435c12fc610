using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The webhook type (<c>webhookType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestWebhookType>))]
internal readonly record struct RestWebhookType(string Value) : IRestEnum<RestWebhookType>
{
    public static RestWebhookType AzureDevOps { get; } = new("AzureDevOps");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestWebhookType> Known { get; } = [AzureDevOps];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestWebhookType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
