using Microsoft.Data.Sqlite;

namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>Experiment.</summary>
internal sealed record ExperimentRow(string Id, string Name, string ArtifactLocation, string Lifecycle, long Created, long Updated);

/// <summary>MLflow run.</summary>
internal sealed record RunRow(string RunId, string Job, string ExperimentId, string RunName, string UserId, string Status, long StartTime, long? EndTime, string Lifecycle, string ArtifactUri);

/// <summary>The MLflow side of the workspace: experiments, runs, metrics, params, tags, dataset inputs, models.</summary>
internal sealed partial class JobStore
{
    /// <summary>Finds an experiment by name.</summary>
    public ExperimentRow? GetExperimentByName(string name) => QueryExperiment("name=$v", name);

    /// <summary>Finds an experiment by id.</summary>
    public ExperimentRow? GetExperiment(string id) => QueryExperiment("id=$v", id);

    /// <summary>Creates an experiment; null when the name exists.</summary>
    public ExperimentRow? TryCreateExperiment(string name, string artifactLocation, long now)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using (var exists = Command(connection, "SELECT 1 FROM experiments WHERE name=$n", ("$n", name)))
        {
            if (exists.ExecuteScalar() is not null) return null;
        }
        using var next = Command(connection, "SELECT COALESCE(MAX(CAST(id AS INTEGER)), 0) + 1 FROM experiments");
        var id = Convert.ToString(next.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
        using (var insert = Command(connection, "INSERT INTO experiments(id, name, artifact_location, lifecycle, created, updated) VALUES($i,$n,$a,'active',$t,$t)",
                   ("$i", id), ("$n", name), ("$a", artifactLocation), ("$t", now)))
        {
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return new ExperimentRow(id, name, artifactLocation, "active", now, now);
    }

    /// <summary>Returns the experiment of this name, creating it when missing.</summary>
    public ExperimentRow EnsureExperiment(string name, long now) =>
        GetExperimentByName(name) ?? TryCreateExperiment(name, "", now) ?? GetExperimentByName(name)!;

    /// <summary>Sets an experiment tag.</summary>
    public void SetExperimentTag(string experimentId, string key, string value) =>
        Execute("INSERT INTO experiment_tags(experiment_id, key, value) VALUES($e,$k,$v) ON CONFLICT(experiment_id, key) DO UPDATE SET value=$v",
            ("$e", experimentId), ("$k", key), ("$v", value));

    /// <summary>The tags of an experiment.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetExperimentTags(string experimentId) =>
        QueryPairs("SELECT key, value FROM experiment_tags WHERE experiment_id=$v ORDER BY key", experimentId);

    /// <summary>Creates a run (fails silently when it exists: the job's run is pre-created once).</summary>
    public void InsertRun(RunRow run) => Execute(
        "INSERT OR IGNORE INTO runs(run_id, job, experiment_id, run_name, user_id, status, start_time, end_time, lifecycle, artifact_uri) VALUES($r,$j,$e,$n,$u,$s,$st,$et,$l,$a)",
        ("$r", run.RunId), ("$j", run.Job), ("$e", run.ExperimentId), ("$n", run.RunName), ("$u", run.UserId), ("$s", run.Status), ("$st", run.StartTime),
        ("$et", run.EndTime), ("$l", run.Lifecycle), ("$a", run.ArtifactUri));

    /// <summary>Reads a run.</summary>
    public RunRow? GetRun(string runId)
    {
        using var connection = Connect();
        using var command = Command(connection, "SELECT run_id, job, experiment_id, run_name, user_id, status, start_time, end_time, lifecycle, artifact_uri FROM runs WHERE run_id=$r", ("$r", runId));
        using var r = command.ExecuteReader();
        return r.Read()
            ? new RunRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.IsDBNull(7) ? null : r.GetInt64(7), r.GetString(8), r.GetString(9))
            : null;
    }

    /// <summary>Updates a run's status, end time and name (null leaves a field as it is).</summary>
    public void UpdateRun(string runId, string? status, long? endTime, string? runName) => Execute(
        "UPDATE runs SET status=COALESCE($s,status), end_time=COALESCE($e,end_time), run_name=COALESCE($n,run_name) WHERE run_id=$r",
        ("$s", status), ("$e", endTime), ("$n", runName), ("$r", runId));

    /// <summary>Appends metric points, in order, in one transaction.</summary>
    public void InsertMetrics(string job, string runId, IEnumerable<(string Key, double Value, long Timestamp, long Step)> points)
    {
        Write(() =>
        {
            using var connection = Connect();
            using var transaction = connection.BeginTransaction();
            foreach (var (key, value, timestamp, step) in points)
            {
                using var insert = Command(connection, "INSERT INTO metrics(job, run_id, key, value, timestamp, step) VALUES($j,$r,$k,$v,$t,$s)",
                    ("$j", job), ("$r", runId), ("$k", key), ("$v", FormatDouble(value)), ("$t", timestamp), ("$s", step));
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            return 0;
        });
    }

    /// <summary>The metric points of a job's own run (run id = job name) after a sequence number, oldest first.</summary>
    public IReadOnlyList<MetricRow> GetJobMetrics(string job, long afterSequence = 0, int limit = int.MaxValue) =>
        QueryMetrics("SELECT seq, run_id, key, value, timestamp, step FROM metrics WHERE job=$a AND run_id=$a AND seq>$s ORDER BY seq LIMIT $l", job, afterSequence, limit);

    /// <summary>The history of one metric of a run, oldest first.</summary>
    public IReadOnlyList<MetricRow> GetMetricHistory(string runId, string key, long afterSequence, int limit)
    {
        using var connection = Connect();
        using var command = Command(connection, "SELECT seq, run_id, key, value, timestamp, step FROM metrics WHERE run_id=$r AND key=$k AND seq>$s ORDER BY seq LIMIT $l",
            ("$r", runId), ("$k", key), ("$s", afterSequence), ("$l", limit));
        return ReadMetrics(command);
    }

    /// <summary>The latest point of each metric of a run, by (timestamp, step), as MLflow reports it.</summary>
    public IReadOnlyList<MetricRow> GetLatestMetrics(string runId)
    {
        var latest = new Dictionary<string, MetricRow>(StringComparer.Ordinal);
        using var connection = Connect();
        using var command = Command(connection, "SELECT seq, run_id, key, value, timestamp, step FROM metrics WHERE run_id=$r ORDER BY seq", ("$r", runId));
        foreach (var row in ReadMetrics(command))
        {
            if (!latest.TryGetValue(row.Key, out var best) || (row.Timestamp, row.Step).CompareTo((best.Timestamp, best.Step)) >= 0) latest[row.Key] = row;
        }
        return [.. latest.Values];
    }

    /// <summary>Logs a param; returns the existing value when a different one is already logged (params are immutable).</summary>
    public string? TryLogParam(string runId, string key, string value)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using (var existing = Command(connection, "SELECT value FROM params WHERE run_id=$r AND key=$k", ("$r", runId), ("$k", key)))
        {
            if (existing.ExecuteScalar() is string old) return old == value ? null : old;
        }
        using (var insert = Command(connection, "INSERT INTO params(run_id, key, value) VALUES($r,$k,$v)", ("$r", runId), ("$k", key), ("$v", value)))
        {
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return null;
    }

    /// <summary>The params of a run.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetParams(string runId) => QueryPairs("SELECT key, value FROM params WHERE run_id=$v ORDER BY key", runId);

    /// <summary>Sets (overwrites) a run tag.</summary>
    public void SetRunTag(string runId, string key, string value) =>
        Execute("INSERT INTO run_tags(run_id, key, value) VALUES($r,$k,$v) ON CONFLICT(run_id, key) DO UPDATE SET value=$v", ("$r", runId), ("$k", key), ("$v", value));

    /// <summary>Deletes a run tag; false when there was none.</summary>
    public bool DeleteRunTag(string runId, string key) => Execute("DELETE FROM run_tags WHERE run_id=$r AND key=$k", ("$r", runId), ("$k", key)) > 0;

    /// <summary>The tags of a run.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetRunTags(string runId) => QueryPairs("SELECT key, value FROM run_tags WHERE run_id=$v ORDER BY key", runId);

    /// <summary>Records one dataset input (its JSON as the client sent it).</summary>
    public void AddRunInput(string runId, string json) => Execute("INSERT INTO run_inputs(run_id, json) VALUES($r,$j)", ("$r", runId), ("$j", json));

    /// <summary>The dataset inputs of a run, as JSON.</summary>
    public IReadOnlyList<string> GetRunInputs(string runId) => QueryStrings("SELECT json FROM run_inputs WHERE run_id=$v ORDER BY seq", runId);

    /// <summary>Records an MLmodel description logged with <c>runs/log-model</c>.</summary>
    public void AddRunModel(string runId, string modelJson) => Execute("INSERT INTO run_models(run_id, model_json) VALUES($r,$j)", ("$r", runId), ("$j", modelJson));

    /// <summary>The models logged for a run, as JSON.</summary>
    public IReadOnlyList<string> GetRunModels(string runId) => QueryStrings("SELECT model_json FROM run_models WHERE run_id=$v ORDER BY seq", runId);

    /// <summary>The runs of some experiments, newest first.</summary>
    public IReadOnlyList<RunRow> SearchRuns(IReadOnlyCollection<string> experimentIds)
    {
        var runs = new List<RunRow>();
        foreach (var experimentId in experimentIds)
        {
            foreach (var runId in QueryStrings("SELECT run_id FROM runs WHERE experiment_id=$v", experimentId))
            {
                if (GetRun(runId) is { } run) runs.Add(run);
            }
        }
        return [.. runs.OrderByDescending(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal)];
    }

    /// <summary>The run ids owned by a job.</summary>
    public IReadOnlyList<string> GetRunIds(string job) => QueryStrings("SELECT run_id FROM runs WHERE job=$v ORDER BY start_time", job);

    private ExperimentRow? QueryExperiment(string where, string value)
    {
        using var connection = Connect();
        using var command = Command(connection, $"SELECT id, name, artifact_location, lifecycle, created, updated FROM experiments WHERE {where}", ("$v", value));
        using var r = command.ExecuteReader();
        return r.Read() ? new ExperimentRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5)) : null;
    }

    private IReadOnlyList<MetricRow> QueryMetrics(string sql, string value, long after, int limit)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, ("$a", value), ("$s", after), ("$l", limit));
        return ReadMetrics(command);
    }

    private static List<MetricRow> ReadMetrics(SqliteCommand command)
    {
        using var r = command.ExecuteReader();
        var rows = new List<MetricRow>();
        while (r.Read()) rows.Add(new MetricRow(r.GetInt64(0), r.GetString(1), r.GetString(2), ParseDouble(r.GetString(3)), r.GetInt64(4), r.GetInt64(5)));
        return rows;
    }

    private IReadOnlyList<KeyValuePair<string, string>> QueryPairs(string sql, string value)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, ("$v", value));
        using var r = command.ExecuteReader();
        var pairs = new List<KeyValuePair<string, string>>();
        while (r.Read()) pairs.Add(new(r.GetString(0), r.GetString(1)));
        return pairs;
    }

    private IReadOnlyList<string> QueryStrings(string sql, string value)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, ("$v", value));
        using var r = command.ExecuteReader();
        var values = new List<string>();
        while (r.Read()) values.Add(r.GetString(0));
        return values;
    }
}
