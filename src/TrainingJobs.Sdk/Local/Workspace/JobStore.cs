using System.Globalization;
using Microsoft.Data.Sqlite;
using TrainingJobs.Sdk.Local.Files;
using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// The workspace database: one SQLite file in WAL mode, shared by clients and supervisors of every process.
/// Each call opens a pooled connection; writes that must be atomic run in one IMMEDIATE transaction.
/// This type owns the file (creation, schema, identity, connections, disk-full retries); the rows are read and written
/// through its tables: <see cref="Jobs"/>, <see cref="Experiments"/>, <see cref="Runs"/> and <see cref="Metrics"/>.
/// </summary>
internal sealed class JobStore
{
    private readonly string _databasePath;
    private readonly string _connectionString;
    private readonly (ulong Device, ulong Inode) _identity;

    private JobStore(string databasePath, (ulong, ulong) identity)
    {
        _databasePath = databasePath;
        _identity = identity;
        // ReadWrite, never ReadWriteCreate: a connection must not quietly make an empty database where the workspace's
        // was deleted; only Open creates one, for a workspace that has none yet.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
        Jobs = new JobTable(this);
        Experiments = new ExperimentTable(this);
        Runs = new RunTable(this);
        Metrics = new MetricTable(this);
        Files = new FileTable(this);
    }

    /// <summary>Job rows, their status history, output digests and warnings.</summary>
    public JobTable Jobs { get; }

    /// <summary>MLflow experiments and their tags.</summary>
    public ExperimentTable Experiments { get; }

    /// <summary>MLflow runs with their params, tags, dataset inputs and models.</summary>
    public RunTable Runs { get; }

    /// <summary>MLflow metric points.</summary>
    public MetricTable Metrics { get; }

    /// <summary>The files of each job's code, inputs and outputs, with their digests.</summary>
    public FileTable Files { get; }

    /// <summary>Owner read and write only: the database holds every job's plan, with the real values of its secrets.</summary>
    internal const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Opens the database of a workspace. With <paramref name="create"/> (a client opening its workspace) a missing
    /// database is created, empty and owner-only; without it (a supervisor, whose job is in the database already) a
    /// missing one is an error. Every later connection checks the file is still the one opened here.
    /// </summary>
    /// <exception cref="InvalidDataException">The database was made by another version of the SDK.</exception>
    /// <exception cref="WorkspaceDatabaseLostException">There is no database and <paramref name="create"/> is false.</exception>
    public static JobStore Open(string databasePath, bool create = true)
    {
        if (create) CreateIfMissing(databasePath);
        var identity = FileIdentity(databasePath) ?? throw new WorkspaceDatabaseLostException(databasePath, "does not exist");
        var store = new JobStore(databasePath, identity);
        using var connection = store.Connect();
        using (var version = Command(connection, "PRAGMA user_version"))
        {
            var found = (long)version.ExecuteScalar()!;
            // A database at this version is left alone: opening an existing workspace writes nothing, so readers work
            // on a full disk.
            if (found == WorkspaceSchema.Version) return store;
            if (found is 1 or 2)
            {
                // An older workspace keeps its jobs: version 1's are all command jobs; version 2's have no file listings.
                store.Write(() =>
                {
                    using var migrate = connection.CreateCommand();
                    var steps = found == 1 ? WorkspaceSchema.MigrateFrom1 + WorkspaceSchema.MigrateFrom2 : WorkspaceSchema.MigrateFrom2;
                    migrate.CommandText = $"BEGIN; {steps} PRAGMA user_version={WorkspaceSchema.Version}; COMMIT;";
                    return migrate.ExecuteNonQuery();
                });
                return store;
            }
            using var tables = Command(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type='table'");
            if ((long)tables.ExecuteScalar()! > 0)
            {
                throw new InvalidDataException(
                    $"The workspace database {databasePath} has schema version {found}; this SDK uses version {WorkspaceSchema.Version}. Use a new workspace folder (TRAININGJOBS_HOME).");
            }
        }
        store.Write(() =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = WorkspaceSchema.Create + $"PRAGMA user_version={WorkspaceSchema.Version};";
            return command.ExecuteNonQuery();
        });
        return store;
    }

    /// <summary>
    /// Makes an empty, owner-only database file (an empty file is an empty SQLite database). SQLite gives its -wal and
    /// -shm files the database's permissions, so they are owner-only too. An existing file is left as it is.
    /// </summary>
    private static void CreateIfMissing(string databasePath)
    {
        if (File.Exists(databasePath)) return;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
            using var _ = new FileStream(databasePath, options);
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            // Another process created it a moment ago.
        }
    }

    /// <summary>
    /// Called when a write finds the disk full, before the write is tried again; returns whether it freed space (the
    /// supervisor releases the space it reserved for this). Without it, or when it frees nothing, the write fails with
    /// <see cref="WorkspaceDiskFullException"/>. SQLite rolls the failed transaction back, so the store is never corrupt.
    /// </summary>
    public Func<bool>? OnDiskFull { get; set; }

    private const int MaxWriteAttempts = 3;

    private readonly object _writeLock = new();

    /// <summary>Runs a write, trying again (a bounded number of times) when <see cref="OnDiskFull"/> frees space.</summary>
    internal T Write<T>(Func<T> write)
    {
        var outer = t_writing;
        t_writing = true;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // Writers of this process take turns here: SQLite's own wait for a busy database sleeps for whole
                    // milliseconds and more, which a pipeline's steps, all written by one process, would pay on every
                    // collision. Other processes' writers are still waited for by SQLite.
                    lock (_writeLock) return write();
                }
                catch (SqliteException e) when (IsDiskFull(e))
                {
                    if (attempt >= MaxWriteAttempts || OnDiskFull?.Invoke() != true) throw new WorkspaceDiskFullException(_databasePath, e);
                }
            }
        }
        finally
        {
            t_writing = outer;
        }
    }

    /// <summary>Whether this thread is inside <see cref="Write{T}"/> (writes never fall back to the read-only view).</summary>
    [ThreadStatic]
    private static bool t_writing;

    // SQLITE_FULL, or an I/O error (SQLite reports a -shm it cannot grow, and some failed writes, as SQLITE_IOERR_*) while
    // the disk is full.
    private bool IsDiskFull(SqliteException e) =>
        e.SqliteErrorCode == 13 || (e.SqliteErrorCode == 10 && DiskSpace.IsFull(_databasePath));

    /// <summary>
    /// The read-only view of a full disk: SQLite in WAL mode needs -wal and -shm files, which a fresh connection (a new
    /// <c>tj job list</c>) cannot create on a full disk. Without them the database file holds every committed change
    /// (the last connection to close checkpointed the WAL and deleted it), so reading it as immutable is exact. Used
    /// only then: with WAL content it would read stale rows, so the error stands.
    /// </summary>
    private bool HasWalContent() => new FileInfo(_databasePath + "-wal") is { Exists: true, Length: > 0 };

    private SqliteConnection ConnectReadOnly()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = new Uri(_databasePath).AbsoluteUri + "?immutable=1",
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>
    /// The identity (device, inode) of the database file, null when it does not exist: a path that now names another
    /// file (deleted and recreated, or replaced by a rename) has another identity. Without <c>statx</c> a file is only
    /// told apart from a missing one: a replaced database then goes unnoticed, a deleted one does not.
    /// </summary>
    private static (ulong Device, ulong Inode)? FileIdentity(string path) => EntryStatus.OfPath(path, followLinks: true) switch
    {
        null => File.Exists(path) ? (0, 0) : null,
        { Kind: EntryKind.Missing } => null,
        { } status => (status.Device, status.Inode),
    };

    internal SqliteConnection Connect()
    {
        // A pooled connection keeps the file it opened: were the database deleted or replaced, it would write into a
        // file nobody reads any more, so the path must still name the file Open found.
        var now = FileIdentity(_databasePath);
        if (now != _identity) throw new WorkspaceDatabaseLostException(_databasePath, now is null ? "was deleted" : "was replaced by another file");
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException e) when (!t_writing && IsDiskFull(e) && !HasWalContent())
        {
            connection.Dispose();
            return ConnectReadOnly();
        }
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

    /// <summary>Runs one statement as a write; returns the number of rows it changed.</summary>
    internal int Execute(string sql, params (string Name, object? Value)[] parameters) => Write(() =>
    {
        using var connection = Connect();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    });

    /// <summary>Reads (key, value) pairs from a query with one parameter, <c>$v</c>.</summary>
    internal IReadOnlyList<KeyValuePair<string, string>> QueryPairs(string sql, string value)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, ("$v", value));
        using var r = command.ExecuteReader();
        var pairs = new List<KeyValuePair<string, string>>();
        while (r.Read()) pairs.Add(new(r.GetString(0), r.GetString(1)));
        return pairs;
    }

    /// <summary>Reads the first column, as strings, from a query with one parameter, <c>$v</c>.</summary>
    internal IReadOnlyList<string> QueryStrings(string sql, string value)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, ("$v", value));
        using var r = command.ExecuteReader();
        var values = new List<string>();
        while (r.Read()) values.Add(r.GetString(0));
        return values;
    }
}
