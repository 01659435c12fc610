using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets.Local;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>Runs the snippet of docs/local-backend.md (DocsSnippetTests checks the page shows it exactly).</summary>
public class LocalBackendDocTests
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
    public async Task The_documented_block_stream_counts_the_lines_it_looks_for()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "for i in $(seq 1 3000); do echo \"epoch $i\"; echo \"loss $i\"; done" });

        var count = await LogBlocksSnippet.CountEpochLinesAsync(ws.Client, job);

        count.Should().Be(3000);
    }
}
