namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// Where things are in a local workspace: <c>workspace.db</c>, <c>environments.json</c>, and one folder per job
/// holding <c>code/</c> (the snapshot, also the working folder), <c>artifacts/</c> (logs and <c>./outputs</c>; the
/// MLflow artifact root) and <c>outputs/&lt;name&gt;/</c> (named outputs).
/// </summary>
internal sealed class WorkspaceLayout
{
    public WorkspaceLayout(string home) => Home = home;

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
