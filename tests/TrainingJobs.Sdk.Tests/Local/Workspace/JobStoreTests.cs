using Microsoft.Data.Sqlite;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Workspace;

/// <summary>The database itself, apart from its tables: creation, the schema version, and the file's identity.</summary>
public class JobStoreTests
{
    private TempStore _temp = null!;

    [SetUp]
    public void Open() => _temp = new TempStore();

    [TearDown]
    public void Close() => _temp.Dispose();

    [Test]
    public void Opening_without_create_a_database_that_does_not_exist_is_an_error_and_creates_nothing()
    {
        var missing = Path.Combine(Path.GetDirectoryName(_temp.DatabasePath)!, "missing.db");

        var opening = () => JobStore.Open(missing, create: false);

        opening.Should().Throw<WorkspaceDatabaseLostException>().WithMessage("*does not exist*");
        File.Exists(missing).Should().BeFalse();
    }

    [Test]
    public void Reopening_a_database_keeps_its_rows_and_its_tables_share_it()
    {
        _temp.Store.Jobs.TryInsert("a", "Default", "{}", "yaml", "{}", null, 1);
        _temp.Store.Runs.Insert(new RunRow("a", "a", "0", "a", "user", "RUNNING", 1, null, "active", ""));

        var reopened = JobStore.Open(_temp.DatabasePath, create: false);

        reopened.Jobs.Get("a").Should().NotBeNull();
        reopened.Runs.Get("a").Should().NotBeNull();
        reopened.Experiments.Get("0").Should().NotBeNull();
    }

    [Test]
    public void A_version_1_database_is_migrated_in_place_and_keeps_its_jobs_as_command_jobs()
    {
        var path = Path.Combine(Path.GetDirectoryName(_temp.DatabasePath)!, "v1.db");
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The version 1 jobs table, as SDKs before pipelines made it.
            command.CommandText = """
                CREATE TABLE jobs(
                  seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, experiment TEXT NOT NULL, status TEXT NOT NULL,
                  created_at INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER, exit_code INTEGER, error_code TEXT, error_message TEXT,
                  archived INTEGER NOT NULL DEFAULT 0, parent_job TEXT, tags_json TEXT NOT NULL, definition_yaml TEXT NOT NULL,
                  plan_json TEXT NOT NULL, supervisor_pid INTEGER, supervisor_start INTEGER, process_groups TEXT,
                  cancel_requested_at INTEGER, cancel_grace_ms INTEGER, tracking_uri TEXT);
                INSERT INTO jobs(name, experiment, status, created_at, tags_json, definition_yaml, plan_json) VALUES('old', 'Default', 'Completed', 1, '{}', 'y', '{}');
                PRAGMA user_version=1;
                """;
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var store = JobStore.Open(path, create: false);

        var row = store.Jobs.Get("old");
        row.Should().NotBeNull();
        row!.Kind.Should().Be(StoredJobKinds.Command);
        row.ReusedFrom.Should().BeNull();
        store.Files.Of("old", FileTable.Output).Should().BeEmpty("the file listings came with version 3 and the old job has none");
        using var migrated = store.Connect();
        using var version = JobStore.Command(migrated, "PRAGMA user_version");
        version.ExecuteScalar().Should().Be(WorkspaceSchema.Version);
        SqliteConnection.ClearAllPools();
    }

    [Test]
    public void A_version_2_database_is_migrated_in_place_and_gains_the_file_listings()
    {
        var path = Path.Combine(Path.GetDirectoryName(_temp.DatabasePath)!, "v2.db");
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // Version 2 is version 3 without job_files: the current schema minus that table, marked 2.
            command.CommandText = WorkspaceSchema.Create
                .Replace(WorkspaceSchema.MigrateFrom2.Trim(), "", StringComparison.Ordinal) + "PRAGMA user_version=2;";
            command.ExecuteNonQuery();
            using var check = connection.CreateCommand();
            check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name='job_files'";
            check.ExecuteScalar().Should().Be(0L, "the test's version 2 database has no job_files table");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO jobs(name, experiment, status, created_at, tags_json, definition_yaml, plan_json) VALUES('old', 'Default', 'Completed', 1, '{}', 'y', '{}')";
            insert.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var store = JobStore.Open(path, create: false);

        store.Jobs.Get("old").Should().NotBeNull();
        store.Files.Record("old", FileTable.Output, "model", [new Sdk.Jobs.FileDigest("m.bin", new string('a', 64), 3)]);
        store.Files.WithDigest(new string('a', 64)).Should().Equal(("old", FileTable.Output, "model", "m.bin"));
        using var migrated = store.Connect();
        using var version = JobStore.Command(migrated, "PRAGMA user_version");
        version.ExecuteScalar().Should().Be(WorkspaceSchema.Version);
        SqliteConnection.ClearAllPools();
    }

    [Test]
    public void A_database_of_another_schema_version_is_refused()
    {
        using (var connection = _temp.Store.Connect())
        using (var command = JobStore.Command(connection, "PRAGMA user_version=99"))
        {
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var opening = () => JobStore.Open(_temp.DatabasePath);

        opening.Should().Throw<InvalidDataException>().WithMessage("*schema version 99*");
    }

    [Test]
    public void A_database_file_replaced_after_opening_is_noticed_on_the_next_connection()
    {
        File.Copy(_temp.DatabasePath, _temp.DatabasePath + ".copy");
        File.Move(_temp.DatabasePath + ".copy", _temp.DatabasePath, overwrite: true);

        var reading = () => _temp.Store.Jobs.List();

        reading.Should().Throw<WorkspaceDatabaseLostException>().WithMessage("*was replaced by another file*");
    }

    [Test]
    public void Doubles_are_written_as_round_trip_invariant_text()
    {
        JobStore.FormatDouble(0.1 + 0.2).Should().Be("0.30000000000000004");
        JobStore.ParseDouble(JobStore.FormatDouble(-1.5e-300)).Should().Be(-1.5e-300);
    }
}
