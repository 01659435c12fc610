using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The distribution type (<c>distributionType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestDistributionType>))]
internal readonly record struct RestDistributionType(string Value) : IRestEnum<RestDistributionType>
{
    public static RestDistributionType PyTorch { get; } = new("PyTorch");

    public static RestDistributionType TensorFlow { get; } = new("TensorFlow");

    public static RestDistributionType Mpi { get; } = new("Mpi");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestDistributionType> Known { get; } = [PyTorch, TensorFlow, Mpi];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestDistributionType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
