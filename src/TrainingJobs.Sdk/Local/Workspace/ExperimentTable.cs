namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>The MLflow experiments of the workspace (<c>experiments</c>) and their tags (<c>experiment_tags</c>).</summary>
internal sealed class ExperimentTable(JobStore store)
{
    /// <summary>Finds an experiment by name.</summary>
    public ExperimentRow? GetByName(string name) => Query("name=$v", name);

    /// <summary>Finds an experiment by id.</summary>
    public ExperimentRow? Get(string id) => Query("id=$v", id);

    /// <summary>Creates an experiment; null when the name exists.</summary>
    public ExperimentRow? TryCreate(string name, string artifactLocation, long now)
    {
        return store.Write(() =>
        {
            using var connection = store.Connect();
            using var transaction = connection.BeginTransaction();
            using (var exists = JobStore.Command(connection, "SELECT 1 FROM experiments WHERE name=$n", ("$n", name)))
            {
                if (exists.ExecuteScalar() is not null) return null;
            }
            using var next = JobStore.Command(connection, "SELECT COALESCE(MAX(CAST(id AS INTEGER)), 0) + 1 FROM experiments");
            var id = Convert.ToString(next.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
            using (var insert = JobStore.Command(connection, "INSERT INTO experiments(id, name, artifact_location, lifecycle, created, updated) VALUES($i,$n,$a,'active',$t,$t)",
                       ("$i", id), ("$n", name), ("$a", artifactLocation), ("$t", now)))
            {
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            return new ExperimentRow(id, name, artifactLocation, "active", now, now);
        });
    }

    /// <summary>Returns the experiment of this name, creating it when missing.</summary>
    public ExperimentRow Ensure(string name, long now) =>
        GetByName(name) ?? TryCreate(name, "", now) ?? GetByName(name)!;

    /// <summary>Sets an experiment tag.</summary>
    public void SetTag(string experimentId, string key, string value) =>
        store.Execute("INSERT INTO experiment_tags(experiment_id, key, value) VALUES($e,$k,$v) ON CONFLICT(experiment_id, key) DO UPDATE SET value=$v",
            ("$e", experimentId), ("$k", key), ("$v", value));

    /// <summary>The tags of an experiment.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetTags(string experimentId) =>
        store.QueryPairs("SELECT key, value FROM experiment_tags WHERE experiment_id=$v ORDER BY key", experimentId);

    private ExperimentRow? Query(string where, string value)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, $"SELECT id, name, artifact_location, lifecycle, created, updated FROM experiments WHERE {where}", ("$v", value));
        using var r = command.ExecuteReader();
        return r.Read() ? new ExperimentRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5)) : null;
    }
}
