using System.Text.Json.Nodes;
using Json.Schema;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Lineage.Exports;
using TrainingJobs.Sdk.Lineage;
using TrainingJobs.Sdk.Tests.Local;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>
/// The OpenLineage events of a real two-step pipeline validate against the OpenLineage 2-0-2 JSON schema kept as test
/// data (Data/README.md says where it comes from), formats included (uuid run ids, uri producers, date-time times); a
/// broken event does not, so the check can fail.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class OpenLineageSchemaTests
{
    /// <summary>
    /// The schema file's <c>RunEvent</c> definition, which every event names as its <c>schemaURL</c>
    /// (<c>…/2-0-2/OpenLineage.json#/$defs/RunEvent</c>): the file is registered under its <c>$id</c> and referenced from there.
    /// </summary>
    private static readonly JsonSchema Schema = LoadRunEvent();

    private static JsonSchema LoadRunEvent()
    {
        var file = JsonSchema.FromText(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "Lineage", "Data", "OpenLineage-2-0-2.json")));
        SchemaRegistry.Global.Register(file);
        return JsonSchema.FromText("""{"$ref": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}""");
    }

    private static IReadOnlyList<string> Problems(JsonNode runEvent)
    {
        var result = Schema.Evaluate(runEvent, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid ? [] : result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).ToList();
    }

    private static async Task<List<JsonNode>> PipelineEventsAsync(TempWorkspace ws)
    {
        var data = ws.WriteFile("data.csv", "a,b\n1,2\n");
        var submitted = await ws.Client.SubmitAsync(new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("raw", new AssetInput { Type = AssetType.UriFile, Path = data })),
            Steps = ValueMap.Of(
                ("prep", new PipelineStep
                {
                    Job = new CommandJob
                    {
                        Command = "cp ${{inputs.raw}} ${{outputs.prepared}}/prepared.csv",
                        Inputs = ValueMap.Of<JobInput>(("raw", new BindingInput { Expression = "${{parent.inputs.raw}}" })),
                        Outputs = ValueMap.Of(("prepared", new JobOutput())),
                    },
                }),
                ("train", new PipelineStep
                {
                    Job = new CommandJob
                    {
                        Command = "wc -l < ${{inputs.prepared}}/prepared.csv > ${{outputs.model}}/model.bin",
                        Inputs = ValueMap.Of<JobInput>(("prepared", new BindingInput { Expression = "${{parent.jobs.prep.outputs.prepared}}" })),
                        Outputs = ValueMap.Of(("model", new JobOutput())),
                    },
                })),
        });
        (await ws.WaitAsync(submitted.Name)).Status.Should().Be(JobStatus.Completed);
        var graph = await ws.Client.GetLineageAsync(submitted.Name, CancellationToken.None);
        return [.. OpenLineageExport.Write(graph).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)];
    }

    [Test]
    public async Task Every_event_of_a_two_step_pipeline_validates_against_the_2_0_2_schema()
    {
        await using var ws = new TempWorkspace();

        var events = await PipelineEventsAsync(ws);

        events.Should().HaveCount(6, "a START and a COMPLETE for the pipeline and each of its two steps");
        foreach (var runEvent in events) Problems(runEvent).Should().BeEmpty(runEvent.ToJsonString());
    }

    [Test]
    public async Task An_event_with_a_run_id_that_is_no_uuid_a_job_without_namespace_or_a_facet_without_producer_fails()
    {
        await using var ws = new TempWorkspace();
        var good = (await PipelineEventsAsync(ws)).First(e => e["inputs"]!.AsArray().Count > 0);
        Problems(good).Should().BeEmpty();

        var badRunId = good.DeepClone();
        badRunId["run"]!["runId"] = "not-a-uuid";
        var noNamespace = good.DeepClone();
        noNamespace["job"]!.AsObject().Remove("namespace");
        var facetWithoutProducer = good.DeepClone();
        var facet = new[] { facetWithoutProducer["run"]?["facets"], facetWithoutProducer["job"]?["facets"] }
            .OfType<JsonObject>().SelectMany(f => f.Select(p => p.Value)).OfType<JsonObject>().First();
        facet.Remove("_producer");

        Problems(badRunId).Should().NotBeEmpty();
        Problems(noNamespace).Should().NotBeEmpty();
        Problems(facetWithoutProducer).Should().NotBeEmpty();
    }
}
