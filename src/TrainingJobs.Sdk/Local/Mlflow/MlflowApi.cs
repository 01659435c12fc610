using System.Globalization;
using System.Text.Json;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Local.Mlflow;

/// <summary>
/// The MLflow REST API 2.0 subset a stock client calls (tier A of the reference plus get-history, log-inputs,
/// log-model, delete-tag, set-experiment-tag), over the workspace database. One instance serves one job, and the job
/// is untrusted:
/// <list type="bullet">
/// <item>Runs: the job reaches only its own runs, its pre-created run (id = job name) and the runs it created
/// (<see cref="RunRow.Job"/>). Every endpoint that names a run goes through <see cref="OwnRun"/>; another job's run
/// is answered exactly as a run that does not exist, and <c>runs/search</c> lists the job's own runs only.</item>
/// <item>Experiments are shared by the workspace, as in MLflow and Azure ML: a job may create experiments, read any
/// of them and set their tags. None of that reaches another job's runs: no endpoint here deletes, renames or restores
/// an experiment, and a run's storage and status never come from its experiment (a run's artifact URI is under the
/// job that created it, whatever the experiment's <c>artifact_location</c> says).</item>
/// </list>
/// </summary>
internal sealed class MlflowApi
{
    private const int MaxBatchMetrics = 1000;
    private const int MaxBatchParams = 100;
    private const int MaxBatchTags = 100;
    private const int MaxParamLength = 6000;

    private readonly JobStore _store;
    private readonly string _job;
    private readonly string _jobFolder;
    private readonly TimeProvider _time;

    public MlflowApi(JobStore store, string job, string jobFolder, TimeProvider time)
    {
        _store = store;
        _job = job;
        _jobFolder = jobFolder;
        _time = time;
    }

    /// <summary>The artifact root of the job's own run: the job's default artifacts folder.</summary>
    public static string JobArtifactUri(string jobFolder) => new Uri(Path.Combine(jobFolder, "artifacts")).AbsoluteUri;

    /// <summary>Handles one call; <paramref name="endpoint"/> is the path after <c>/api/2.0/mlflow/</c>. Writes the success body.</summary>
    public void Handle(string method, string endpoint, MlflowRequest request, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        switch ((method, endpoint))
        {
            case ("POST", "runs/create"): CreateRun(request, json); break;
            case ("POST", "runs/update"): UpdateRun(request, json); break;
            case ("GET", "runs/get"): WriteRun(json, "run", OwnRun(request.RunId())); break;
            case ("POST", "runs/log-metric"): LogMetric(request); break;
            case ("POST", "runs/log-parameter"): LogParam(OwnRun(request.RunId()).RunId, request.RequiredString("key"), request.String("value") ?? ""); break;
            case ("POST", "runs/set-tag"): _store.Runs.SetTag(OwnRun(request.RunId()).RunId, request.RequiredString("key"), request.String("value") ?? ""); break;
            case ("POST", "runs/delete-tag"): DeleteTag(request); break;
            case ("POST", "runs/log-batch"): LogBatch(request); break;
            case ("POST", "runs/log-inputs"): LogInputs(request); break;
            case ("POST", "runs/log-model"): LogModel(request); break;
            case ("GET", "metrics/get-history"): GetHistory(request, json); break;
            case ("POST", "runs/search"): SearchRuns(request, json); break;
            case ("GET", "experiments/get-by-name"): GetExperimentByName(request, json); break;
            case ("GET", "experiments/get"): WriteExperiment(json, GetExperiment(request.RequiredString("experiment_id"))); break;
            case ("POST", "experiments/create"): CreateExperiment(request, json); break;
            case ("POST", "experiments/set-experiment-tag"):
                _store.Experiments.SetTag(GetExperiment(request.RequiredString("experiment_id")).Id, request.RequiredString("key"), request.String("value") ?? "");
                break;
            default:
                throw new MlflowException("ENDPOINT_NOT_FOUND", $"The local tracking server does not implement {method} /api/2.0/mlflow/{endpoint}.");
        }
        json.WriteEndObject();
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// The one authorization check for runs: the run, when it belongs to this job; otherwise the very answer MLflow gives
    /// for a run that does not exist, so that a job cannot even learn that another job's run id is taken.
    /// </summary>
    private RunRow OwnRun(string runId) =>
        _store.Runs.Get(runId) is { } run && IsOwn(run) ? run : throw MlflowException.RunNotFound(runId);

    private bool IsOwn(RunRow run) => string.Equals(run.Job, _job, StringComparison.Ordinal);

    private ExperimentRow GetExperiment(string id) =>
        _store.Experiments.Get(id) ?? throw new MlflowException("RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={id} exists");

    private void CreateRun(MlflowRequest request, Utf8JsonWriter json)
    {
        var experiment = GetExperiment(request.String("experiment_id") is { Length: > 0 } id ? id : "0");
        var runId = Guid.NewGuid().ToString("N");
        var tags = request.Array("tags").Select(t => (Key: t.RequiredString("key"), Value: t.String("value") ?? "")).ToList();
        var runName = request.String("run_name") is { Length: > 0 } given ? given
            : tags.FirstOrDefault(t => t.Key == "mlflow.runName").Value ?? "run-" + runId[..8];
        var run = new RunRow(runId, _job, experiment.Id, runName, request.String("user_id") ?? "", "RUNNING", request.Int64("start_time") ?? Now, null, "active",
            new Uri(Path.Combine(_jobFolder, "mlruns", experiment.Id, runId, "artifacts")).AbsoluteUri);
        _store.Runs.Insert(run);
        foreach (var (key, value) in tags) _store.Runs.SetTag(runId, key, value);
        _store.Runs.SetTag(runId, "mlflow.runName", runName);
        WriteRun(json, "run", run);
    }

    private void UpdateRun(MlflowRequest request, Utf8JsonWriter json)
    {
        var run = OwnRun(request.RunId());
        var status = request.String("status");
        if (status is not null && status is not ("RUNNING" or "SCHEDULED" or "FINISHED" or "FAILED" or "KILLED"))
        {
            throw MlflowException.InvalidParameter($"Invalid value {status} for parameter 'status' supplied.");
        }
        var runName = request.String("run_name") is { Length: > 0 } name ? name : null;
        _store.Runs.Update(run.RunId, status, request.Int64("end_time"), runName);
        if (runName is not null) _store.Runs.SetTag(run.RunId, "mlflow.runName", runName);
        json.WritePropertyName("run_info");
        WriteRunInfo(json, OwnRun(run.RunId));
    }

    private void LogMetric(MlflowRequest request)
    {
        var run = OwnRun(request.RunId());
        var key = request.RequiredString("key");
        var point = (key, request.Double("value"), request.Int64("timestamp") ?? Now, request.Int64("step") ?? 0);
        _store.Metrics.Insert(run.Job, run.RunId, [point]);
    }

    private void LogParam(string runId, string key, string value)
    {
        if (value.Length > MaxParamLength) throw MlflowException.InvalidParameter($"Param value for key '{key}' exceeds the limit of {MaxParamLength} characters.");
        if (_store.Runs.TryLogParam(runId, key, value) is { } old)
        {
            throw MlflowException.InvalidParameter(
                $"Changing param values is not allowed. Param with key='{key}' was already logged with value='{old}' for run ID='{runId}'. Attempted logging new value '{value}'.");
        }
    }

    private void DeleteTag(MlflowRequest request)
    {
        var run = OwnRun(request.RunId());
        var key = request.RequiredString("key");
        if (!_store.Runs.DeleteTag(run.RunId, key)) throw new MlflowException("RESOURCE_DOES_NOT_EXIST", $"No tag with name: {key} in run with id {run.RunId}");
    }

    private void LogBatch(MlflowRequest request)
    {
        var run = OwnRun(request.RunId());
        int metrics = request.Count("metrics"), parameters = request.Count("params"), tags = request.Count("tags");
        if (metrics > MaxBatchMetrics || parameters > MaxBatchParams || tags > MaxBatchTags || metrics + parameters + tags > MaxBatchMetrics)
        {
            throw MlflowException.InvalidParameter(
                $"A batch logging request can contain at most {MaxBatchMetrics} metrics, {MaxBatchParams} params, {MaxBatchTags} tags and {MaxBatchMetrics} items in total; got {metrics}, {parameters} and {tags}.");
        }
        var now = Now;
        var points = request.Array("metrics")
            .Select(m => (m.RequiredString("key"), m.Double("value"), m.Int64("timestamp") ?? now, m.Int64("step") ?? 0))
            .ToList();
        foreach (var p in request.Array("params")) LogParam(run.RunId, p.RequiredString("key"), p.String("value") ?? "");
        foreach (var t in request.Array("tags")) _store.Runs.SetTag(run.RunId, t.RequiredString("key"), t.String("value") ?? "");
        if (points.Count > 0) _store.Metrics.Insert(run.Job, run.RunId, points);
    }

    private void LogInputs(MlflowRequest request)
    {
        var run = OwnRun(request.RunId());
        foreach (var dataset in request.Array("datasets")) _store.Runs.AddInput(run.RunId, dataset.RawJson());
    }

    private void LogModel(MlflowRequest request)
    {
        var run = OwnRun(request.RunId());
        var model = request.RequiredString("model_json");
        _store.Runs.AddModel(run.RunId, model);
        var history = "[" + string.Join(",", _store.Runs.GetModels(run.RunId)) + "]";
        _store.Runs.SetTag(run.RunId, "mlflow.log-model.history", history);
    }

    private void GetHistory(MlflowRequest request, Utf8JsonWriter json)
    {
        var max = (int)Math.Min(MaxResults(request, 25000), 25000);
        var after = PageToken(request);
        var run = OwnRun(request.RunId());
        var key = request.RequiredString("metric_key");
        var rows = _store.Metrics.GetHistory(run.RunId, key, after, max + 1);
        json.WriteStartArray("metrics");
        foreach (var row in rows.Take(max)) WriteMetric(json, row);
        json.WriteEndArray();
        if (rows.Count > max) json.WriteString("next_page_token", rows[max - 1].Sequence.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>max_results, 1 or more (MLflow refuses less rather than guessing what was meant).</summary>
    private static long MaxResults(MlflowRequest request, long defaultValue) => request.Int64("max_results") switch
    {
        null => defaultValue,
        < 1 and var given => throw MlflowException.InvalidParameter($"max_results must be 1 or more, got {given}."),
        var given => given.Value,
    };

    /// <summary>A page token this server issued (a non-negative number); anything else is refused, never read as the first page.</summary>
    private static long PageToken(MlflowRequest request)
    {
        if (request.String("page_token") is not { Length: > 0 } token) return 0;
        return long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw MlflowException.InvalidParameter($"Invalid page_token '{token}': use the next_page_token of a previous answer.");
    }

    private void SearchRuns(MlflowRequest request, Utf8JsonWriter json)
    {
        if (request.String("filter") is { Length: > 0 } filter)
        {
            throw MlflowException.InvalidParameter($"The local tracking server does not evaluate search filters ('{filter}'); search without a filter.");
        }
        var view = request.String("run_view_type") ?? "ACTIVE_ONLY";
        var max = (int)Math.Min(MaxResults(request, 1000), 50000);
        var skip = (int)Math.Min(PageToken(request), int.MaxValue);
        var ids = request.Strings("experiment_ids").ToList();
        // Filtered before paging, so page tokens count the job's own runs only.
        var runs = _store.Runs.Search(ids)
            .Where(IsOwn)
            .Where(r => view == "ALL" || (view == "DELETED_ONLY") == (r.Lifecycle == "deleted"))
            .Skip(skip).Take(max + 1).ToList();
        json.WriteStartArray("runs");
        foreach (var run in runs.Take(max))
        {
            json.WriteStartObject();
            WriteRunBody(json, run);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (runs.Count > max) json.WriteString("next_page_token", (skip + max).ToString(CultureInfo.InvariantCulture));
    }

    private void GetExperimentByName(MlflowRequest request, Utf8JsonWriter json)
    {
        var name = request.RequiredString("experiment_name");
        var experiment = _store.Experiments.GetByName(name) ?? throw new MlflowException("RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with name '{name}'");
        WriteExperiment(json, experiment);
    }

    private void CreateExperiment(MlflowRequest request, Utf8JsonWriter json)
    {
        var name = request.RequiredString("name");
        var experiment = _store.Experiments.TryCreate(name, request.String("artifact_location") ?? "", Now)
                         ?? throw new MlflowException("RESOURCE_ALREADY_EXISTS", $"Experiment '{name}' already exists.");
        foreach (var t in request.Array("tags")) _store.Experiments.SetTag(experiment.Id, t.RequiredString("key"), t.String("value") ?? "");
        json.WriteString("experiment_id", experiment.Id);
    }

    private void WriteExperiment(Utf8JsonWriter json, ExperimentRow experiment)
    {
        json.WriteStartObject("experiment");
        json.WriteString("experiment_id", experiment.Id);
        json.WriteString("name", experiment.Name);
        json.WriteString("artifact_location", experiment.ArtifactLocation.Length > 0 ? experiment.ArtifactLocation
            : new Uri(Path.Combine(_jobFolder, "mlruns", experiment.Id)).AbsoluteUri);
        json.WriteString("lifecycle_stage", experiment.Lifecycle);
        json.WriteNumber("last_update_time", experiment.Updated);
        json.WriteNumber("creation_time", experiment.Created);
        WritePairs(json, "tags", _store.Experiments.GetTags(experiment.Id));
        json.WriteEndObject();
    }

    private void WriteRun(Utf8JsonWriter json, string property, RunRow run)
    {
        json.WriteStartObject(property);
        WriteRunBody(json, run);
        json.WriteEndObject();
    }

    private void WriteRunBody(Utf8JsonWriter json, RunRow run)
    {
        json.WritePropertyName("info");
        WriteRunInfo(json, run);
        json.WriteStartObject("data");
        json.WriteStartArray("metrics");
        foreach (var metric in _store.Metrics.GetLatest(run.RunId)) WriteMetric(json, metric);
        json.WriteEndArray();
        WritePairs(json, "params", _store.Runs.GetParams(run.RunId));
        WritePairs(json, "tags", _store.Runs.GetTags(run.RunId));
        json.WriteEndObject();
        json.WriteStartObject("inputs");
        json.WriteStartArray("dataset_inputs");
        foreach (var input in _store.Runs.GetInputs(run.RunId)) json.WriteRawValue(input);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRunInfo(Utf8JsonWriter json, RunRow run)
    {
        json.WriteStartObject();
        json.WriteString("run_id", run.RunId);
        json.WriteString("run_uuid", run.RunId);
        json.WriteString("run_name", run.RunName);
        json.WriteString("experiment_id", run.ExperimentId);
        json.WriteString("user_id", run.UserId);
        json.WriteString("status", run.Status);
        json.WriteNumber("start_time", run.StartTime);
        if (run.EndTime is { } end) json.WriteNumber("end_time", end);
        json.WriteString("artifact_uri", run.ArtifactUri);
        json.WriteString("lifecycle_stage", run.Lifecycle);
        json.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter json, MetricRow metric)
    {
        json.WriteStartObject();
        json.WriteString("key", metric.Key);
        WriteDouble(json, "value", metric.Value);
        json.WriteNumber("timestamp", metric.Timestamp);
        json.WriteNumber("step", metric.Step);
        json.WriteEndObject();
    }

    /// <summary>Writes a double as proto-JSON does: a number, or the strings NaN, Infinity, -Infinity.</summary>
    public static void WriteDouble(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value)) json.WriteString(name, "NaN");
        else if (double.IsPositiveInfinity(value)) json.WriteString(name, "Infinity");
        else if (double.IsNegativeInfinity(value)) json.WriteString(name, "-Infinity");
        else json.WriteNumber(name, value);
    }

    private static void WritePairs(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        json.WriteStartArray(name);
        foreach (var (key, value) in pairs)
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteString("value", value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
