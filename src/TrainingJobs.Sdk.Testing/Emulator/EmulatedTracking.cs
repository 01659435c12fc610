using System.Collections.Specialized;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Local.Mlflow;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>
/// The workspace's MLflow endpoint, read side: <c>{host}/mlflow/v1.0/{workspace ARM path}/api/2.0/mlflow/…</c>, the
/// URL the workspace's <c>mlFlowTrackingUri</c> names (<c>azureml://</c> read as <c>https://</c>). It serves
/// <c>runs/get</c>, <c>metrics/get-history</c> and <c>runs/search</c> from what the emulated jobs logged: each job runs on
/// the local backend, whose tracking store is read here through the local backend's own MLflow API (one owner of the
/// MLflow wire shapes), scoped to the job the run id names.
/// </summary>
/// <remarks>
/// Writes are refused (405): jobs log through the tracking server their local run gives them, and a client of the
/// workspace endpoint only reads in the emulator's scenarios.
/// </remarks>
internal sealed class EmulatedTracking
{
    private const string ApiPrefix = "/api/2.0/mlflow/";

    private readonly string _workspacePath;
    private readonly string _localHome;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private JobStore? _store;

    public EmulatedTracking(string workspacePath, string localHome, TimeProvider time)
    {
        _workspacePath = workspacePath;
        _localHome = localHome;
        _time = time;
    }

    /// <summary>The path prefix this endpoint serves (<c>/mlflow/v1.0/subscriptions/…/workspaces/{ws}</c>).</summary>
    public string Prefix => "/mlflow/v1.0" + _workspacePath;

    /// <summary>Whether <paramref name="path"/> is this endpoint's.</summary>
    public static bool Serves(string path) => path.StartsWith("/mlflow/v1.0/", StringComparison.OrdinalIgnoreCase);

    public ArmResponse Handle(string method, string path, NameValueCollection query, JsonNode? body)
    {
        if (!path.StartsWith(Prefix + ApiPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Error(404, "ENDPOINT_NOT_FOUND", $"No MLflow endpoint at {path}; this workspace's is {Prefix}{ApiPrefix}….");
        }
        var endpoint = path[(Prefix.Length + ApiPrefix.Length)..];
        if ((method, endpoint) is not (("GET", "runs/get") or ("GET", "metrics/get-history") or ("POST", "runs/search")))
        {
            return Error(405, "ENDPOINT_NOT_FOUND", $"The emulator's workspace MLflow endpoint serves runs/get, metrics/get-history and runs/search only, not {method} {endpoint}.");
        }
        var request = body is JsonObject json ? MlflowRequest.FromJson(JsonDocument.Parse(json.ToJsonString()).RootElement) : MlflowRequest.FromQuery(query);
        // A run is read through the API of the job it belongs to: the run id of a job's own run is the job's name.
        var job = endpoint == "runs/search" ? SearchedJob(body) : query["run_id"] ?? query["run_uuid"];
        if (string.IsNullOrEmpty(job)) return Error(400, "INVALID_PARAMETER_VALUE", "run_id is required.");
        if (Store() is not { } store) return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{job}' not found.");
        try
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                new MlflowApi(store, job, Path.Combine(_localHome, "jobs", job), _time).Handle(method, endpoint, request, writer);
            }
            return new ArmResponse(200, JsonNode.Parse(buffer.ToArray()));
        }
        catch (MlflowException e)
        {
            return Error((int)e.Status, e.ErrorCode, e.Message);
        }
    }

    /// <summary>The job whose runs a search reads: the run whose children are searched for (<c>tags.mlflow.parentRunId = '…'</c>), the run itself otherwise.</summary>
    private static string? SearchedJob(JsonNode? body)
    {
        var filter = body?["filter"]?.GetValue<string>() ?? "";
        var quote = filter.IndexOf('\'');
        return quote >= 0 && filter.IndexOf('\'', quote + 1) is var end and > 0 ? filter[(quote + 1)..end] : null;
    }

    /// <summary>The local workspace's tracking store, once a job has created it.</summary>
    private JobStore? Store()
    {
        lock (_gate)
        {
            var database = new WorkspaceLayout(_localHome).Database;
            if (_store is null && File.Exists(database)) _store = JobStore.Open(database, create: false);
            return _store;
        }
    }

    private static ArmResponse Error(int status, string code, string message) =>
        new(status, new JsonObject { ["error_code"] = code, ["message"] = message });
}
