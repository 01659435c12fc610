using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The sampling algorithm type (<c>samplingAlgorithmType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestSamplingAlgorithmType>))]
internal readonly record struct RestSamplingAlgorithmType(string Value) : IRestEnum<RestSamplingAlgorithmType>
{
    public static RestSamplingAlgorithmType Grid { get; } = new("Grid");

    public static RestSamplingAlgorithmType Random { get; } = new("Random");

    public static RestSamplingAlgorithmType Bayesian { get; } = new("Bayesian");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestSamplingAlgorithmType> Known { get; } = [Grid, Random, Bayesian];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestSamplingAlgorithmType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
