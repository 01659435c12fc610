using System.Text.Json.Nodes;

namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>One request the emulator answered, as written to its request log; tokens, keys and SAS signatures are redacted.</summary>
public sealed class AzureMLEmulatorRequestLogEntry
{
    internal AzureMLEmulatorRequestLogEntry(string method, string url, int status, JsonNode? requestBody, JsonNode? responseBody, long responseBytes, string? fault)
    {
        Method = method;
        Url = url;
        Status = status;
        RequestBody = requestBody;
        ResponseBody = responseBody;
        ResponseBytes = responseBytes;
        Fault = fault;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The absolute request URL, with any <c>sig=</c> query value redacted.</summary>
    public string Url { get; }

    /// <summary>The response status code.</summary>
    public int Status { get; }

    /// <summary>The parsed JSON request body of a PUT, POST or PATCH, if it had one.</summary>
    public JsonNode? RequestBody { get; }

    /// <summary>The parsed JSON response body, for JSON responses.</summary>
    public JsonNode? ResponseBody { get; }

    /// <summary>The length of the response body in bytes.</summary>
    public long ResponseBytes { get; }

    /// <summary>The injected fault (<c>"429"</c>, <c>"500"</c> or <c>"503"</c>) when the request was answered by fault injection; otherwise <see langword="null"/>.</summary>
    public string? Fault { get; }

    internal JsonObject ToJson() => new()
    {
        ["method"] = Method,
        ["url"] = Url,
        ["status"] = Status,
        ["requestBody"] = RequestBody?.DeepClone(),
        ["responseBody"] = ResponseBody?.DeepClone(),
        ["responseBytes"] = ResponseBytes,
        ["fault"] = Fault,
    };
}
