using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Cli.Tests;

/// <summary><c>tj lineage find</c> and the graph exports of <c>tj job lineage</c> on a real two-step local pipeline.</summary>
[Parallelizable(ParallelScope.All)]
public class LineageFindVerbTests
{
    /// <summary>prepare reads data.csv and writes prepared.csv; train reads that folder and writes model.bin.</summary>
    private static string Pipeline(string data) => $$$"""
        type: pipeline
        experiment_name: lineage-find
        inputs:
          raw:
            type: uri_file
            path: {{{data}}}
        jobs:
          prepare:
            type: command
            command: tr a-z A-Z < ${{inputs.raw}} > ${{outputs.prepared}}/prepared.csv
            inputs:
              raw: ${{parent.inputs.raw}}
            outputs:
              prepared:
                type: uri_folder
          train:
            type: command
            command: (echo model-of; cat ${{inputs.prepared}}/prepared.csv) > ${{outputs.model}}/model.bin
            inputs:
              prepared: ${{parent.jobs.prepare.outputs.prepared}}
            outputs:
              model:
                type: uri_folder
        """;

    private static async Task<(LocalCliWorkspace Ws, string DataSha)> RunPipelineAsync()
    {
        var ws = new LocalCliWorkspace();
        var data = Path.Combine(ws.Root, "data.csv");
        await File.WriteAllTextAsync(data, "a,b\nc,d\n");
        await File.WriteAllTextAsync(Path.Combine(ws.Root, "pipeline.yml"), Pipeline(data));
        var (code, _, error) = await ws.RunAsync("job", "create", "--file", "pipeline.yml", "--name", "lf", "--stream");
        code.Should().Be(0, error);
        return (ws, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(data))));
    }

    private static async Task<string> ModelPathAsync(LocalCliWorkspace ws)
    {
        var record = await ws.Client.GetRecordAsync("lf_train");
        return Path.Combine(record.Outputs["model"], "model.bin");
    }

    [Test]
    public async Task Find_by_path_of_the_model_names_both_steps_and_the_input_data_digest()
    {
        var (ws, dataSha) = await RunPipelineAsync();
        await using var _ = ws;

        var (code, output, error) = await ws.RunAsync("lineage", "find", "--path", await ModelPathAsync(ws));

        code.Should().Be(0, error);
        output.Should().Contain("Produced by lf_train: output model, path model.bin")
            .And.Contain("Upstream lf_prepare: its output prepared was input prepared of lf_train")
            .And.Contain("produced by lf_prepare (output prepared)")
            .And.Contain($"raw of lf_prepare: sha256 {dataSha}");
    }

    [Test]
    public async Task Find_by_sha256_as_json_gives_the_chain_and_the_source_input()
    {
        var (ws, dataSha) = await RunPipelineAsync();
        await using var _ = ws;
        var modelSha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(await ModelPathAsync(ws))));

        var (code, output, error) = await ws.RunAsync("lineage", "find", "--sha256", modelSha.ToUpperInvariant(), "-o", "json");

        code.Should().Be(0, error);
        var json = JsonNode.Parse(output)!;
        json["produced_by"]!.AsArray().Select(p => (p!["job"]!.GetValue<string>(), p["output"]!.GetValue<string>(), p["path"]!.GetValue<string>()))
            .Should().Equal(("lf_train", "model", "model.bin"));
        json["chain"]!.AsArray().Select(s => s!["job"]!.GetValue<string>()).Should().Equal("lf_train", "lf_prepare");
        json["chain"]![0]!["inputs"]![0]!["produced_by"]!["job"]!.GetValue<string>().Should().Be("lf_prepare");
        json["source_inputs"]!.AsArray().Should().ContainSingle().Which!["sha256"]!.GetValue<string>().Should().Be(dataSha);
    }

    [Test]
    public async Task Find_of_an_unknown_digest_exits_1_and_says_nothing_matched()
    {
        await using var ws = new LocalCliWorkspace();
        await ws.Client.SubmitAsync(new CommandJob { Name = "lonely", Command = "true" });
        await ws.Client.WaitForCompletionAsync("lonely");

        var (code, output, error) = await ws.RunAsync("lineage", "find", "--sha256", new string('0', 64));

        code.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().Contain($"no job in this workspace recorded a file with sha256 {new string('0', 64)}");
    }

    [Test]
    public async Task Find_needs_exactly_one_of_sha256_and_path()
    {
        await using var ws = new LocalCliWorkspace();

        var (code, _, error) = await ws.RunAsync("lineage", "find");

        code.Should().Be(2);
        error.Should().Contain("give either --sha256 or --path");
    }

    [Test]
    public async Task Exports_of_a_step_cover_the_whole_pipeline()
    {
        var (ws, dataSha) = await RunPipelineAsync();
        await using var _ = ws;

        var (olCode, openLineage, olError) = await ws.RunAsync("job", "lineage", "--name", "lf_train", "--format", "openlineage");
        var (provCode, prov, _) = await ws.RunAsync("job", "lineage", "--name", "lf_train", "--format", "prov");
        var (mermaidCode, mermaid, _) = await ws.RunAsync("job", "lineage", "--name", "lf_train", "--format", "mermaid");
        var (dotCode, dot, _) = await ws.RunAsync("job", "lineage", "--name", "lf_train", "--format", "dot");

        olCode.Should().Be(0, olError);
        var events = openLineage.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        events.Select(e => (e["job"]!["name"]!.GetValue<string>(), e["eventType"]!.GetValue<string>())).Should().BeEquivalentTo(
            [("lineage-find.lf", "START"), ("lineage-find.lf", "COMPLETE"), ("lineage-find.lf_prepare", "START"), ("lineage-find.lf_prepare", "COMPLETE"),
             ("lineage-find.lf_train", "START"), ("lineage-find.lf_train", "COMPLETE")]);
        events.Where(e => e["job"]!["name"]!.GetValue<string>() == "lineage-find.lf_prepare")
            .Should().OnlyContain(e => e["run"]!["facets"]!["parent"]!["job"]!["name"]!.GetValue<string>() == "lineage-find.lf");
        openLineage.Should().Contain(dataSha);
        provCode.Should().Be(0);
        using (var document = JsonDocument.Parse(prov))
        {
            document.RootElement.GetProperty("wasInformedBy").EnumerateObject().Should().ContainSingle();
        }
        mermaidCode.Should().Be(0);
        mermaid.Should().StartWith("flowchart LR").And.Contain("wasInformedBy prepared #lt;- prepared");
        dotCode.Should().Be(0);
        dot.Should().StartWith("digraph lineage {").And.Contain("\"lf_prepare\"");
    }
}
