using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Cli.Tests;

/// <summary><c>tj job convert --to rest</c>, and job resources (GET/list JSON) back to YAML, run in process on real files.</summary>
public class JobConvertRestTests : FileFixture
{
    private const string Workspace = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/ws1";
    private static string Shared(params string[] parts)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrainingJobs.Sdk.sln"))) dir = dir.Parent;
        return Path.GetFullPath(Path.Combine([dir!.FullName, "..", "shared", .. parts]));
    }

    private static JsonObject RestExampleBody(string folder, string operation) =>
        JsonNode.Parse(File.ReadAllText(Shared("corpus", "rest", "2025-12-01", "Job", folder, operation)))!["responses"]!["200"]!["body"]!.DeepClone().AsObject();

    [Test]
    public async Task A_yaml_job_converts_to_the_put_body_for_the_named_workspace()
    {
        var file = Shared("corpus", "yaml", "azureml-examples", "cli", "jobs", "single-step", "lightgbm", "iris", "job-sweep.yml");

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "rest", "--subscription", "11111111-2222-3333-4444-555555555555", "-g", "RG", "-w", "ws1");

        code.Should().Be(0, error);
        var body = JsonNode.Parse(output)!["properties"]!;
        body["jobType"]!.GetValue<string>().Should().Be("Sweep");
        body["computeId"]!.GetValue<string>().Should().Be($"{Workspace}/computes/cpu-cluster");
        body["searchSpace"]!["boosting"]!.ToJsonString().Should().Be("""["choice",[["gbdt","dart"]]]""");
        error.Should().Contain("info TJ2003: trial.code:").And.Contain("warning TJ2002: trial.environment:");
    }

    [Test]
    public async Task Without_a_workspace_the_ids_hold_placeholders_and_a_partial_workspace_is_a_usage_error()
    {
        var file = Write("job.yml", "type: command\ncommand: python train.py\nenvironment: azureml:env:1\ncompute: azureml:cpu\n");

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "rest");
        var (partial, _, partialError) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "rest", "--subscription", "11111111-2222-3333-4444-555555555555");

        code.Should().Be(0, error);
        JsonNode.Parse(output)!["properties"]!["computeId"]!.GetValue<string>().Should()
            .Be("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/computes/cpu");
        error.Should().Contain("placeholders");
        partial.Should().Be(2);
        partialError.Should().Contain("go together");
    }

    [Test]
    public async Task A_job_the_wire_cannot_take_exits_1_with_the_reason()
    {
        var file = Write("job.yml", "type: command\ncommand: python train.py\n");

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "rest", "--subscription", "11111111-2222-3333-4444-555555555555", "-g", "RG", "-w", "ws1");

        code.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().Contain("error TJ0001: environment:");
    }

    [Test]
    public async Task A_get_response_converts_back_to_yaml_that_loads()
    {
        var body = RestExampleBody("CommandJob", "get.json");
        body["id"] = Workspace + "/jobs/my-job";
        body["name"] = "my-job";
        body["properties"]!["computeId"] = Workspace + "/computes/cpu-cluster";
        var file = Write("job.json", body.ToJsonString());

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "yaml");

        code.Should().Be(0, error);
        output.Should().Contain("compute: azureml:cpu-cluster");
        var loaded = YamlJobLoader.LoadText(output);
        loaded.Definition.Should().BeOfType<CommandJob>().Which.Name.Should().Be("my-job");
    }

    [Test]
    public async Task A_list_page_becomes_a_multi_document_stream_and_unmodelled_types_are_named()
    {
        var command = RestExampleBody("CommandJob", "get.json");
        command["name"] = "first";
        var sweep = RestExampleBody("SweepJob", "get.json");
        sweep["name"] = "second";
        // The spec example's search space is a placeholder ({}); a real one is used so the YAML can express it.
        sweep["properties"]!["searchSpace"] = JsonNode.Parse("""{"lr": ["uniform", [0.01, 0.1]]}""");
        var automl = new JsonObject { ["name"] = "third", ["properties"] = new JsonObject { ["jobType"] = "AutoML", ["taskDetails"] = new JsonObject() } };
        var file = Write("page.json", new JsonObject { ["value"] = new JsonArray(command, sweep, automl), ["nextLink"] = null }.ToJsonString());

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "yaml");

        code.Should().Be(1);
        error.Should().Contain("job 'third' is of type 'AutoML', which the SDK does not model");
        var documents = output.Split("\n---\n");
        documents.Should().HaveCount(2);
        YamlJobLoader.LoadText(documents[0]).Definition.Should().BeOfType<CommandJob>().Which.Name.Should().Be("first");
        YamlJobLoader.LoadText(documents[1]).Definition.Should().BeOfType<SweepJob>().Which.Name.Should().Be("second");
    }

    [Test]
    public async Task A_get_response_converts_to_its_put_body()
    {
        var body = RestExampleBody("CommandJob", "get.json");
        body["properties"]!["futureField"] = "kept";
        var file = Write("job.json", body.ToJsonString());

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "rest");

        code.Should().Be(0, error);
        var put = JsonNode.Parse(output)!["properties"]!.AsObject();
        put.ContainsKey("status").Should().BeFalse();
        put["futureField"]!.GetValue<string>().Should().Be("kept");
    }

    [Test]
    public async Task A_file_that_is_not_a_job_resource_exits_1()
    {
        var file = Write("job.json", "{\"value\": 3}");

        var (code, _, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "yaml");

        code.Should().Be(1);
        error.Should().Contain("TJ2007");
    }

    [Test]
    public async Task Set_overrides_apply_to_yaml_and_are_refused_for_json()
    {
        var yaml = Write("job.yml", "type: command\ncommand: python train.py\nenvironment: azureml:env:1\ncompute: azureml:cpu\n");
        var json = Write("job.json", RestExampleBody("CommandJob", "get.json").ToJsonString());

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", yaml, "--to", "rest", "--set", "compute=azureml:gpu", "--subscription", "11111111-2222-3333-4444-555555555555", "-g", "RG", "-w", "ws1");
        var (jsonCode, _, jsonError) = await CliRunner.RunAsync("job", "convert", "--file", json, "--to", "yaml", "--set", "compute=azureml:gpu");

        code.Should().Be(0, error);
        JsonNode.Parse(output)!["properties"]!["computeId"]!.GetValue<string>().Should().Be($"{Workspace}/computes/gpu");
        jsonCode.Should().Be(2);
        jsonError.Should().Contain("--set applies to YAML");
    }
}
