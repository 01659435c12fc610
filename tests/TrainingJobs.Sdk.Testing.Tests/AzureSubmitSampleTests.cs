using System.Diagnostics;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// Runs samples/AzureSubmit (the built program) with <c>--emulator</c> as a separate process: it starts the emulator
/// in its own process, submits, streams and downloads, exactly as it would against a workspace.
/// </summary>
public class AzureSubmitSampleTests
{
    [Test]
    public async Task The_AzureSubmit_sample_submits_streams_and_downloads_against_the_emulator()
    {
        // The test assembly lives in tests/…/bin/<Configuration>/<tfm>/: the sample was built with the same ones.
        var testDirectory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var repository = testDirectory;
        while (!File.Exists(Path.Combine(repository.FullName, "TrainingJobs.Sdk.sln"))) repository = repository.Parent!;
        var program = Path.Combine(repository.FullName, "samples", "AzureSubmit", "bin", testDirectory.Parent!.Name, testDirectory.Name, "AzureSubmit.dll");
        var root = Directory.CreateTempSubdirectory("tj-azuresubmit-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", [program, "--emulator"])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // The sample points DefaultAzureCredential at its own emulator; none of this process's settings may leak in.
            foreach (var name in new[] { "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "TRAININGJOBS_ARM_ENDPOINT" }) start.Environment.Remove(name);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(150));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var text = await output;
            process.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", text, await error);
            text.Should().Contain("Emulator: https://127.0.0.1:");
            // Only the terminal status is certain: a status passed between two polls is not seen (docs/azure.md).
            text.Should().Contain("[status] Completed");
            text.Should().Contain("hello from AzureSubmit", "the job's log lines are streamed from Blob storage");
            var resultLine = text.Split('\n').Single(l => l.StartsWith("result file:", StringComparison.Ordinal));
            var resultFile = resultLine["result file:".Length..].Trim();
            resultFile.Should().StartWith(root).And.Contain(Path.Combine("named-outputs", "result"));
            (await File.ReadAllTextAsync(resultFile)).Should().Be("written by the AzureSubmit job\n", "the named output is downloaded");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
