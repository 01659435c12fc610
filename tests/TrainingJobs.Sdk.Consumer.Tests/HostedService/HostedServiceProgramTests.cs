using System.Diagnostics;

namespace TrainingJobs.Sdk.Consumer.Tests.HostedService;

/// <summary>The built HostedService sample as a process: <c>--once</c> runs a real local job in a temporary workspace.</summary>
public sealed class HostedServiceProgramTests
{
    [Test]
    public async Task Once_runs_the_nightly_job_in_a_local_workspace_logs_its_output_and_exits_0()
    {
        // The test assembly lives in tests/…/bin/<Configuration>/<tfm>/, and the sample (a project reference) was built
        // with the same ones; it is run from its own folder, where its supervisor and appsettings.json are.
        var testDirectory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var program = Path.Combine(RepositoryRoot(testDirectory), "samples", "HostedService", "bin",
            testDirectory.Parent!.Name, testDirectory.Name, "HostedService.dll");
        File.ReadAllText(Path.ChangeExtension(program, ".runtimeconfig.json")).Should().NotContain("Microsoft.AspNetCore.App",
            "the sample is a generic host on Microsoft.Extensions.Hosting, not on the ASP.NET Core framework");
        var root = Path.Combine(Path.GetTempPath(), "tj-hosted-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            var start = new ProcessStartInfo("dotnet", [program, "--once", "--home", Path.Combine(root, "workspace")])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(patience.Token);

            var text = await output;
            process.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", text, await error);
            text.Should().Contain("Submitted nightly job");
            text.Should().Contain(": nightly: training done", "the job's output lines are streamed to the logger");
            text.Should().MatchRegex("Nightly job .* completed in");
            Directory.Exists(Path.Combine(root, "workspace")).Should().BeTrue("the workspace is the folder --home names");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string RepositoryRoot(DirectoryInfo from)
    {
        for (var directory = from; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TrainingJobs.Sdk.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No TrainingJobs.Sdk.sln above {from.FullName}.");
    }
}
