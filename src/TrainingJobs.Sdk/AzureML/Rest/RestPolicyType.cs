using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The early-termination policy type (<c>policyType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestPolicyType>))]
internal readonly record struct RestPolicyType(string Value) : IRestEnum<RestPolicyType>
{
    public static RestPolicyType Bandit { get; } = new("Bandit");

    public static RestPolicyType MedianStopping { get; } = new("MedianStopping");

    public static RestPolicyType TruncationSelection { get; } = new("TruncationSelection");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestPolicyType> Known { get; } = [Bandit, MedianStopping, TruncationSelection];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestPolicyType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
