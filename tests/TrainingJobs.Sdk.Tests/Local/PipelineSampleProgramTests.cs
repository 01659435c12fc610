using System.Diagnostics;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>Runs the built pipeline sample (samples/Pipeline) end to end as a separate process, as a user would.</summary>
public class PipelineSampleProgramTests
{
    [Test]
    public async Task The_pipeline_sample_runs_the_diamond_streams_every_step_lists_the_children_downloads_the_report_and_reuses_on_a_rerun()
    {
        // The test assembly lives in tests/…/bin/<Configuration>/<tfm>/: the sample was built with the same ones.
        var testDirectory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var program = Path.Combine(TestPaths.RepositoryRoot, "samples", "Pipeline", "bin",
            testDirectory.Parent!.Name, testDirectory.Name, "Pipeline.dll");
        var root = Path.Combine(Path.GetTempPath(), "tj-pipeline-sample-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            var text = await RunAsync(program, root);

            // Every step's own log lines reach the one pipeline stream, tagged with their step.
            text.Should().Contain("[prep] prep: wrote 500 readings");
            text.Should().Contain("[features] features: 500 rows");
            text.Should().Contain("[stats] stats: temperature_c mean");
            text.Should().MatchRegex(@"\[report\] report: 500 readings, \d+ muggy", "report read both branches' files");
            text.Should().Contain("] Completed");

            // The four steps are child jobs of the pipeline, all completed, none reused in a fresh workspace.
            var stepLines = text.Split('\n').SkipWhile(l => !l.Contains("step job(s):", StringComparison.Ordinal)).ToList();
            stepLines.Should().NotBeEmpty();
            stepLines[0].Should().Contain("4 step job(s)");
            stepLines.Skip(1).Take(4).Should().OnlyContain(l => l.Contains("Completed", StringComparison.Ordinal) && !l.Contains("reused", StringComparison.Ordinal));

            // The pipeline output (report's output bound to it) is downloaded as named-outputs/report.
            var reportLine = text.Split('\n').Single(l => l.Contains("report file:", StringComparison.Ordinal));
            var reportFile = reportLine[(reportLine.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            reportFile.Should().StartWith(root).And.Contain(Path.Combine("named-outputs", "report"));
            var report = await File.ReadAllTextAsync(reportFile);
            report.Should().StartWith("# Sensor report").And.Contain("- readings: 500");

            // Run again in the same workspace: every step is identical to one that completed, so none runs again,
            // and each says which job it reused.
            var again = await RunAsync(program, root);
            again.Should().NotContain("prep: wrote", "a reused step does not run");
            var reused = again.Split('\n').SkipWhile(l => !l.Contains("step job(s):", StringComparison.Ordinal)).Skip(1).Take(4).ToList();
            reused.Should().HaveCount(4).And.OnlyContain(l => l.Contains("Completed", StringComparison.Ordinal) && l.Contains("reused ", StringComparison.Ordinal));
            again.Should().Contain("- readings: 500", "the reused report is downloaded and shown");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string program, string root)
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
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(patience.Token);
        var text = await output;
        process.ExitCode.Should().Be(0, "stdout: {0}\nstderr: {1}", text, await error);
        return text;
    }
}
