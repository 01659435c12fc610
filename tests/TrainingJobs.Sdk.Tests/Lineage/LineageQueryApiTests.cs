using System.Security.Cryptography;
using TrainingJobs.Sdk.Docs.Snippets.Lineage;
using TrainingJobs.Sdk.Lineage;
using TrainingJobs.Sdk.Tests.Local;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>
/// The public lineage query API of <see cref="TrainingJobsClient"/> (<c>GetLineageAsync</c>, <c>FindContentAsync</c>,
/// <c>TraceContentAsync</c>) on a real two-step local pipeline: the same answers <c>tj lineage find</c> prints.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class LineageQueryApiTests
{
    private static async Task<string> Sha256Async(string file) => Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file)));

    [Test]
    public async Task The_graph_of_a_step_holds_its_pipeline_and_the_step_it_read_from()
    {
        await using var ws = new TempWorkspace();
        var pipeline = await EvidenceBundleTests.RunAsync(ws, EvidenceBundleTests.TwoSteps(ws));

        var graph = await ws.Client.GetLineageAsync(pipeline + "_train");

        graph.Records.Select(r => r.Job.Name).Should().BeEquivalentTo([pipeline, pipeline + "_prep", pipeline + "_train"]);
        graph.UpstreamOf(pipeline + "_train").Should().Equal([pipeline + "_prep"]);
        var model = await ws.Client.GetRecordAsync(pipeline + "_train");
        graph.ProducersOf(model.OutputFiles["model"].Single().Sha256).Should().Equal([pipeline + "_train"]);
        graph.EdgesFrom(LineageGraph.JobId(pipeline + "_prep")).Should().Contain(e => e.Kind == LineageEdgeKind.ChildOf && e.To == LineageGraph.JobId(pipeline));
    }

    [Test]
    public async Task Tracing_the_model_names_both_steps_and_the_seed_data_digest()
    {
        await using var ws = new TempWorkspace();
        var pipeline = await EvidenceBundleTests.RunAsync(ws, EvidenceBundleTests.TwoSteps(ws));
        var train = await ws.Client.GetRecordAsync(pipeline + "_train");
        var modelFile = Path.Combine(train.Outputs["model"], "model.txt");
        var seedSha = await Sha256Async(Path.Combine(ws.Work, "seed.csv"));

        var answer = await ws.Client.TraceContentAsync((await Sha256Async(modelFile)).ToUpperInvariant());

        answer.ProducedBy.Should().ContainSingle().Which.Should().Match<ProducingJob>(p => p.Record.Job.Name == pipeline + "_train" && p.Output == "model" && p.Path == "model.txt");
        answer.Chain.Select(p => p.Record.Job.Name).Should().Equal(pipeline + "_train", pipeline + "_prep");
        answer.Chain[1].ReadBy.Should().Be(pipeline + "_train");
        answer.Chain[0].Inputs.Should().ContainSingle().Which.ProducedBy.Should().Be(pipeline + "_prep");
        answer.SourceInputs.Should().ContainSingle().Which.Should().Match<SourceInput>(s => s.Job == pipeline + "_prep" && s.Input.Sha256 == seedSha);
    }

    [Test]
    public async Task Finding_content_lists_every_job_that_recorded_it_in_each_role()
    {
        await using var ws = new TempWorkspace();
        var pipeline = await EvidenceBundleTests.RunAsync(ws, EvidenceBundleTests.TwoSteps(ws));
        var seedSha = await Sha256Async(Path.Combine(ws.Work, "seed.csv"));

        var matches = await ws.Client.FindContentAsync(seedSha);

        // prep read the seed and wrote a copy (data.csv) that train then read.
        matches.Should().Contain(new ContentMatch(pipeline + "_prep", ContentMatch.Input, "seed", "seed.csv"))
            .And.Contain(new ContentMatch(pipeline + "_prep", ContentMatch.Output, "out", "data.csv"))
            .And.Contain(new ContentMatch(pipeline + "_train", ContentMatch.Input, "data", "data.csv"));
        (await ws.Client.TraceContentAsync(new string('0', 64))).Chain.Should().BeEmpty();
    }

    [TestCase("abc")]
    [TestCase("zz00000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_digest_that_is_not_64_hex_digits_is_an_argument_error(string digest)
    {
        await using var ws = new TempWorkspace();

        await ws.Client.Invoking(c => c.TraceContentAsync(digest)).Should().ThrowAsync<ArgumentException>().WithMessage("*64 hex digits*");
        await ws.Client.Invoking(c => c.FindContentAsync(digest)).Should().ThrowAsync<ArgumentException>().WithMessage("*64 hex digits*");
    }

    [Test]
    public async Task The_documented_snippets_trace_the_model_and_draw_the_graph()
    {
        await using var ws = new TempWorkspace();
        var pipeline = await EvidenceBundleTests.RunAsync(ws, EvidenceBundleTests.TwoSteps(ws));
        var train = await ws.Client.GetRecordAsync(pipeline + "_train");
        var seedSha = await Sha256Async(Path.Combine(ws.Work, "seed.csv"));

        var lines = await LineageQuerySnippet.TraceAsync(ws.Client, Path.Combine(train.Outputs["model"], "model.txt"));
        var (upstream, mermaid) = await LineageQuerySnippet.GraphAsync(ws.Client, pipeline + "_train");

        lines.Should().Equal(
            $"{pipeline}_train wrote it as model/model.txt",
            $"{pipeline}_prep wrote out, read by {pipeline}_train as data",
            $"source seed of {pipeline}_prep: sha256 {seedSha}");
        upstream.Should().Equal([pipeline + "_prep"]);
        mermaid.Should().StartWith("flowchart LR").And.Contain(pipeline + "_prep");
    }
}
