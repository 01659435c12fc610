using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The output type (<c>jobOutputType</c>). An extensible wire enumeration: values the SDK does not know are kept as sent.</summary>
/// <param name="Value">The value exactly as on the wire.</param>
[JsonConverter(typeof(RestEnumConverter<RestJobOutputType>))]
internal readonly record struct RestJobOutputType(string Value) : IRestEnum<RestJobOutputType>
{
    public static RestJobOutputType UriFile { get; } = new("uri_file");

    public static RestJobOutputType UriFolder { get; } = new("uri_folder");

    public static RestJobOutputType Mltable { get; } = new("mltable");

    public static RestJobOutputType CustomModel { get; } = new("custom_model");

    public static RestJobOutputType MlflowModel { get; } = new("mlflow_model");

    public static RestJobOutputType TritonModel { get; } = new("triton_model");

    /// <summary>The values of api-version 2025-12-01.</summary>
    public static IReadOnlyList<RestJobOutputType> Known { get; } = [UriFile, UriFolder, Mltable, CustomModel, MlflowModel, TritonModel];

    /// <summary>Whether the service version this SDK speaks defines the value.</summary>
    public bool IsKnown => Known.Contains(this);

    /// <inheritdoc />
    public static RestJobOutputType FromWire(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
