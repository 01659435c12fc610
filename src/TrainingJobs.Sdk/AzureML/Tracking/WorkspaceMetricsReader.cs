using System.Text.Json;
using Azure;
using Azure.Core;
using TrainingJobs.Sdk.AzureML.Arm;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.AzureML.Tracking;

/// <summary>
/// Reads a job's metric points from the workspace's MLflow endpoint: the workspace's
/// <c>mlFlowTrackingUri</c> (<see cref="WorkspaceProperties"/>, read once per client) with <c>azureml://</c> read as <c>https://</c>, then
/// <c>runs/get</c> for the metric keys and <c>metrics/get-history</c> per key, paged. Requests go through the ARM
/// pipeline, so they carry the same token, retries and redacted logging (the MLflow endpoint of Azure ML takes the ARM
/// token, as azureml-mlflow sends it).
/// </summary>
internal sealed class WorkspaceMetricsReader(ArmJobOperations arm, WorkspaceProperties workspace)
{
    private Uri? _trackingBase;

    /// <summary>
    /// Every point of the run, in the order a stream delivers them: by the time it was logged, then key (ordinal), then
    /// its place in the key's history. Points logged later sort after those delivered already, so a stream's metric
    /// sequence (how many it delivered) resumes it. None when the run does not exist yet (MLflow's 404). The run id
    /// of a job's own run is the job's name.
    /// </summary>
    public async Task<IReadOnlyList<MetricPoint>> PointsAsync(string run, CancellationToken cancellationToken)
    {
        var trackingBase = _trackingBase ??= await TrackingBaseAsync(cancellationToken).ConfigureAwait(false);
        JsonDocument runDocument;
        try
        {
            runDocument = await GetAsync(trackingBase, $"runs/get?run_id={Uri.EscapeDataString(run)}", cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        using (runDocument)
        {
            if (runDocument.RootElement.TryGetProperty("run", out var runElement) && runElement.TryGetProperty("data", out var data)
                && data.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
            {
                foreach (var metric in metrics.EnumerateArray())
                {
                    if (metric.TryGetProperty("key", out var key) && key.GetString() is { } name) keys.Add(name);
                }
            }
        }
        var points = new List<(MetricPoint Point, int Index)>();
        foreach (var key in keys)
        {
            var history = await HistoryAsync(trackingBase, run, key, cancellationToken).ConfigureAwait(false);
            points.AddRange(history.Select((point, index) => (point, index)));
        }
        return [.. points
            .OrderBy(p => p.Point.LoggedOn)
            .ThenBy(p => p.Point.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Index)
            .Select(p => p.Point)];
    }

    /// <summary>The run's params and tags (MLflow's runs/get <c>data.params</c> and <c>data.tags</c>); none when the run does not exist.</summary>
    public async Task<(IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, string> Tags)> ParamsAndTagsAsync(string run, CancellationToken cancellationToken)
    {
        var trackingBase = _trackingBase ??= await TrackingBaseAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonDocument runDocument;
        try
        {
            runDocument = await GetAsync(trackingBase, $"runs/get?run_id={Uri.EscapeDataString(run)}", cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (parameters, tags);
        }
        using (runDocument)
        {
            if (runDocument.RootElement.TryGetProperty("run", out var runElement) && runElement.TryGetProperty("data", out var data))
            {
                Read(data, "params", parameters);
                Read(data, "tags", tags);
            }
        }
        return (parameters, tags);

        static void Read(JsonElement data, string name, Dictionary<string, string> into)
        {
            if (!data.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array) return;
            foreach (var entry in list.EnumerateArray())
            {
                if (entry.TryGetProperty("key", out var key) && key.GetString() is { } k && entry.TryGetProperty("value", out var value)) into[k] = value.GetString() ?? "";
            }
        }
    }

    private async Task<List<MetricPoint>> HistoryAsync(Uri trackingBase, string run, string key, CancellationToken cancellationToken)
    {
        var points = new List<MetricPoint>();
        string? pageToken = null;
        do
        {
            var query = $"metrics/get-history?run_id={Uri.EscapeDataString(run)}&metric_key={Uri.EscapeDataString(key)}";
            if (pageToken is not null) query += "&page_token=" + Uri.EscapeDataString(pageToken);
            using var page = await GetAsync(trackingBase, query, cancellationToken).ConfigureAwait(false);
            if (page.RootElement.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
            {
                foreach (var metric in metrics.EnumerateArray())
                {
                    points.Add(new MetricPoint(
                        key,
                        metric.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN,
                        metric.TryGetProperty("step", out var step) && step.TryGetInt64(out var s) ? s : 0,
                        DateTimeOffset.FromUnixTimeMilliseconds(metric.TryGetProperty("timestamp", out var time) && time.TryGetInt64(out var t) ? t : 0)));
                }
            }
            pageToken = page.RootElement.TryGetProperty("next_page_token", out var next) && next.GetString() is { Length: > 0 } token ? token : null;
        }
        while (pageToken is not null);
        return points;
    }

    /// <summary>The https base of the workspace's MLflow REST API (ending in a slash), from Workspaces_Get.</summary>
    private async Task<Uri> TrackingBaseAsync(CancellationToken cancellationToken)
    {
        var uri = await workspace.MlflowTrackingUriAsync(cancellationToken).ConfigureAwait(false);
        if (uri is null || !uri.StartsWith("azureml://", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestFailedException(200, $"The workspace names no MLflow tracking URI (properties.mlFlowTrackingUri is '{uri}').");
        }
        return new Uri("https://" + uri["azureml://".Length..].TrimEnd('/') + "/api/2.0/mlflow/");
    }

    private async Task<JsonDocument> GetAsync(Uri trackingBase, string relative, CancellationToken cancellationToken)
    {
        using var message = arm.Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(trackingBase, relative));
        message.Request.Headers.SetValue("Accept", "application/json");
        await arm.Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200)
        {
            // MLflow's error body: {"error_code": "...", "message": "..."}.
            string? code = null;
            var text = response.Content.ToString();
            try
            {
                using var error = JsonDocument.Parse(response.Content.ToMemory());
                code = error.RootElement.TryGetProperty("error_code", out var c) ? c.GetString() : null;
                text = error.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? text : text;
            }
            catch (JsonException)
            {
                // Not MLflow's shape: the status and the text say enough.
            }
            throw new RequestFailedException(response.Status, $"MLflow {relative.Split('?')[0]}: {text}", code, null);
        }
        return JsonDocument.Parse(response.Content.ToMemory());
    }
}
