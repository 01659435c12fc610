using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The identity type (<c>identityType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestIdentityType>))]
internal readonly record struct RestIdentityType(string Value) : IRestEnum<RestIdentityType>
{
    public static RestIdentityType Managed { get; } = new("Managed");

    public static RestIdentityType AMLToken { get; } = new("AMLToken");

    public static RestIdentityType UserIdentity { get; } = new("UserIdentity");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestIdentityType> Known { get; } = [Managed, AMLToken, UserIdentity];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestIdentityType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
