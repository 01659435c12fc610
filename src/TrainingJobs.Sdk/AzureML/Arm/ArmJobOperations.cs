using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace TrainingJobs.Sdk.AzureML.Arm;

/// <summary>
/// The ARM job operations of one workspace (Jobs_CreateOrUpdate, Get, List, Cancel, Delete) over one pipeline:
/// bodies in and out as JSON text, failures as <see cref="ArmRequestFailedException"/>, long-running operations
/// polled on <c>Azure-AsyncOperation</c> or <c>Location</c> with <c>Retry-After</c> on the given clock.
/// </summary>
internal sealed class ArmJobOperations
{
    /// <summary>The poll interval when a 202 carries no <c>Retry-After</c> (the spec's minimum for jobs).</summary>
    internal static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(10);

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly string _apiVersion;
    private readonly TimeProvider _time;
    private readonly string _credentialName;

    public ArmJobOperations(HttpPipeline pipeline, Uri armEndpoint, AzureMLWorkspaceScope scope, string apiVersion, TimeProvider time, string credentialName)
    {
        _pipeline = pipeline;
        _endpoint = armEndpoint;
        Scope = scope;
        _apiVersion = apiVersion;
        _time = time;
        _credentialName = credentialName;
    }

    public AzureMLWorkspaceScope Scope { get; }

    /// <summary>The pipeline (asset operations and uploads share it).</summary>
    internal HttpPipeline Pipeline => _pipeline;

    /// <summary>PUT the job (create, or update the mutable fields of an existing one); returns the resource.</summary>
    public async Task<string> CreateOrUpdateAsync(string name, JsonObject body, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Put, JobPath(name));
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        await SendAsync(message, "create or update a job", cancellationToken, 200, 201).ConfigureAwait(false);
        return message.Response.Content.ToString();
    }

    /// <summary>GET the job; a missing job is a 404 <see cref="ArmRequestFailedException"/>.</summary>
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, JobPath(name));
        await SendAsync(message, "read a job", cancellationToken, 200).ConfigureAwait(false);
        return message.Response.Content.ToString();
    }

    /// <summary>Lists job resources (JSON text each), following <c>nextLink</c> verbatim until it is absent.</summary>
    /// <param name="listViewType"><c>ActiveOnly</c>, <c>ArchivedOnly</c> or <c>All</c>.</param>
    /// <param name="tag">Only jobs with this tag key; null for all.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public async IAsyncEnumerable<JsonElement> ListAsync(string listViewType, string? tag, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = new RequestUriBuilder();
        first.Reset(_endpoint);
        first.AppendPath(Scope.ResourceId + "/jobs", escape: false);
        first.AppendQuery("api-version", _apiVersion);
        first.AppendQuery("listViewType", listViewType);
        if (tag is not null) first.AppendQuery("tag", tag);
        Uri? next = first.ToUri();
        while (next is not null)
        {
            using var message = _pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            // The next link already carries api-version and the continuation: sent as it is.
            message.Request.Uri.Reset(next);
            await SendAsync(message, "list jobs", cancellationToken, 200).ConfigureAwait(false);
            using var page = JsonDocument.Parse(message.Response.Content.ToMemory());
            next = page.RootElement.TryGetProperty("nextLink", out var link) && link.ValueKind == JsonValueKind.String && link.GetString() is { Length: > 0 } text
                ? new Uri(text, UriKind.Absolute)
                : null;
            if (page.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray()) yield return item.Clone();
            }
        }
    }

    /// <summary>POST cancel; with <paramref name="waitForOperation"/>, polls the operation it starts until it ends.</summary>
    public async Task CancelAsync(string name, bool waitForOperation, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Post, JobPath(name) + "/cancel");
        await SendAsync(message, "cancel a job", cancellationToken, 200, 202).ConfigureAwait(false);
        if (waitForOperation && message.Response.Status == 202) await PollAsync(message.Response, "cancel a job", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>DELETE the job; with <paramref name="waitForOperation"/>, polls the operation until it ends.</summary>
    public async Task DeleteAsync(string name, bool waitForOperation, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Delete, JobPath(name));
        await SendAsync(message, "delete a job", cancellationToken, 200, 202, 204).ConfigureAwait(false);
        if (waitForOperation && message.Response.Status == 202) await PollAsync(message.Response, "delete a job", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Polls an ARM long-running operation: <c>Azure-AsyncOperation</c> (a status body) when given, else
    /// <c>Location</c> (202 while running, 200/204 when done), waiting <c>Retry-After</c> between polls.
    /// </summary>
    private async Task PollAsync(Response accepted, string operation, CancellationToken cancellationToken)
    {
        var asyncOperation = accepted.Headers.TryGetValue("Azure-AsyncOperation", out var a) && !string.IsNullOrEmpty(a) ? new Uri(a, UriKind.Absolute) : null;
        var location = accepted.Headers.TryGetValue("Location", out var l) && !string.IsNullOrEmpty(l) ? new Uri(l, UriKind.Absolute) : null;
        var pollUri = asyncOperation ?? location;
        // A 202 without either header gives nothing to follow: the operation was accepted, and that is all ARM says.
        if (pollUri is null) return;
        var delay = RetryAfter(accepted);
        while (true)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            using var poll = _pipeline.CreateMessage();
            poll.Request.Method = RequestMethod.Get;
            poll.Request.Uri.Reset(pollUri);
            await SendAsync(poll, operation, cancellationToken, 200, 202, 204).ConfigureAwait(false);
            delay = RetryAfter(poll.Response);
            if (poll.Response.Status == 202) continue;
            if (asyncOperation is null) return;
            // Azure-AsyncOperation: 200 with {"status": InProgress|Succeeded|Failed|Canceled, "error": {…}}.
            var status = OperationStatus(poll.Response);
            if (status is null || status.Equals("Succeeded", StringComparison.OrdinalIgnoreCase)) return;
            if (status.Equals("Failed", StringComparison.OrdinalIgnoreCase) || status.Equals("Canceled", StringComparison.OrdinalIgnoreCase))
            {
                throw ArmErrors.CreateException(poll.Response, new Dictionary<string, string>
                {
                    ["Operation"] = $"{operation} ended {status}",
                });
            }
        }
    }

    private static string? OperationStatus(Response response)
    {
        try
        {
            using var body = JsonDocument.Parse(response.Content.ToMemory());
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>Retry-After</c> in seconds (ARM's form), else the default interval.</summary>
    internal static TimeSpan RetryAfter(Response response)
    {
        if (response.Headers.TryGetValue("Retry-After", out var value) && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (response.Headers.TryGetValue("Retry-After", out value) && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return DefaultPollInterval;
    }

    private string JobPath(string name) => Scope.ResourceId + "/jobs/" + Uri.EscapeDataString(name);

    /// <summary>A request to <paramref name="path"/> (an ARM path, already escaped) with the api-version; further query parameters may be appended.</summary>
    internal HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_endpoint);
        message.Request.Uri.AppendPath(path, escape: false);
        message.Request.Uri.AppendQuery("api-version", _apiVersion);
        message.Request.Headers.SetValue("Accept", "application/json");
        return message;
    }

    /// <summary>Sends a message; any status not in <paramref name="expected"/> becomes an <see cref="ArmRequestFailedException"/>.</summary>
    internal async Task SendAsync(HttpMessage message, string operation, CancellationToken cancellationToken, params int[] expected)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var status = message.Response.Status;
        if (Array.IndexOf(expected, status) >= 0) return;
        if (status is 401 or 403)
        {
            throw ArmErrors.CreateException(message.Response, new Dictionary<string, string>
            {
                ["Credential"] = _credentialName,
                ["Operation"] = operation,
                ["Hint"] = status == 401
                    ? $"the token from {_credentialName} was refused: check that it signs in to the tenant of the subscription and that the ARM endpoint is the right cloud"
                    : $"the identity of {_credentialName} lacks a role for this: '{RoleFor(operation)}' on the workspace covers it",
            });
        }
        throw ArmErrors.CreateException(message.Response);
    }

    /// <summary>The least-privileged built-in role that allows an operation (docs/azure.md lists them).</summary>
    internal static string RoleFor(string operation) => operation switch
    {
        "read a job" or "list jobs" or "read an asset" or "read a compute" => "Reader (or AzureML Data Scientist)",
        _ => "AzureML Data Scientist",
    };
}
