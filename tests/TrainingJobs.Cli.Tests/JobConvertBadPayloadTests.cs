using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Cli.Tests;

/// <summary>
/// <c>tj job convert</c> on job resources with bad or unusual content: no crash, an exit code that follows the
/// errors, YAML that loads back, and JSON people can read.
/// </summary>
public class JobConvertBadPayloadTests : FileFixture
{
    private const string Workspace = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/ws1";
    private static JsonObject Command(string name, string? timeout = null)
    {
        var properties = new JsonObject
        {
            ["jobType"] = "Command",
            ["command"] = "python train.py",
            ["environmentId"] = Workspace + "/environments/sklearn/versions/3",
        };
        if (timeout is not null) properties["limits"] = new JsonObject { ["jobLimitsType"] = "Command", ["timeout"] = timeout };
        return new JsonObject { ["id"] = Workspace + "/jobs/" + name, ["name"] = name, ["properties"] = properties };
    }

    [TestCase("P10675199DT3H")]
    [TestCase("1 hour")]
    public async Task A_timeout_that_is_not_a_duration_is_a_warning_and_the_rest_converts(string timeout)
    {
        var file = Write("job.json", Command("j1", timeout).ToJsonString());

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "yaml");

        code.Should().Be(0, error);
        error.Should().Contain("warning TJ2013: limits.timeout:").And.Contain(timeout);
        YamlJobLoader.LoadText(output).Definition.Should().BeOfType<CommandJob>().Which.Environment.Should().Be(new EnvironmentReference("azureml:sklearn:3"));
    }

    [Test]
    public async Task A_payload_with_an_error_diagnostic_prints_what_it_read_and_exits_1()
    {
        var sweep = new JsonObject
        {
            ["name"] = "s1",
            ["properties"] = new JsonObject
            {
                ["jobType"] = "Sweep",
                ["trial"] = new JsonObject { ["command"] = "python train.py", ["environmentId"] = "azureml:env:1" },
                ["samplingAlgorithm"] = new JsonObject { ["samplingAlgorithmType"] = "Grid" },
                ["searchSpace"] = JsonNode.Parse("""{"lr": ["uniform", [0.01, 0.1]]}"""),
            },
        };
        var file = Write("job.json", sweep.ToJsonString());

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "yaml");

        code.Should().Be(1);
        error.Should().Contain("error TJ0001: objective:");
        output.Should().Contain("type: sweep");
    }

    [Test]
    public async Task A_bare_array_of_job_resources_converts_like_a_list_page()
    {
        var file = Write("jobs.json", new JsonArray(Command("first"), Command("second")).ToJsonString());

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "yaml");

        code.Should().Be(0, error);
        var documents = output.Split("\n---\n");
        documents.Select(d => YamlJobLoader.LoadText(d).Definition!.Name).Should().Equal("first", "second");
    }

    [Test]
    public async Task Put_bodies_are_printed_without_unicode_escapes_for_quotes()
    {
        var yaml = Write("job.yml", "type: command\ncommand: python train.py --msg \"it's done\"\nenvironment: azureml:env:1\ncompute: azureml:cpu\n");

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", yaml, "--to", "rest", "--subscription", "11111111-2222-3333-4444-555555555555", "-g", "RG", "-w", "ws1");

        code.Should().Be(0, error);
        output.Should().Contain("python train.py --msg \\\"it's done\\\"").And.NotContain("\\u0022").And.NotContain("\\u0027");
        JsonNode.Parse(output)!["properties"]!["command"]!.GetValue<string>().Should().Be("python train.py --msg \"it's done\"");
    }

    [Test]
    public async Task A_payload_without_id_converts_to_yaml_that_validates_and_the_workspace_options_shorten_its_ids()
    {
        var pipeline = Write("pipeline.yml", """
            type: pipeline
            jobs:
              train:
                type: command
                command: python train.py
                environment: azureml:env:1
                compute: azureml:cpu
            """);
        var (putCode, body, putError) = await CliRunner.RunAsync("job", "convert", "--file", pipeline, "--to", "rest", "--subscription", "11111111-2222-3333-4444-555555555555", "-g", "RG", "-w", "ws1");
        putCode.Should().Be(0, putError);
        var file = Write("job.json", body);

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "yaml");
        var (scopedCode, scoped, scopedError) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "yaml", "--subscription", "11111111-2222-3333-4444-555555555555", "-g", "RG", "-w", "ws1");

        code.Should().Be(0, error);
        output.Should().Contain($"component: azureml:{Workspace}/components/azureml_anonymous/versions/");
        var written = Write("back.yml", output);
        var (_, _, validateError) = await CliRunner.RunAsync("job", "validate", "--file-only", "--file", written);
        validateError.Should().NotContain("TJ1030");
        scopedCode.Should().Be(0, scopedError);
        scoped.Should().Contain("component: azureml:azureml_anonymous:").And.NotContain("/subscriptions/");
    }
}
