namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// Where things are in a local workspace: <c>workspace.db</c>, <c>environments.json</c>, and one folder per job
/// holding <c>code/</c> (the snapshot, also the working folder), <c>artifacts/</c> (logs and <c>./outputs</c>; the
/// MLflow artifact root) and <c>outputs/&lt;name&gt;/</c> (named outputs).
/// </summary>
internal sealed class WorkspaceLayout
{
    public WorkspaceLayout(string home) => Home = home;

    /// <summary>
    /// Owner only (0700): the workspace holds every job's code, logs, outputs and plan (with the real values of its
    /// secrets), which other users of the machine have no business reading.
    /// </summary>
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates the workspace folder and its <c>jobs/</c> folder owner-only where they are missing. Existing folders keep
    /// their modes: a workspace is never loosened (nor changed behind the back of a user who set its modes on purpose).
    /// </summary>
    public void EnsureCreated()
    {
        foreach (var folder in new[] { Home, Path.Combine(Home, "jobs") })
        {
            if (!Directory.Exists(folder)) CreateOwnerOnlyFolder(folder);
        }
    }

    /// <summary>
    /// Whether the workspace has job folders: then it had a database, and a missing one was deleted, which no client
    /// may paper over with a new empty one (the jobs, and their running supervisors, would be lost without a word).
    /// </summary>
    public bool HasJobFolders()
    {
        var jobs = Path.Combine(Home, "jobs");
        return Directory.Exists(jobs) && Directory.EnumerateDirectories(jobs).Any(d => !Path.GetFileName(d).StartsWith('.'));
    }

    /// <summary>Creates a folder (and missing parents) readable by its owner only.</summary>
    public static void CreateOwnerOnlyFolder(string path)
    {
        // The local backend runs on Linux only (its constructor says so); the check is for the platform analyzer.
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnlyFolder);
    }

    public string Home { get; }

    public string Database => Path.Combine(Home, "workspace.db");

    public string EnvironmentTable => Path.Combine(Home, "environments.json");

    public string JobFolder(string name) => Path.Combine(Home, "jobs", name);

    public string CodeFolder(string name) => Path.Combine(JobFolder(name), "code");

    public string ArtifactsFolder(string name) => Path.Combine(JobFolder(name), "artifacts");

    public string UserLogsFolder(string name) => Path.Combine(ArtifactsFolder(name), "user_logs");

    public string SystemLogsFolder(string name) => Path.Combine(ArtifactsFolder(name), "system_logs");

    public string NamedOutputFolder(string name, string output) => Path.Combine(JobFolder(name), "outputs", output);

    public string InputCopyFolder(string name, string input) => Path.Combine(JobFolder(name), "inputs", input);
}
