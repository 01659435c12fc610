using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The job type (<c>jobType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestJobType>))]
internal readonly record struct RestJobType(string Value) : IRestEnum<RestJobType>
{
    public static RestJobType AutoML { get; } = new("AutoML");

    public static RestJobType Command { get; } = new("Command");

    public static RestJobType Sweep { get; } = new("Sweep");

    public static RestJobType Pipeline { get; } = new("Pipeline");

    public static RestJobType Spark { get; } = new("Spark");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestJobType> Known { get; } = [AutoML, Command, Sweep, Pipeline, Spark];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestJobType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
