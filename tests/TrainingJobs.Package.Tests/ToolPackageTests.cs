namespace TrainingJobs.Package.Tests;

/// <summary>
/// The packed TrainingJobs.Cli installs with <c>dotnet tool install</c> into a tool path of its own, and the installed
/// <c>tj</c> prints its package version and completes a real local job whose supervisor is the one the tool package carries.
/// </summary>
public class ToolPackageTests
{
    private string _work = "";

    [SetUp]
    public void CreateWorkFolder()
    {
        _work = Path.Combine(Path.GetTempPath(), "tj-tool-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
    }

    [TearDown]
    public void DeleteWorkFolder()
    {
        // The job's supervisor may still be closing its files after the job ended; a leftover temp folder is harmless.
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Test]
    public async Task The_installed_tool_prints_its_version_and_runs_a_local_job_with_its_own_supervisor()
    {
        var feed = await PackageFeed.GetAsync();
        var version = PackageFeed.Version(Path.GetFileName(PackageFeed.Nupkg(feed, "TrainingJobs.Cli")), "TrainingJobs.Cli")!;
        await PackageFeed.WriteNuGetConfigAsync(_work, feed);
        var toolPath = Path.Combine(_work, "tools");
        // A packages folder of its own, so a TrainingJobs.Cli of this version cached by an earlier run is never used.
        // The feed is named by the nuget.config (with --configfile): `--add-source` cannot be combined with source mapping.
        var install = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "packages") };

        await PackageFeed.RunAsync(_work, TimeSpan.FromMinutes(3), install, "dotnet", "tool", "install", "--tool-path", toolPath,
            "--configfile", Path.Combine(_work, "nuget.config"), "TrainingJobs.Cli", "--version", version);

        var tj = Path.Combine(toolPath, "tj");
        File.Exists(tj).Should().BeTrue("the tool's command is tj");
        var store = Path.Combine(toolPath, ".store", "trainingjobs.cli", version);
        Directory.GetFiles(store, "TrainingJobs.Supervisor.dll", SearchOption.AllDirectories).Should().ContainSingle("the tool package carries the supervisor");

        (await PackageFeed.RunAsync(_work, TimeSpan.FromMinutes(1), null, tj, "--version")).Trim().Should().Be(version);

        var job = Path.Combine(_work, "job");
        Directory.CreateDirectory(job);
        // The job prints the command line of its parent, the supervisor, to show which one ran it.
        await File.WriteAllTextAsync(Path.Combine(job, "job.yml"), """
            type: command
            command: |
              echo "hello from the installed tool"
              echo "supervisor: $(tr '\0' ' ' < /proc/$PPID/cmdline)"
            environment: azureml:local:1
            """);
        var run = new Dictionary<string, string>
        {
            ["TRAININGJOBS_HOME"] = Path.Combine(_work, "home"),
            // Empty: the supervisor is not taken from the environment, so it can only be the one next to tj.
            ["TRAININGJOBS_SUPERVISOR"] = "",
        };

        var output = await PackageFeed.RunAsync(job, TimeSpan.FromMinutes(2), run, tj, "job", "create", "--file", "job.yml", "--stream");

        output.Should().Contain("hello from the installed tool").And.Contain("Status: Completed");
        var supervisor = output.Split('\n').Single(l => l.StartsWith("supervisor: ", StringComparison.Ordinal));
        supervisor.Should().Contain(Path.Combine(store, "")).And.Contain("TrainingJobs.Supervisor.dll");
    }
}
