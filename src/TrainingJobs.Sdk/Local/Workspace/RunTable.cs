namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// The MLflow runs of the workspace (<c>runs</c>) and what is logged to a run apart from metrics: params, tags, dataset
/// inputs and models.
/// </summary>
internal sealed class RunTable(JobStore store)
{
    /// <summary>Creates a run (fails silently when it exists: the job's run is pre-created once).</summary>
    public void Insert(RunRow run) => store.Execute(
        "INSERT OR IGNORE INTO runs(run_id, job, experiment_id, run_name, user_id, status, start_time, end_time, lifecycle, artifact_uri) VALUES($r,$j,$e,$n,$u,$s,$st,$et,$l,$a)",
        ("$r", run.RunId), ("$j", run.Job), ("$e", run.ExperimentId), ("$n", run.RunName), ("$u", run.UserId), ("$s", run.Status), ("$st", run.StartTime),
        ("$et", run.EndTime), ("$l", run.Lifecycle), ("$a", run.ArtifactUri));

    /// <summary>Reads a run.</summary>
    public RunRow? Get(string runId)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, "SELECT run_id, job, experiment_id, run_name, user_id, status, start_time, end_time, lifecycle, artifact_uri FROM runs WHERE run_id=$r", ("$r", runId));
        using var r = command.ExecuteReader();
        return r.Read()
            ? new RunRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.IsDBNull(7) ? null : r.GetInt64(7), r.GetString(8), r.GetString(9))
            : null;
    }

    /// <summary>Updates a run's status, end time and name (null leaves a field as it is).</summary>
    public void Update(string runId, string? status, long? endTime, string? runName) => store.Execute(
        "UPDATE runs SET status=COALESCE($s,status), end_time=COALESCE($e,end_time), run_name=COALESCE($n,run_name) WHERE run_id=$r",
        ("$s", status), ("$e", endTime), ("$n", runName), ("$r", runId));

    /// <summary>The runs of some experiments, newest first.</summary>
    public IReadOnlyList<RunRow> Search(IReadOnlyCollection<string> experimentIds)
    {
        var runs = new List<RunRow>();
        foreach (var experimentId in experimentIds)
        {
            foreach (var runId in store.QueryStrings("SELECT run_id FROM runs WHERE experiment_id=$v", experimentId))
            {
                if (Get(runId) is { } run) runs.Add(run);
            }
        }
        return [.. runs.OrderByDescending(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal)];
    }

    /// <summary>The run ids owned by a job.</summary>
    public IReadOnlyList<string> IdsOfJob(string job) => store.QueryStrings("SELECT run_id FROM runs WHERE job=$v ORDER BY start_time", job);

    /// <summary>Logs a param; returns the existing value when a different one is already logged (params are immutable).</summary>
    public string? TryLogParam(string runId, string key, string value)
    {
        return store.Write(() =>
        {
            using var connection = store.Connect();
            using var transaction = connection.BeginTransaction();
            using (var existing = JobStore.Command(connection, "SELECT value FROM params WHERE run_id=$r AND key=$k", ("$r", runId), ("$k", key)))
            {
                if (existing.ExecuteScalar() is string old) return old == value ? null : old;
            }
            using (var insert = JobStore.Command(connection, "INSERT INTO params(run_id, key, value) VALUES($r,$k,$v)", ("$r", runId), ("$k", key), ("$v", value)))
            {
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            return null;
        });
    }

    /// <summary>The params of a run.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetParams(string runId) => store.QueryPairs("SELECT key, value FROM params WHERE run_id=$v ORDER BY key", runId);

    /// <summary>Sets (overwrites) a run tag.</summary>
    public void SetTag(string runId, string key, string value) =>
        store.Execute("INSERT INTO run_tags(run_id, key, value) VALUES($r,$k,$v) ON CONFLICT(run_id, key) DO UPDATE SET value=$v", ("$r", runId), ("$k", key), ("$v", value));

    /// <summary>Deletes a run tag; false when there was none.</summary>
    public bool DeleteTag(string runId, string key) => store.Execute("DELETE FROM run_tags WHERE run_id=$r AND key=$k", ("$r", runId), ("$k", key)) > 0;

    /// <summary>The tags of a run.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetTags(string runId) => store.QueryPairs("SELECT key, value FROM run_tags WHERE run_id=$v ORDER BY key", runId);

    /// <summary>Records one dataset input (its JSON as the client sent it).</summary>
    public void AddInput(string runId, string json) => store.Execute("INSERT INTO run_inputs(run_id, json) VALUES($r,$j)", ("$r", runId), ("$j", json));

    /// <summary>The dataset inputs of a run, as JSON.</summary>
    public IReadOnlyList<string> GetInputs(string runId) => store.QueryStrings("SELECT json FROM run_inputs WHERE run_id=$v ORDER BY seq", runId);

    /// <summary>Records an MLmodel description logged with <c>runs/log-model</c>.</summary>
    public void AddModel(string runId, string modelJson) => store.Execute("INSERT INTO run_models(run_id, model_json) VALUES($r,$j)", ("$r", runId), ("$j", modelJson));

    /// <summary>The models logged for a run, as JSON.</summary>
    public IReadOnlyList<string> GetModels(string runId) => store.QueryStrings("SELECT model_json FROM run_models WHERE run_id=$v ORDER BY seq", runId);
}
