using System.Text.Json;
using Azure;
using Azure.Core;
using TrainingJobs.Sdk.AzureML.Rest;

namespace TrainingJobs.Sdk.AzureML;

/// <summary>An ARM error (common-types <c>ErrorDetail</c>): code, message, target, nested details and additional info.</summary>
/// <param name="Code">The error code, e.g. <c>UserError</c> or <c>ResourceNotFound</c>.</param>
/// <param name="Message">The message.</param>
/// <param name="Target">What the error is about, when the service says.</param>
/// <param name="Details">Nested errors.</param>
/// <param name="AdditionalInfo">Additional information as (type, JSON) pairs.</param>
public sealed record ArmError(
    string? Code,
    string? Message,
    string? Target,
    IReadOnlyList<ArmError> Details,
    IReadOnlyList<KeyValuePair<string?, string?>> AdditionalInfo);

/// <summary>
/// A failed ARM call: a <see cref="RequestFailedException"/> whose <see cref="RequestFailedException.ErrorCode"/>
/// is the ARM error code, and which keeps the whole ARM error (target, details) in <see cref="Error"/>.
/// </summary>
public class ArmRequestFailedException : RequestFailedException
{
    /// <summary>Creates the exception from a failed response and its parsed ARM error.</summary>
    /// <param name="response">The response.</param>
    /// <param name="error">The ARM error; null when the body was not an ARM error.</param>
    public ArmRequestFailedException(Response response, ArmError? error)
        : base(response)
    {
        Error = error;
    }

    // With a details parser, so the message can carry more than the body (which credential was used, on 401/403).
    internal ArmRequestFailedException(Response response, ArmError? error, RequestFailedDetailsParser parser)
        : base(response, null, parser)
    {
        Error = error;
    }

    /// <summary>The ARM error, when the body was one.</summary>
    public ArmError? Error { get; }
}

/// <summary>Turns failed ARM responses into exceptions that keep the ARM error.</summary>
public static class ArmErrors
{
    /// <summary>Parses an ARM error body (<c>{"error": {…}}</c>); null when the body is not one.</summary>
    /// <param name="json">The body.</param>
    public static ArmError? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            var body = JsonSerializer.Deserialize(json, RestJsonContext.Default.RestErrorResponse);
            return body?.Error is { } error ? Convert(error) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Creates the exception for a failed response (Azure.Core reads the ARM code into <c>ErrorCode</c>).</summary>
    /// <param name="response">The response.</param>
    public static ArmRequestFailedException CreateException(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        string? body;
        try
        {
            // The pipeline buffers error responses, so the content can be read without touching the network.
            body = response.ContentStream is null ? null : response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            body = null;
        }
        return new ArmRequestFailedException(response, Parse(body));
    }

    /// <summary>
    /// The exception for a failed response, with extra lines for the message (e.g. which credential was used on a
    /// 401 or 403); the ARM code still becomes <see cref="RequestFailedException.ErrorCode"/>.
    /// </summary>
    internal static ArmRequestFailedException CreateException(Response response, IReadOnlyDictionary<string, string> information)
    {
        ArgumentNullException.ThrowIfNull(response);
        string? body;
        try
        {
            body = response.ContentStream is null ? null : response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            body = null;
        }
        var error = Parse(body);
        return new ArmRequestFailedException(response, error, new InformationParser(error, information));
    }

    private sealed class InformationParser(ArmError? error, IReadOnlyDictionary<string, string> information) : RequestFailedDetailsParser
    {
        public override bool TryParse(Response response, out ResponseError? parsed, out IDictionary<string, string>? data)
        {
            parsed = error is null ? null : new ResponseError(error.Code, error.Message);
            data = new Dictionary<string, string>(information, StringComparer.Ordinal);
            return true;
        }
    }

    private static ArmError Convert(RestErrorDetail detail) => new(
        detail.Code,
        detail.Message,
        detail.Target,
        [.. (detail.Details ?? []).Select(Convert)],
        [.. (detail.AdditionalInfo ?? []).Select(i => new KeyValuePair<string?, string?>(i.Type, i.Info?.GetRawText()))]);
}
