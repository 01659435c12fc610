using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The random sampling rule (<c>rule</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestRandomSamplingRule>))]
internal readonly record struct RestRandomSamplingRule(string Value) : IRestEnum<RestRandomSamplingRule>
{
    public static RestRandomSamplingRule Random { get; } = new("Random");

    public static RestRandomSamplingRule Sobol { get; } = new("Sobol");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestRandomSamplingRule> Known { get; } = [Random, Sobol];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestRandomSamplingRule FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
