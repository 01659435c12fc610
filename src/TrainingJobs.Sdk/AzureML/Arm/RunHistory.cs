using System.Text.Json;
using Azure.Core;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.AzureML.Arm;

/// <summary>
/// Run history on the workspace's <c>api</c> host (the host named by the discovery document that Workspaces_Get's
/// <c>properties.discoveryUrl</c> points to): a run's details, <c>GET {api}/history/v1.0{workspace}/runs/{name}/details</c>,
/// which carry its log files (<c>logFiles</c>: name → SAS URL) and, for a failed run, its <c>error</c>, which the ARM job
/// resource of api-version 2025-12-01 has no field for; and a run's children (<c>…/runs/{name}/children</c>). Called through the ARM pipeline and token, as azure-ai-ml does.
/// </summary>
internal sealed class RunHistory(ArmJobOperations arm, WorkspaceProperties workspace)
{
    private Task<Uri>? _api;

    /// <summary>The run's details: its log files and its error.</summary>
    public async Task<RunDetails> DetailsAsync(string name, CancellationToken cancellationToken)
    {
        using var details = await GetAsync(null, $"runs/{Uri.EscapeDataString(name)}/details", cancellationToken).ConfigureAwait(false);
        var files = new Dictionary<string, Uri>(StringComparer.Ordinal);
        if (details.RootElement.TryGetProperty("logFiles", out var logFiles) && logFiles.ValueKind == JsonValueKind.Object)
        {
            foreach (var file in logFiles.EnumerateObject())
            {
                if (file.Value.ValueKind == JsonValueKind.String && Uri.TryCreate(file.Value.GetString(), UriKind.Absolute, out var url)) files[file.Name] = url;
            }
        }
        return new RunDetails(files, Error(details.RootElement));
    }

    /// <summary>
    /// The child runs of a run (a pipeline's steps), as azure-ai-ml lists them (<c>jobs.list(parent_job_name=…)</c>:
    /// <c>runs/{name}/children</c>, paged by <c>nextLink</c>), in the order run history gives them. A child's step is
    /// its <c>azureml.nodeid</c> property, else its display name, else its run id.
    /// </summary>
    public async Task<IReadOnlyList<RunChild>> ChildrenAsync(string name, CancellationToken cancellationToken)
    {
        var children = new List<RunChild>();
        Uri? next = null;
        do
        {
            using var page = await GetAsync(next, $"runs/{Uri.EscapeDataString(name)}/children", cancellationToken).ConfigureAwait(false);
            if (page.RootElement.TryGetProperty("value", out var runs) && runs.ValueKind == JsonValueKind.Array)
            {
                foreach (var run in runs.EnumerateArray())
                {
                    if (run.ValueKind != JsonValueKind.Object || Text(run, "runId") is not { } runId) continue;
                    var nodeId = run.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object ? Text(properties, "azureml.nodeid") : null;
                    var step = nodeId ?? Text(run, "displayName") ?? runId;
                    var status = Text(run, "status") is { } text ? JobStatus.Parse(text) : JobStatus.NotStarted;
                    children.Add(new RunChild(runId, step, status));
                }
            }
            next = Text(page.RootElement, "nextLink") is { } link && Uri.TryCreate(link, UriKind.Absolute, out var url) ? url : null;
        }
        while (next is not null);
        return children;
    }

    /// <summary>A GET of run history: <paramref name="url"/> when given (a next page), else <paramref name="relative"/> below the workspace's runs.</summary>
    private async Task<JsonDocument> GetAsync(Uri? url, string relative, CancellationToken cancellationToken)
    {
        Uri api;
        try
        {
            api = await (_api ??= DiscoverApiAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch
        {
            // Not kept: the next call asks again rather than repeating one failure forever.
            _api = null;
            throw;
        }
        using var message = arm.Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        if (url is not null)
        {
            message.Request.Uri.Reset(url);
        }
        else
        {
            message.Request.Uri.Reset(api);
            message.Request.Uri.AppendPath($"/history/v1.0{arm.Scope.ResourceId}/{relative}", escape: false);
        }
        message.Request.Headers.SetValue("Accept", "application/json");
        await arm.SendAsync(message, "read a job", cancellationToken, 200).ConfigureAwait(false);
        return JsonDocument.Parse(message.Response.Content);
    }

    /// <summary>
    /// The run's <c>error</c>: run history's ErrorResponse, <c>{"error": {"code", "message", …}, "time", …}</c> (the
    /// code is the root error's: <c>UserError</c>, <c>SystemError</c>, …); a bare <c>{"code", "message"}</c> is read too.
    /// Null when there is none.
    /// </summary>
    internal static JobError? Error(JsonElement details)
    {
        if (!details.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object) return null;
        var root = error.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : error;
        var code = Text(root, "code");
        var message = Text(root, "message");
        if (code is null && message is null) return null;
        return new JobError(new JobErrorCode(code ?? "Unknown"), message ?? code!);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>The workspace's run-history host: Workspaces_Get's <c>properties.discoveryUrl</c>, then that document's <c>api</c>.</summary>
    private async Task<Uri> DiscoverApiAsync(CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(await workspace.DiscoveryUrlAsync(cancellationToken).ConfigureAwait(false), UriKind.Absolute, out var discovery))
        {
            throw new InvalidOperationException($"The workspace '{arm.Scope.WorkspaceName}' has no properties.discoveryUrl: its run history (and so its logs) cannot be found.");
        }
        using var message = arm.Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(discovery);
        message.Request.Headers.SetValue("Accept", "application/json");
        await arm.SendAsync(message, "read a job", cancellationToken, 200).ConfigureAwait(false);
        using var document = JsonDocument.Parse(message.Response.Content);
        if (!document.RootElement.TryGetProperty("api", out var api) || api.ValueKind != JsonValueKind.String || !Uri.TryCreate(api.GetString(), UriKind.Absolute, out var apiUri))
        {
            throw new InvalidOperationException($"The discovery document at {discovery} names no 'api' host: the workspace's run history (and so its logs) cannot be found.");
        }
        return apiUri;
    }
}

/// <summary>A child run of a run: its id, the pipeline step it runs, and its status.</summary>
internal sealed record RunChild(string RunId, string Step, JobStatus Status);

/// <summary>What run history says of a run: its log files (relative name → SAS URL) and its error, if any.</summary>
internal sealed record RunDetails(IReadOnlyDictionary<string, Uri> LogFiles, JobError? Error);
