using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The input type (<c>jobInputType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestJobInputType>))]
internal readonly record struct RestJobInputType(string Value) : IRestEnum<RestJobInputType>
{
    public static RestJobInputType Literal { get; } = new("literal");

    public static RestJobInputType UriFile { get; } = new("uri_file");

    public static RestJobInputType UriFolder { get; } = new("uri_folder");

    public static RestJobInputType Mltable { get; } = new("mltable");

    public static RestJobInputType CustomModel { get; } = new("custom_model");

    public static RestJobInputType MlflowModel { get; } = new("mlflow_model");

    public static RestJobInputType TritonModel { get; } = new("triton_model");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestJobInputType> Known { get; } = [Literal, UriFile, UriFolder, Mltable, CustomModel, MlflowModel, TritonModel];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestJobInputType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
