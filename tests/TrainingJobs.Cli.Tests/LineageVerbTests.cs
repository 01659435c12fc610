using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Cli.Tests;

/// <summary><c>tj job lineage</c> on the local workspace: the record as text, JSON and YAML.</summary>
[Parallelizable(ParallelScope.All)]
public class LineageVerbTests
{
    /// <summary>A job that reads a file, logs a metric twice and a param through MLflow's REST API, and writes a model.</summary>
    private static CommandJob Training(string data) => new()
    {
        Name = "lineage_job",
        Command = """
            cp ${{inputs.data}} ${{outputs.model}}/model.bin
            python3 - <<'PY'
            import json, os, urllib.request
            def post(path, body):
                request = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/" + path, json.dumps(body).encode(),
                    {"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"]})
                urllib.request.urlopen(request).read()
            run = os.environ["MLFLOW_RUN_ID"]
            post("runs/log-metric", {"run_id": run, "key": "accuracy", "value": 0.5, "timestamp": 1, "step": 0})
            post("runs/log-metric", {"run_id": run, "key": "accuracy", "value": 0.875, "timestamp": 2, "step": 1})
            post("runs/log-parameter", {"run_id": run, "key": "learning_rate", "value": "0.01"})
            PY
            """,
        Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFile, Path = data })),
        Outputs = ValueMap.Of(("model", new JobOutput())),
    };

    [Test]
    public async Task The_readable_record_shows_final_metrics_params_input_and_output_digests_and_where_each_came_from()
    {
        await using var ws = new LocalCliWorkspace();
        var data = Path.Combine(ws.Root, "data.csv");
        await File.WriteAllTextAsync(data, "a,b\n");
        await ws.Client.SubmitAsync(Training(data));
        (await ws.Client.WaitForCompletionAsync("lineage_job")).Status.Should().Be(JobStatus.Completed);

        var (code, output, error) = await ws.RunAsync("job", "lineage", "--name", "lineage_job");

        code.Should().Be(0, error);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("a,b\n"u8.ToArray()));
        output.Should().Contain("Status        Completed, exit code 0  (observed)")
            .And.Contain("Metrics (final values)  (reported)").And.Contain("accuracy = 0.875 (step 1, 2 point(s))")
            .And.Contain("Params  (reported)").And.Contain("learning_rate = 0.01")
            .And.Contain("Inputs  (observed)").And.Contain($"sha256 {sha}, 1 file(s)")
            .And.Contain("Outputs  (observed)").And.MatchRegex(@"dirHash1 [0-9a-f]{64}, 1 file\(s\), 4 bytes");
    }

    [TestCase("-o", "json")]
    [TestCase("--format", "json")]
    public async Task The_json_record_is_the_sdks_and_yaml_holds_the_same_facts(string option, string value)
    {
        await using var ws = new LocalCliWorkspace();
        var data = Path.Combine(ws.Root, "data.csv");
        await File.WriteAllTextAsync(data, "a,b\n");
        await ws.Client.SubmitAsync(Training(data));
        await ws.Client.WaitForCompletionAsync("lineage_job");

        var (code, json, error) = await ws.RunAsync("job", "lineage", "--name", "lineage_job", option, value);
        var (yamlCode, yaml, _) = await ws.RunAsync("job", "lineage", "--name", "lineage_job", "-o", "yaml");

        code.Should().Be(0, error);
        json.TrimEnd().Should().Be((await ws.Client.GetRecordAsync("lineage_job")).ToJson().TrimEnd());
        JsonNode.Parse(json)!["outputs"]!.AsArray().Should().Contain(o => o!["name"]!.GetValue<string>() == "model");
        yamlCode.Should().Be(0);
        yaml.Should().Contain("schema_version: 1").And.Contain("learning_rate: ").And.Contain("source: reported");
    }
}
