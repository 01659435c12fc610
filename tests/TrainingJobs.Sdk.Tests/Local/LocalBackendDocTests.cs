using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets.Local;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>Runs the snippet of docs/local-backend.md and checks the page shows it exactly.</summary>
public partial class LocalBackendDocTests
{
    [Test]
    public async Task The_documented_walk_through_runs_a_real_job_to_completion()
    {
        await using var ws = new TempWorkspace();

        var (job, download, lines) = await LocalBackendSnippet.RunAsync(ws.Options.Home!, Path.Combine(ws.Work, "dl"));

        job.Status.Should().Be(JobStatus.Completed);
        lines.Should().Equal("training with lr=0.1");
        download.Downloaded.Select(d => d.Name).Should().BeEquivalentTo(["artifacts", "model"]);
    }

    [Test]
    public void Every_csharp_block_of_the_page_equals_its_snippet_region()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "local-backend.md")).ReplaceLineEndings("\n");
        var blocks = Block().Matches(page).ToList();

        blocks.Should().NotBeEmpty();
        foreach (Match block in blocks)
        {
            var lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "docs", "snippets", "local", block.Groups[1].Value));
            var start = Array.FindIndex(lines, l => l.Trim() == "#region Snippet:" + block.Groups[2].Value);
            start.Should().BeGreaterThanOrEqualTo(0);
            var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "#endregion");
            Normalize(block.Groups[3].Value).Should().Be(Normalize(string.Join('\n', lines[(start + 1)..end])));
        }
    }

    private static string Normalize(string code) => Regex.Replace(code, @"\s+", " ").Trim();

    [GeneratedRegex(@"<!--\s*snippet:\s*local/([\w.\-]+\.cs)#(\w+)\s*-->\s*\n```csharp\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
