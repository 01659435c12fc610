using System.Diagnostics;

namespace TrainingJobs.Package.Tests;

/// <summary>
/// The packed TrainingJobs.Cli installs with <c>dotnet tool install</c> into a tool path of its own, and the installed
/// <c>tj</c> prints its package version, completes a real local job whose supervisor is the one the tool package carries,
/// and starts the Azure ML emulator that a second job runs against.
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
    public async Task The_installed_tool_prints_its_version_runs_a_local_job_with_its_own_supervisor_and_an_emulator_job()
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

        await RunAgainstTheEmulatorAsync(tj, job);
    }

    /// <summary>
    /// <c>tj emulator start</c> from the installed tool (Azurite, which the package does not carry, named by
    /// <c>TRAININGJOBS_AZURITE</c> as its README says), then a job created with only the env file's variables.
    /// </summary>
    private async Task RunAgainstTheEmulatorAsync(string tj, string folder)
    {
        var envFile = Path.Combine(_work, "emulator.env");
        var start = new ProcessStartInfo(tj) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "emulator", "start", "--env-file", envFile }) start.ArgumentList.Add(argument);
        start.Environment["TRAININGJOBS_AZURITE"] = Path.Combine(PackageFeed.RepositoryRoot, "tools", "azurite", "node_modules", ".bin", "azurite-blob");
        start.Environment["TRAININGJOBS_HOME"] = Path.Combine(_work, "emulator-home");
        foreach (var name in new[] { "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT" }) start.Environment.Remove(name);
        using var emulator = Process.Start(start)!;
        var errors = emulator.StandardError.ReadToEndAsync();
        try
        {
            using (var ready = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            {
                string? line;
                while ((line = await emulator.StandardOutput.ReadLineAsync().WaitAsync(ready.Token)) is not null && !line.StartsWith("Env file: ", StringComparison.Ordinal))
                {
                }
                if (line is null) Assert.Fail($"the installed tj emulator start ended before it was ready: {await errors}");
            }
            var variables = new Dictionary<string, string>();
            foreach (var line in (await File.ReadAllLinesAsync(envFile)).Where(l => l.Contains('=') && !l.StartsWith('#')))
            {
                // KEY='VALUE', single-quoted without escapes, as the emulator writes it.
                variables[line[..line.IndexOf('=')]] = line[(line.IndexOf('=') + 2)..^1];
            }
            await File.WriteAllTextAsync(Path.Combine(folder, "emulated.yml"), """
                type: command
                command: echo "hello from the emulated workspace"
                environment: azureml:my-env:1
                compute: azureml:cpu-cluster
                """);

            var output = await PackageFeed.RunAsync(folder, TimeSpan.FromMinutes(2), variables, tj, "job", "create", "--file", "emulated.yml", "--stream");

            output.Should().Contain("hello from the emulated workspace").And.Contain("Completed");
        }
        finally
        {
            if (!emulator.HasExited)
            {
                using var term = Process.Start("kill", ["-TERM", emulator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                await term.WaitForExitAsync();
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await emulator.WaitForExitAsync(bound.Token);
                }
                catch (OperationCanceledException)
                {
                    emulator.Kill(entireProcessTree: true);
                }
            }
        }
    }
}
