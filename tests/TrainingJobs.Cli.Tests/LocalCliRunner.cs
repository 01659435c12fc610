using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Cli.Tests;

/// <summary>A temp local workspace for CLI tests: runs <c>tj</c> in process with <c>TRAININGJOBS_HOME</c> pointing at it, and cleans up its processes.</summary>
internal sealed class LocalCliWorkspace : IAsyncDisposable
{
    public LocalCliWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "tj-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Home = Path.Combine(Root, "ws");
        Directory.CreateDirectory(Root);
        Client = new TrainingJobsClient(new LocalWorkspaceOptions { Home = Home });
    }

    public string Root { get; }

    public string Home { get; }

    public TrainingJobsClient Client { get; }

    public async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var context = new CliContext(output, error)
        {
            GetEnvironmentVariable = name => name == LocalWorkspaceOptions.HomeVariable ? Home : Environment.GetEnvironmentVariable(name),
            WorkingDirectory = Root,
        };
        var code = await CliApp.RunAsync(args, context, timeout.Token);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>tj</c> with standard output and standard error written to one text, in the order a terminal shows them.</summary>
    public async Task<(int ExitCode, string Both)> RunInterleavedAsync(params string[] args)
    {
        using var both = new StringWriter();
        return (await RunWithAsync(both, both, args), both.ToString());
    }

    /// <summary>Runs <c>tj</c> writing to the given writers.</summary>
    public async Task<int> RunWithAsync(TextWriter output, TextWriter error, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var context = new CliContext(output, error)
        {
            GetEnvironmentVariable = name => name == LocalWorkspaceOptions.HomeVariable ? Home : Environment.GetEnvironmentVariable(name),
            WorkingDirectory = Root,
        };
        return await CliApp.RunAsync(args, context, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Sdk.Tests.Local.WorkspaceCleanup.StopEverythingAsync(Path.Combine(Home, "workspace.db"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process killed a moment ago may still hold a file.
        }
    }
}
