using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>A job input (<c>JobInput</c>), polymorphic on <c>jobInputType</c>.</summary>
[JsonConverter(typeof(RestJobInputConverter))]
internal abstract class RestJobInput
{
    /// <summary>The input type (the discriminator).</summary>
    [JsonPropertyOrder(-1)]
    public RestJobInputType JobInputType { get; set; }

    /// <summary>A description.</summary>
    public string? Description { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A literal input: the value is always a string on the wire.</summary>
internal sealed class RestLiteralJobInput : RestJobInput
{
    /// <summary>The value, as text.</summary>
    public string? Value { get; set; }
}

/// <summary>A data or model input (<c>uri_file</c>, <c>uri_folder</c>, <c>mltable</c>, model types).</summary>
internal sealed class RestAssetJobInput : RestJobInput
{
    /// <summary>The asset URI or ARM id.</summary>
    public string? Uri { get; set; }

    /// <summary>The delivery mode.</summary>
    public RestInputDeliveryMode? Mode { get; set; }
}

/// <summary>An input of a type this SDK does not know; every field is kept.</summary>
internal sealed class RestUnknownJobInput : RestJobInput
{
}

/// <summary>A job output (<c>JobOutput</c>), polymorphic on <c>jobOutputType</c>.</summary>
[JsonConverter(typeof(RestJobOutputConverter))]
internal abstract class RestJobOutput
{
    /// <summary>The output type (the discriminator).</summary>
    [JsonPropertyOrder(-1)]
    public RestJobOutputType JobOutputType { get; set; }

    /// <summary>A description.</summary>
    public string? Description { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A data or model output.</summary>
internal sealed class RestAssetJobOutput : RestJobOutput
{
    /// <summary>Where the output is written.</summary>
    public string? Uri { get; set; }

    /// <summary>The write mode.</summary>
    public RestOutputDeliveryMode? Mode { get; set; }
}

/// <summary>An output of a type this SDK does not know; every field is kept.</summary>
internal sealed class RestUnknownJobOutput : RestJobOutput
{
}

/// <summary>Reads inputs by <c>jobInputType</c>.</summary>
internal sealed class RestJobInputConverter : RestPolymorphicConverter<RestJobInput>
{
    /// <inheritdoc />
    protected override string Discriminator => "jobInputType";

    /// <inheritdoc />
    protected override JsonTypeInfo Resolve(string? value, RestJsonContext context) => value switch
    {
        "literal" => context.RestLiteralJobInput,
        "uri_file" or "uri_folder" or "mltable" or "custom_model" or "mlflow_model" or "triton_model" => context.RestAssetJobInput,
        _ => context.RestUnknownJobInput,
    };
}

/// <summary>Reads outputs by <c>jobOutputType</c>.</summary>
internal sealed class RestJobOutputConverter : RestPolymorphicConverter<RestJobOutput>
{
    /// <inheritdoc />
    protected override string Discriminator => "jobOutputType";

    /// <inheritdoc />
    protected override JsonTypeInfo Resolve(string? value, RestJsonContext context) => value switch
    {
        "uri_file" or "uri_folder" or "mltable" or "custom_model" or "mlflow_model" or "triton_model" => context.RestAssetJobOutput,
        _ => context.RestUnknownJobOutput,
    };
}
