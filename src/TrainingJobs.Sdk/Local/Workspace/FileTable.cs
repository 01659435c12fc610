using Microsoft.Data.Sqlite;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// The files of each job's code snapshot, asset inputs and outputs, each with its SHA-256 (<c>job_files</c>): what a
/// record lists, and the index that answers "which job produced, or read, this content" (<c>job_files_sha256</c>).
/// </summary>
internal sealed class FileTable(JobStore store)
{
    /// <summary>The role of a job's code snapshot files (their port is empty).</summary>
    public const string Code = Lineage.ContentMatch.Code;

    /// <summary>The role of a job's asset input files (port = input name).</summary>
    public const string Input = Lineage.ContentMatch.Input;

    /// <summary>The role of a job's output files when it ended (port = output name, <c>artifacts/outputs</c> for <c>./outputs</c>).</summary>
    public const string Output = Lineage.ContentMatch.Output;

    /// <summary>Replaces the files recorded for one port of a job, in one transaction.</summary>
    public void Record(string job, string role, string port, IReadOnlyList<FileDigest> files) => store.Write(() =>
    {
        using var connection = store.Connect();
        using var transaction = connection.BeginTransaction();
        Replace(connection, job, role, port, files);
        transaction.Commit();
        return 0;
    });

    /// <summary>Records the code and input files a plan listed.</summary>
    public void RecordPlanned(string job, Planning.LocalPlanner.PlannedFiles files) => store.Write(() =>
    {
        using var connection = store.Connect();
        using var transaction = connection.BeginTransaction();
        ReplacePlanned(connection, job, files);
        transaction.Commit();
        return 0;
    });

    /// <summary>Records the code and input files a plan listed, inside the caller's transaction.</summary>
    internal static void ReplacePlanned(SqliteConnection connection, string job, Planning.LocalPlanner.PlannedFiles files)
    {
        if (files.Code.Count > 0) Replace(connection, job, Code, "", files.Code);
        foreach (var (input, listing) in files.Inputs) Replace(connection, job, Input, input, listing);
    }

    /// <summary>Replaces the files of one port of a job, inside the caller's transaction; one prepared insert serves every file.</summary>
    private static void Replace(SqliteConnection connection, string job, string role, string port, IReadOnlyList<FileDigest> files)
    {
        using (var clear = JobStore.Command(connection, "DELETE FROM job_files WHERE job=$j AND role=$r AND port=$p", ("$j", job), ("$r", role), ("$p", port)))
        {
            clear.ExecuteNonQuery();
        }
        if (files.Count == 0) return;
        using var insert = JobStore.Command(connection,
            "INSERT OR REPLACE INTO job_files(job, role, port, path, sha256, size, is_link) VALUES($j,$r,$p,$f,$s,$z,$l)",
            ("$j", job), ("$r", role), ("$p", port), ("$f", ""), ("$s", ""), ("$z", 0L), ("$l", 0));
        foreach (var file in files)
        {
            insert.Parameters["$f"].Value = file.Path;
            insert.Parameters["$s"].Value = file.Sha256;
            insert.Parameters["$z"].Value = file.Size;
            insert.Parameters["$l"].Value = file.IsLink ? 1 : 0;
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>The files of a job in one role, by port, each list in path order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FileDigest>> Of(string job, string role)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection,
            "SELECT port, path, sha256, size, is_link FROM job_files WHERE job=$j AND role=$r ORDER BY port, path", ("$j", job), ("$r", role));
        using var r = command.ExecuteReader();
        var files = new Dictionary<string, List<FileDigest>>(StringComparer.Ordinal);
        while (r.Read())
        {
            if (!files.TryGetValue(r.GetString(0), out var list)) files[r.GetString(0)] = list = [];
            list.Add(new FileDigest(r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4) != 0));
        }
        // SQLite orders text by its bytes (BINARY collation), which is dirHash1's order for UTF-8 paths.
        return files.ToDictionary(f => f.Key, f => (IReadOnlyList<FileDigest>)f.Value, StringComparer.Ordinal);
    }

    /// <summary>Every recorded file with this SHA-256: (job, role, port, path), oldest job first.</summary>
    public IReadOnlyList<(string Job, string Role, string Port, string Path)> WithDigest(string sha256)
    {
        using var connection = store.Connect();
        using var command = JobStore.Command(connection,
            "SELECT f.job, f.role, f.port, f.path FROM job_files f LEFT JOIN jobs j ON j.name = f.job WHERE f.sha256=$s ORDER BY j.seq, f.role, f.port, f.path",
            ("$s", sha256.ToLowerInvariant()));
        using var r = command.ExecuteReader();
        var found = new List<(string, string, string, string)>();
        while (r.Read()) found.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        return found;
    }
}
