using Microsoft.Data.Sqlite;

namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>The metric points logged to MLflow runs (<c>metrics</c>), values stored as round-trip text.</summary>
internal sealed class MetricTable(JobStore store)
{
    /// <summary>Appends metric points, in order, in one transaction.</summary>
    public void Insert(string job, string runId, IEnumerable<(string Key, double Value, long Timestamp, long Step)> points)
    {
        store.Write(() =>
        {
            using var connection = store.Connect();
            using var transaction = connection.BeginTransaction();
            foreach (var (key, value, timestamp, step) in points)
            {
                using var insert = JobStore.Command(connection, "INSERT INTO metrics(job, run_id, key, value, timestamp, step) VALUES($j,$r,$k,$v,$t,$s)",
                    ("$j", job), ("$r", runId), ("$k", key), ("$v", JobStore.FormatDouble(value)), ("$t", timestamp), ("$s", step));
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            return 0;
        });
    }

    /// <summary>The metric points of a job's own run (run id = job name) after a sequence number, oldest first.</summary>
    public IReadOnlyList<MetricRow> OfJob(string job, long afterSequence = 0, int limit = int.MaxValue)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, "SELECT seq, run_id, key, value, timestamp, step FROM metrics WHERE job=$a AND run_id=$a AND seq>$s ORDER BY seq LIMIT $l",
            ("$a", job), ("$s", afterSequence), ("$l", limit));
        return Read(command);
    }

    /// <summary>The history of one metric of a run, oldest first.</summary>
    public IReadOnlyList<MetricRow> GetHistory(string runId, string key, long afterSequence, int limit)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, "SELECT seq, run_id, key, value, timestamp, step FROM metrics WHERE run_id=$r AND key=$k AND seq>$s ORDER BY seq LIMIT $l",
            ("$r", runId), ("$k", key), ("$s", afterSequence), ("$l", limit));
        return Read(command);
    }

    /// <summary>The latest point of each metric of a run, by (timestamp, step), as MLflow reports it.</summary>
    public IReadOnlyList<MetricRow> GetLatest(string runId)
    {
        var latest = new Dictionary<string, MetricRow>(StringComparer.Ordinal);
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, "SELECT seq, run_id, key, value, timestamp, step FROM metrics WHERE run_id=$r ORDER BY seq", ("$r", runId));
        foreach (var row in Read(command))
        {
            if (!latest.TryGetValue(row.Key, out var best) || (row.Timestamp, row.Step).CompareTo((best.Timestamp, best.Step)) >= 0) latest[row.Key] = row;
        }
        return [.. latest.Values];
    }

    private static List<MetricRow> Read(SqliteCommand command)
    {
        using var r = command.ExecuteReader();
        var rows = new List<MetricRow>();
        while (r.Read()) rows.Add(new MetricRow(r.GetInt64(0), r.GetString(1), r.GetString(2), JobStore.ParseDouble(r.GetString(3)), r.GetInt64(4), r.GetInt64(5)));
        return rows;
    }
}
