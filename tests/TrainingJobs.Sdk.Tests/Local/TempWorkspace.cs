using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// A fresh workspace in a temp folder for one test, with a client on it. Disposing stops every process the
/// test's jobs left (supervisors and job process groups) and deletes the folder.
/// </summary>
internal sealed class TempWorkspace : IAsyncDisposable
{
    public TempWorkspace(int maxConcurrentJobs = 4, TimeSpan? cancelGrace = null, string workspaceFolder = "ws")
    {
        Home = Path.Combine(Path.GetTempPath(), "tj-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Home);
        Work = Path.Combine(Home, "work");
        Directory.CreateDirectory(Work);
        Options = new LocalWorkspaceOptions
        {
            Home = Path.Combine(Home, workspaceFolder), MaxConcurrentJobs = maxConcurrentJobs, CancelGracePeriod = cancelGrace ?? TimeSpan.FromSeconds(10),
            SupervisorPath = TestSupervisors.Default,
        };
        Client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(Options));
    }

    /// <summary>A temp root (the workspace is <c>ws/</c>, or the folder given, under it; <see cref="Work"/> holds the test's files).</summary>
    public string Home { get; }

    /// <summary>A folder for code and input files.</summary>
    public string Work { get; }

    public LocalWorkspaceOptions Options { get; }

    public TrainingJobsClient Client { get; }

    /// <summary>How long a test waits for a job event before failing.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Writes a file under <see cref="Work"/> and returns its path.</summary>
    public string WriteFile(string relative, string content)
    {
        var path = Path.Combine(Work, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Waits for the job to end, failing the test after <see cref="Patience"/>.</summary>
    public async Task<Job> WaitAsync(string name)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await Client.WaitForCompletionAsync(name, timeout.Token);
    }

    /// <summary>Collects every event of a job's stream (until its terminal status).</summary>
    public async Task<List<JobEvent>> StreamAllAsync(string name, StreamOptions? options = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var events = new List<JobEvent>();
        await foreach (var e in Client.StreamAsync(name, options, timeout.Token)) events.Add(e);
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await WorkspaceCleanup.StopEverythingAsync(Path.Combine(Options.Home!, "workspace.db"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A process killed a moment ago may still hold a file; the temp folder is cleaned by the OS.
        }
    }
}
