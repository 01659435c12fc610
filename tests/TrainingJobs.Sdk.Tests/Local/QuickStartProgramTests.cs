using System.Diagnostics;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>Runs the README's main command (the built QuickStart program) end to end as a separate process.</summary>
public class QuickStartProgramTests
{
    [Test]
    public async Task The_QuickStart_program_trains_streams_logs_and_metrics_and_downloads_the_model()
    {
        // The test assembly lives in tests/…/bin/<Configuration>/<tfm>/: QuickStart was built with the same ones.
        var testDirectory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var program = Path.Combine(TestPaths.RepositoryRoot, "samples", "QuickStart", "bin",
            testDirectory.Parent!.Name, testDirectory.Name, "QuickStart.dll");
        var root = Path.Combine(Path.GetTempPath(), "tj-quickstart-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            var start = new ProcessStartInfo("dotnet", [program])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["TRAININGJOBS_HOME"] = Path.Combine(root, "home") },
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(patience.Token);

            var text = await output;
            process.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", text, await error);
            text.Should().Contain("] Running").And.Contain("] Completed");
            text.Should().Contain("loaded 240 rows", "the training script's log lines are streamed");
            text.Should().Contain("[metric] test_accuracy =", "metric points are streamed");
            text.Should().MatchRegex(@"final test_accuracy = 0\.[89]\d*", "the model learns");
            var modelLine = text.Split('\n').Single(l => l.Contains("model file:", StringComparison.Ordinal));
            var modelFile = modelLine[(modelLine.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            File.Exists(modelFile).Should().BeTrue();
            modelFile.Should().StartWith(root).And.Contain(Path.Combine("named-outputs", "model"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
