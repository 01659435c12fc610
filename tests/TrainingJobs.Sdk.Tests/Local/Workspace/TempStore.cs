using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Workspace;

/// <summary>A fresh workspace database in a temporary folder, for the tests of one table of <see cref="JobStore"/>.</summary>
internal sealed class TempStore : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tj-store-" + Guid.NewGuid().ToString("N"));

    public TempStore()
    {
        Directory.CreateDirectory(_folder);
        Store = JobStore.Open(DatabasePath);
    }

    public string DatabasePath => Path.Combine(_folder, "workspace.db");

    public JobStore Store { get; }

    public void Dispose()
    {
        // Pooled connections keep the file open; clear them so the folder can go.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
