using TrainingJobs.Sdk.Docs.Snippets.Emulator;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>docs/emulator.md: its start-up snippet runs against a real emulator (DocsSnippetTests checks the page shows it exactly).</summary>
[NonParallelizable] // the snippet sets the process-wide managed-identity variables, as the page says
public class EmulatorDocTests
{
    [Test]
    public async Task The_documented_start_gives_a_client_that_signs_in_and_lists_the_empty_workspace()
    {
        var saved = (Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), Environment.GetEnvironmentVariable("IDENTITY_HEADER"));
        var log = Path.Combine(Path.GetTempPath(), "tj-emulator-doc-" + Guid.NewGuid().ToString("N")[..12] + ".jsonl");
        try
        {
            var jobs = await EmulatorSnippet.CountJobsAsync(log);

            jobs.Should().Be(0);
            File.ReadAllText(log).Should().Contain("/jobs?api-version=2025-12-01", "the client listed through the emulator");
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", saved.Item1);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", saved.Item2);
            File.Delete(log);
        }
    }
}
