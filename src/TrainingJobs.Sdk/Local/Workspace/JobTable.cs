using Microsoft.Data.Sqlite;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// The <c>jobs</c> table and what hangs off a job: its status timeline (<c>status_history</c>), output digests and
/// warnings. Reads and writes go through the <see cref="JobStore"/> that owns the database.
/// </summary>
internal sealed class JobTable(JobStore store)
{
    private const string JobColumns = "seq, name, experiment, status, created_at, started_at, ended_at, exit_code, error_code, error_message, archived, " +
                                      "parent_job, tags_json, definition_yaml, plan_json, supervisor_pid, supervisor_start, process_groups, " +
                                      "cancel_requested_at, cancel_grace_ms, tracking_uri, kind, reuse_key, reused_from";

    /// <summary>Inserts a new job in <c>NotStarted</c>; false when the name is taken.</summary>
    public bool TryInsert(string name, string experiment, string tagsJson, string definitionYaml, string planJson, string? parentJob, long now,
        string kind = StoredJobKinds.Command)
    {
        return store.Write(() =>
        {
            using var connection = store.Connect();
            using var transaction = connection.BeginTransaction();
            using (var exists = JobStore.Command(connection, "SELECT 1 FROM jobs WHERE name=$n", ("$n", name)))
            {
                if (exists.ExecuteScalar() is not null) return false;
            }
            using (var insert = JobStore.Command(connection,
                       "INSERT INTO jobs(name, experiment, status, created_at, tags_json, definition_yaml, plan_json, parent_job, kind) VALUES($n,$e,$s,$t,$tags,$d,$p,$parent,$k)",
                       ("$n", name), ("$e", experiment), ("$s", JobStatus.NotStarted.ToString()), ("$t", now), ("$tags", tagsJson), ("$d", definitionYaml),
                       ("$p", planJson), ("$parent", parentJob), ("$k", kind)))
            {
                insert.ExecuteNonQuery();
            }
            InsertHistory(connection, name, JobStatus.NotStarted, now);
            transaction.Commit();
            return true;
        });
    }

    /// <summary>A job to insert with others (<see cref="TryInsertAll"/>).</summary>
    public sealed record NewJob(string Name, string Experiment, string TagsJson, string DefinitionYaml, string PlanJson, string? ParentJob, string Kind);

    /// <summary>
    /// Inserts jobs in <c>NotStarted</c>, all or none, in one transaction (a pipeline and its steps: one commit instead
    /// of one per step). Returns the first name that is taken (nothing is then inserted), or null.
    /// </summary>
    public string? TryInsertAll(IReadOnlyList<NewJob> jobs, long now)
    {
        return store.Write(() =>
        {
            using var connection = store.Connect();
            using var transaction = connection.BeginTransaction();
            using var exists = JobStore.Command(connection, "SELECT 1 FROM jobs WHERE name=$n", ("$n", ""));
            using var insert = JobStore.Command(connection,
                "INSERT INTO jobs(name, experiment, status, created_at, tags_json, definition_yaml, plan_json, parent_job, kind) VALUES($n,$e,$s,$t,$tags,$d,$p,$parent,$k)",
                ("$n", ""), ("$e", ""), ("$s", JobStatus.NotStarted.ToString()), ("$t", now), ("$tags", ""), ("$d", ""), ("$p", ""), ("$parent", null), ("$k", ""));
            using var history = JobStore.Command(connection, "INSERT INTO status_history(job, status, at) VALUES($n,$s,$t)",
                ("$n", ""), ("$s", JobStatus.NotStarted.ToString()), ("$t", now));
            foreach (var job in jobs)
            {
                exists.Parameters["$n"].Value = job.Name;
                // Nothing is committed: disposing the transaction rolls back the rows inserted so far.
                if (exists.ExecuteScalar() is not null) return job.Name;
                insert.Parameters["$n"].Value = job.Name;
                insert.Parameters["$e"].Value = job.Experiment;
                insert.Parameters["$tags"].Value = job.TagsJson;
                insert.Parameters["$d"].Value = job.DefinitionYaml;
                insert.Parameters["$p"].Value = job.PlanJson;
                insert.Parameters["$parent"].Value = (object?)job.ParentJob ?? DBNull.Value;
                insert.Parameters["$k"].Value = job.Kind;
                insert.ExecuteNonQuery();
                history.Parameters["$n"].Value = job.Name;
                history.ExecuteNonQuery();
            }
            transaction.Commit();
            return null;
        });
    }

    /// <summary>
    /// Moves a job to a status unless it is terminal already (a terminal status is final). Sets the start time on
    /// <c>Running</c>, and the end time, exit code and error on terminal statuses. Returns whether it moved.
    /// </summary>
    public bool TryTransition(string name, JobStatus status, long now, int? exitCode = null, JobErrorCode? errorCode = null, string? errorMessage = null)
    {
        return store.Write(() =>
        {
            using var connection = store.Connect();
            using var transaction = connection.BeginTransaction();
            var current = ReadStatus(connection, name);
            if (current is null || JobStatus.Parse(current).IsTerminal) return false;
            var sql = "UPDATE jobs SET status=$s" +
                      (status == JobStatus.Running ? ", started_at=$t" : "") +
                      (status.IsTerminal ? ", ended_at=$t, exit_code=COALESCE($x, exit_code), error_code=$ec, error_message=$em" : "") +
                      " WHERE name=$n";
            using (var update = JobStore.Command(connection, sql, ("$s", status.ToString()), ("$t", now), ("$x", exitCode), ("$ec", errorCode?.ToString()), ("$em", errorMessage), ("$n", name)))
            {
                update.ExecuteNonQuery();
            }
            InsertHistory(connection, name, status, now);
            transaction.Commit();
            return true;
        });
    }

    /// <summary>
    /// Moves a <c>Queued</c> job to <c>Preparing</c> when fewer than <paramref name="limit"/> jobs are active and no job
    /// queued before it still waits (first come, first served). Returns whether it did.
    /// </summary>
    public bool TryDequeue(string name, int limit, long now)
    {
        return store.Write(() =>
        {
            using var connection = store.Connect();
            using var transaction = connection.BeginTransaction();
            using var check = JobStore.Command(connection, """
                SELECT (SELECT status FROM jobs WHERE name=$n),
                       (SELECT COUNT(*) FROM jobs WHERE status IN ('Preparing','Running','Finalizing') AND kind='command'),
                       (SELECT COUNT(*) FROM jobs WHERE status='Queued' AND seq < (SELECT seq FROM jobs WHERE name=$n))
                """, ("$n", name));
            using (var reader = check.ExecuteReader())
            {
                reader.Read();
                if (reader.IsDBNull(0) || reader.GetString(0) != JobStatus.Queued.ToString()) return false;
                if (reader.GetInt64(1) >= limit || reader.GetInt64(2) > 0) return false;
            }
            using (var update = JobStore.Command(connection, "UPDATE jobs SET status=$s WHERE name=$n", ("$s", JobStatus.Preparing.ToString()), ("$n", name)))
            {
                update.ExecuteNonQuery();
            }
            InsertHistory(connection, name, JobStatus.Preparing, now);
            transaction.Commit();
            return true;
        });
    }

    /// <summary>Records the supervisor process (pid and kernel start time) that owns a job.</summary>
    public void SetSupervisor(string name, int pid, long startTime) =>
        store.Execute("UPDATE jobs SET supervisor_pid=$p, supervisor_start=$s WHERE name=$n", ("$p", pid), ("$s", startTime), ("$n", name));

    /// <summary>Records the supervisor process of a parent's children that have none yet, in one write (a pipeline's steps).</summary>
    public void SetSupervisorOfChildren(string parent, int pid, long startTime) =>
        store.Execute("UPDATE jobs SET supervisor_pid=$p, supervisor_start=$s WHERE parent_job=$n AND supervisor_pid IS NULL", ("$p", pid), ("$s", startTime), ("$n", parent));

    /// <summary>
    /// Records what planning a child job (a pipeline step, a sweep trial) decided, in one transaction: its plan, the
    /// definition it runs (inputs bound) and the code and input files the plan listed.
    /// </summary>
    public void SetPlanned(string name, string planJson, string definitionYaml, Planning.LocalPlanner.PlannedFiles files) => store.Write(() =>
    {
        using var connection = store.Connect();
        using var transaction = connection.BeginTransaction();
        using (var update = JobStore.Command(connection, "UPDATE jobs SET plan_json=$p, definition_yaml=$d WHERE name=$n", ("$p", planJson), ("$d", definitionYaml), ("$n", name)))
        {
            update.ExecuteNonQuery();
        }
        FileTable.ReplacePlanned(connection, name, files);
        transaction.Commit();
        return 0;
    });

    /// <summary>Replaces a job's stored definition (a step's, once its inputs are bound).</summary>
    public void SetDefinition(string name, string definitionYaml) =>
        store.Execute("UPDATE jobs SET definition_yaml=$d WHERE name=$n", ("$d", definitionYaml), ("$n", name));

    /// <summary>Records the reuse key of a deterministic step, and the earlier job whose outputs it reused, if any.</summary>
    public void SetReuse(string name, string reuseKey, string? reusedFrom) =>
        store.Execute("UPDATE jobs SET reuse_key=$k, reused_from=$r WHERE name=$n", ("$k", reuseKey), ("$r", reusedFrom), ("$n", name));

    /// <summary>
    /// The newest completed job with this reuse key that ran itself (not one that reused another), other than
    /// <paramref name="except"/>; null when there is none.
    /// </summary>
    public string? FindReusable(string reuseKey, string except)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection,
            "SELECT name FROM jobs WHERE reuse_key=$k AND status='Completed' AND reused_from IS NULL AND name<>$n ORDER BY seq DESC LIMIT 1",
            ("$k", reuseKey), ("$n", except));
        return command.ExecuteScalar() as string;
    }

    /// <summary>The names of a job's child jobs, in creation order.</summary>
    public IReadOnlyList<string> Children(string parent)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, "SELECT name FROM jobs WHERE parent_job=$p ORDER BY seq", ("$p", parent));
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>
    /// Records how the job's processes are held (<see cref="Supervision.JobContainment.Record"/>: its cgroup, token,
    /// deadline and the ranks' process groups), so anyone can stop them.
    /// </summary>
    public void SetProcessGroups(string name, string record) =>
        store.Execute("UPDATE jobs SET process_groups=$g WHERE name=$n", ("$g", record), ("$n", name));

    /// <summary>Records the job's MLflow tracking URI.</summary>
    public void SetTrackingUri(string name, string uri) => store.Execute("UPDATE jobs SET tracking_uri=$u WHERE name=$n", ("$u", uri), ("$n", name));

    /// <summary>Marks that cancellation was asked for, with the grace period to use.</summary>
    public void RequestCancel(string name, long graceMs, long now) =>
        store.Execute("UPDATE jobs SET cancel_requested_at=COALESCE(cancel_requested_at,$t), cancel_grace_ms=$g WHERE name=$n", ("$t", now), ("$g", graceMs), ("$n", name));

    /// <summary>Whether cancellation was asked for (false for a job that is not there).</summary>
    public bool IsCancelRequested(string name)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, "SELECT cancel_requested_at IS NOT NULL FROM jobs WHERE name=$n", ("$n", name));
        return command.ExecuteScalar() is long flag && flag != 0;
    }

    /// <summary>Sets the archive flag.</summary>
    public bool SetArchived(string name, bool archived) =>
        store.Execute("UPDATE jobs SET archived=$a WHERE name=$n", ("$a", archived ? 1 : 0), ("$n", name)) > 0;

    /// <summary>Replaces the tags.</summary>
    public void SetTags(string name, string tagsJson) => store.Execute("UPDATE jobs SET tags_json=$t WHERE name=$n", ("$t", tagsJson), ("$n", name));

    /// <summary>Records the content digest of an output once the job's processes are gone.</summary>
    public void SetOutputDigest(string name, string output, string digest, int files, long bytes) => store.Execute(
        "INSERT INTO output_digests(job, output, digest, files, bytes) VALUES($j,$o,$d,$f,$b) ON CONFLICT(job, output) DO UPDATE SET digest=$d, files=$f, bytes=$b",
        ("$j", name), ("$o", output), ("$d", digest), ("$f", files), ("$b", bytes));

    /// <summary>The output digests of a job: output → (dirHash1, files, bytes).</summary>
    public IReadOnlyDictionary<string, (string Digest, int Files, long Bytes)> GetOutputDigests(string name)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, "SELECT output, digest, files, bytes FROM output_digests WHERE job=$j ORDER BY output", ("$j", name));
        using var r = command.ExecuteReader();
        var digests = new Dictionary<string, (string, int, long)>(StringComparer.Ordinal);
        while (r.Read()) digests[r.GetString(0)] = (r.GetString(1), r.GetInt32(2), r.GetInt64(3));
        return digests;
    }

    /// <summary>Reads one job.</summary>
    public JobRow? Get(string name)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, $"SELECT {JobColumns} FROM jobs WHERE name=$n", ("$n", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadJob(reader) : null;
    }

    /// <summary>Reads every job, newest first (filtering is done by the caller).</summary>
    public IReadOnlyList<JobRow> List()
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, $"SELECT {JobColumns} FROM jobs ORDER BY seq DESC");
        using var reader = command.ExecuteReader();
        var rows = new List<JobRow>();
        while (reader.Read()) rows.Add(ReadJob(reader));
        return rows;
    }

    /// <summary>
    /// The jobs not in a terminal state whose supervisor is not the process <paramref name="supervisorPid"/> started at
    /// <paramref name="supervisorStart"/> (the caller, which is running, so its own jobs need no liveness check), or that
    /// have none recorded yet.
    /// </summary>
    public IReadOnlyList<string> ActiveNamesSupervisedElsewhere(int supervisorPid, long supervisorStart)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection,
            "SELECT name FROM jobs WHERE status NOT IN ('Completed','Failed','Canceled','NotResponding','Paused') AND NOT (supervisor_pid IS $p AND supervisor_start IS $s)",
            ("$p", supervisorPid), ("$s", supervisorStart));
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>The status changes of a job after a sequence number, oldest first.</summary>
    public IReadOnlyList<StatusRow> GetStatusHistory(string name, long afterSequence = 0)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, "SELECT seq, status, at FROM status_history WHERE job=$n AND seq>$s ORDER BY seq", ("$n", name), ("$s", afterSequence));
        using var reader = command.ExecuteReader();
        var rows = new List<StatusRow>();
        while (reader.Read()) rows.Add(new StatusRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        return rows;
    }

    // Warnings raised while a job ran or finalized (an output entry the digest skipped), shown with the plan's warnings in the job record.

    /// <summary>Adds a warning to a job.</summary>
    public void AddWarning(string name, string text) => store.Execute("INSERT INTO job_warnings(job, text) VALUES($j,$t)", ("$j", name), ("$t", text));

    /// <summary>A job's warnings, oldest first.</summary>
    public IReadOnlyList<string> GetWarnings(string name)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection, "SELECT text FROM job_warnings WHERE job=$j ORDER BY seq", ("$j", name));
        using var reader = command.ExecuteReader();
        var warnings = new List<string>();
        while (reader.Read()) warnings.Add(reader.GetString(0));
        return warnings;
    }

    private static string? ReadStatus(SqliteConnection connection, string name)
    {
        using var command = JobStore.Command(connection, "SELECT status FROM jobs WHERE name=$n", ("$n", name));
        return command.ExecuteScalar() as string;
    }

    private static void InsertHistory(SqliteConnection connection, string name, JobStatus status, long now)
    {
        using var insert = JobStore.Command(connection, "INSERT INTO status_history(job, status, at) VALUES($n,$s,$t)", ("$n", name), ("$s", status.ToString()), ("$t", now));
        insert.ExecuteNonQuery();
    }

    private static JobRow ReadJob(SqliteDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        Name = r.GetString(1),
        Experiment = r.GetString(2),
        Status = r.GetString(3),
        CreatedAt = r.GetInt64(4),
        StartedAt = r.IsDBNull(5) ? null : r.GetInt64(5),
        EndedAt = r.IsDBNull(6) ? null : r.GetInt64(6),
        ExitCode = r.IsDBNull(7) ? null : r.GetInt32(7),
        ErrorCode = r.IsDBNull(8) ? null : r.GetString(8),
        ErrorMessage = r.IsDBNull(9) ? null : r.GetString(9),
        Archived = r.GetInt64(10) != 0,
        ParentJob = r.IsDBNull(11) ? null : r.GetString(11),
        TagsJson = r.GetString(12),
        DefinitionYaml = r.GetString(13),
        PlanJson = r.GetString(14),
        SupervisorPid = r.IsDBNull(15) ? null : r.GetInt32(15),
        SupervisorStart = r.IsDBNull(16) ? null : r.GetInt64(16),
        ProcessGroups = r.IsDBNull(17) ? null : r.GetString(17),
        CancelRequestedAt = r.IsDBNull(18) ? null : r.GetInt64(18),
        CancelGraceMs = r.IsDBNull(19) ? null : r.GetInt64(19),
        TrackingUri = r.IsDBNull(20) ? null : r.GetString(20),
        Kind = r.GetString(21),
        ReuseKey = r.IsDBNull(22) ? null : r.GetString(22),
        ReusedFrom = r.IsDBNull(23) ? null : r.GetString(23),
    };
}
