using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The ARM error body (common-types <c>ErrorResponse</c>).</summary>
internal sealed class RestErrorResponse
{
    /// <summary>The error.</summary>
    public RestErrorDetail? Error { get; set; }
}

/// <summary>An ARM error (common-types <c>ErrorDetail</c>), possibly with nested details.</summary>
internal sealed class RestErrorDetail
{
    /// <summary>The error code.</summary>
    public string? Code { get; set; }

    /// <summary>The message.</summary>
    public string? Message { get; set; }

    /// <summary>What the error is about.</summary>
    public string? Target { get; set; }

    /// <summary>Nested errors.</summary>
    public List<RestErrorDetail>? Details { get; set; }

    /// <summary>Additional information.</summary>
    public List<RestErrorAdditionalInfo>? AdditionalInfo { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Additional error information (common-types <c>ErrorAdditionalInfo</c>).</summary>
internal sealed class RestErrorAdditionalInfo
{
    /// <summary>The kind of information.</summary>
    public string? Type { get; set; }

    /// <summary>The information (free-form).</summary>
    public JsonElement? Info { get; set; }
}
