using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

public class CorpusLoadTests
{
    [Test]
    public void Every_command_pipeline_and_sweep_job_loads_with_zero_errors_and_every_other_kind_is_unsupported()
    {
        var supported = YamlCorpus.Supported.ToList();
        var unsupported = YamlCorpus.Unsupported.ToList();
        var failures = new List<string>();
        var loaded = 0;
        var warnings = 0;
        foreach (var file in supported)
        {
            var result = YamlJobLoader.Load(file.FullPath);
            warnings += result.Diagnostics.Count(d => !d.IsError);
            if (result.Job is null || result.HasErrors)
            {
                failures.Add($"{file}: " + string.Join(" | ", result.Diagnostics.Where(d => d.IsError)));
                continue;
            }
            result.Job.Kind.ToString().Should().Be(file.JobKind, file.ToString());
            loaded++;
        }

        var rejected = 0;
        foreach (var file in unsupported)
        {
            var result = YamlJobLoader.Load(file.FullPath);
            var named = result.Diagnostics.Where(d =>
                d.IsError && d.Code is YamlDiagnosticCodes.UnsupportedJobKind or YamlDiagnosticCodes.UnsupportedNodeKind &&
                d.Message.Contains($"'{file.UnsupportedKind}'", StringComparison.Ordinal)).ToList();
            if (result.Job is not null || named.Count == 0 || result.Diagnostics.Any(d => d.Location is null))
            {
                failures.Add($"{file}: expected the unsupported '{file.UnsupportedKind}' diagnostic, got " + string.Join(" | ", result.Diagnostics));
                continue;
            }
            if (file.UnsupportedKind == file.JobKind && result.Diagnostics.Count(d => d.IsError) != 1)
            {
                failures.Add($"{file}: an unsupported job kind must be exactly one error, got " + string.Join(" | ", result.Diagnostics));
                continue;
            }
            rejected++;
        }

        TestContext.Out.WriteLine($"Supported jobs (command/pipeline/sweep): {loaded}/{supported.Count} loaded with zero errors ({warnings} warnings).");
        foreach (var group in supported.GroupBy(f => f.JobKind)) TestContext.Out.WriteLine($"  {group.Key}: {group.Count()}");
        TestContext.Out.WriteLine($"Unsupported job or node kinds: {rejected}/{unsupported.Count} gave the unsupported diagnostic.");
        foreach (var group in unsupported.GroupBy(f => f.UnsupportedKind)) TestContext.Out.WriteLine($"  {group.Key}: {group.Count()}");
        failures.Should().BeEmpty();
        supported.Count.Should().BeGreaterThan(80, "the corpus holds the command, pipeline and sweep examples");
        unsupported.Count.Should().BeGreaterThan(30);
    }
}
