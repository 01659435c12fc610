using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// The workspace database: one SQLite file in WAL mode, shared by clients and supervisors of every process.
/// Each call opens a pooled connection; writes that must be atomic run in one IMMEDIATE transaction.
/// </summary>
internal sealed partial class JobStore
{
    private readonly string _connectionString;

    private JobStore(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    /// <summary>The schema this code reads and writes (SQLite <c>user_version</c>).</summary>
    private const long SchemaVersion = 1;

    /// <summary>Opens (and creates on first use) the database of a workspace.</summary>
    /// <exception cref="InvalidDataException">The database was made by another version of the SDK.</exception>
    public static JobStore Open(string databasePath)
    {
        var store = new JobStore(databasePath);
        using var connection = store.Connect();
        using (var version = Command(connection, "PRAGMA user_version"))
        {
            var found = (long)version.ExecuteScalar()!;
            using var tables = Command(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type='table'");
            if (found != SchemaVersion && (long)tables.ExecuteScalar()! > 0)
            {
                throw new InvalidDataException(
                    $"The workspace database {databasePath} has schema version {found}; this SDK uses version {SchemaVersion}. Use a new workspace folder (TRAININGJOBS_HOME).");
            }
        }
        using var command = connection.CreateCommand();
        command.CommandText = Schema + $"PRAGMA user_version={SchemaVersion};";
        command.ExecuteNonQuery();
        return store;
    }

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS jobs(
          seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, experiment TEXT NOT NULL, status TEXT NOT NULL,
          created_at INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER, exit_code INTEGER, error_code TEXT, error_message TEXT,
          archived INTEGER NOT NULL DEFAULT 0, parent_job TEXT, tags_json TEXT NOT NULL, definition_yaml TEXT NOT NULL,
          plan_json TEXT NOT NULL, supervisor_pid INTEGER, supervisor_start INTEGER, process_groups TEXT,
          cancel_requested_at INTEGER, cancel_grace_ms INTEGER, tracking_uri TEXT);
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
        CREATE TABLE IF NOT EXISTS job_warnings(seq INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, text TEXT NOT NULL);
        INSERT OR IGNORE INTO experiments(id, name, artifact_location, lifecycle, created, updated) VALUES('0', 'Default', '', 'active', 0, 0);
        """;

    internal SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    internal static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    internal static string FormatDouble(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
