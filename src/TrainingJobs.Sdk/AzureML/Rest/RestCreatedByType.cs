using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>Who created or modified a resource (<c>createdByType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestCreatedByType>))]
internal readonly record struct RestCreatedByType(string Value) : IRestEnum<RestCreatedByType>
{
    public static RestCreatedByType User { get; } = new("User");

    public static RestCreatedByType Application { get; } = new("Application");

    public static RestCreatedByType ManagedIdentity { get; } = new("ManagedIdentity");

    public static RestCreatedByType Key { get; } = new("Key");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestCreatedByType> Known { get; } = [User, Application, ManagedIdentity, Key];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestCreatedByType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
