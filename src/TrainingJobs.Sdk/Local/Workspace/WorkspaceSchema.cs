namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// The tables of the workspace database, as <see cref="JobStore.Open"/> creates them in an empty one. A change here
/// needs a new <see cref="Version"/>: versions 1 and 2 are migrated (<see cref="MigrateFrom1"/>, <see cref="MigrateFrom2"/>), any other version is refused.
/// </summary>
internal static class WorkspaceSchema
{
    /// <summary>The schema this code reads and writes (SQLite <c>user_version</c>).</summary>
    public const long Version = 3;

    /// <summary>The statements that make the tables, their indexes and the Default experiment (idempotent).</summary>
    public const string Create = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS jobs(
          seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, experiment TEXT NOT NULL, status TEXT NOT NULL,
          created_at INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER, exit_code INTEGER, error_code TEXT, error_message TEXT,
          archived INTEGER NOT NULL DEFAULT 0, parent_job TEXT, tags_json TEXT NOT NULL, definition_yaml TEXT NOT NULL,
          plan_json TEXT NOT NULL, supervisor_pid INTEGER, supervisor_start INTEGER, process_groups TEXT,
          cancel_requested_at INTEGER, cancel_grace_ms INTEGER, tracking_uri TEXT,
          kind TEXT NOT NULL DEFAULT 'command', reuse_key TEXT, reused_from TEXT);
        CREATE INDEX IF NOT EXISTS jobs_parent ON jobs(parent_job, seq);
        CREATE INDEX IF NOT EXISTS jobs_reuse ON jobs(reuse_key);
        CREATE TABLE IF NOT EXISTS status_history(seq INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, status TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS status_history_job ON status_history(job, seq);
        CREATE TABLE IF NOT EXISTS metrics(seq INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, run_id TEXT NOT NULL, key TEXT NOT NULL,
          value TEXT NOT NULL, timestamp INTEGER NOT NULL, step INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS metrics_job ON metrics(job, seq);
        CREATE INDEX IF NOT EXISTS metrics_run ON metrics(run_id, key, seq);
        CREATE TABLE IF NOT EXISTS params(run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(run_id, key));
        CREATE TABLE IF NOT EXISTS run_tags(run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(run_id, key));
        CREATE TABLE IF NOT EXISTS experiments(id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, artifact_location TEXT NOT NULL,
          lifecycle TEXT NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS experiment_tags(experiment_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(experiment_id, key));
        CREATE TABLE IF NOT EXISTS runs(run_id TEXT PRIMARY KEY, job TEXT NOT NULL, experiment_id TEXT NOT NULL, run_name TEXT NOT NULL,
          user_id TEXT NOT NULL, status TEXT NOT NULL, start_time INTEGER NOT NULL, end_time INTEGER, lifecycle TEXT NOT NULL, artifact_uri TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS run_inputs(seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS run_models(seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, model_json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS output_digests(job TEXT NOT NULL, output TEXT NOT NULL, digest TEXT NOT NULL, files INTEGER NOT NULL, bytes INTEGER NOT NULL,
          PRIMARY KEY(job, output));
        CREATE TABLE IF NOT EXISTS job_files(job TEXT NOT NULL, role TEXT NOT NULL, port TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,
          size INTEGER NOT NULL, is_link INTEGER NOT NULL, PRIMARY KEY(job, role, port, path));
        CREATE INDEX IF NOT EXISTS job_files_sha256 ON job_files(sha256);
        CREATE TABLE IF NOT EXISTS job_warnings(seq INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, text TEXT NOT NULL);
        INSERT OR IGNORE INTO experiments(id, name, artifact_location, lifecycle, created, updated) VALUES('0', 'Default', '', 'active', 0, 0);
        """;

    /// <summary>
    /// Brings a version 1 workspace (command jobs only) to version 2: a job's kind (pipeline and sweep parents hold no
    /// slot), and the reuse key and reused-from pointer of pipeline steps. Version 1 rows are all command jobs.
    /// </summary>
    public const string MigrateFrom1 = """
        ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'command';
        ALTER TABLE jobs ADD COLUMN reuse_key TEXT;
        ALTER TABLE jobs ADD COLUMN reused_from TEXT;
        CREATE INDEX IF NOT EXISTS jobs_parent ON jobs(parent_job, seq);
        CREATE INDEX IF NOT EXISTS jobs_reuse ON jobs(reuse_key);
        """;

    /// <summary>Brings a version 2 workspace to version 3: the file listings of code, inputs and outputs (jobs of version 2 have none).</summary>
    public const string MigrateFrom2 = """
        CREATE TABLE IF NOT EXISTS job_files(job TEXT NOT NULL, role TEXT NOT NULL, port TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,
          size INTEGER NOT NULL, is_link INTEGER NOT NULL, PRIMARY KEY(job, role, port, path));
        CREATE INDEX IF NOT EXISTS job_files_sha256 ON job_files(sha256);
        """;
}
