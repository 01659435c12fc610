using System.Text.Json;
using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Cli.Tests;

/// <summary><c>tj job validate</c> and <c>tj job convert --to yaml</c>, run in process on real files.</summary>
public class JobFileVerbTests : FileFixture
{
    private static string CorpusJob(string relative)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrainingJobs.Sdk.sln"))) dir = dir.Parent;
        return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "corpus", "yaml", "azureml-examples", "cli", "jobs", relative));
    }

    private const string Valid = "type: command\ncommand: python train.py --lr ${{inputs.lr}}\nenvironment: azureml:env:1\ninputs:\n  lr: 0.1\n";

    [Test]
    public async Task A_valid_file_exits_0_and_prints_no_diagnostics()
    {
        var file = Write("job.yml", Valid);

        var (code, output, error) = await CliRunner.RunAsync("job", "validate", "--file-only", "--file", file);

        code.Should().Be(0, error);
        output.Should().BeEmpty();
        error.Should().Contain("1 file(s) checked, 0 with errors");
    }

    [Test]
    public async Task Without_file_only_the_local_backend_refuses_a_pipeline_it_cannot_run()
    {
        await using var ws = new LocalCliWorkspace();

        var (code, output, _) = await ws.RunAsync("job", "validate", "--file", CorpusJob("pipelines-with-components/basics/1a_e2e_local_components/pipeline.yml"));

        // The example's ./data folder is not in the corpus: the local backend plans every step and points at the step input.
        code.Should().Be(1);
        output.Should().MatchRegex(@"pipeline\.yml:\d+:\d+: error TJ4004: '[^']*/data' does not exist");
        Directory.Exists(ws.Home).Should().BeFalse("validation creates no workspace");
    }

    [Test]
    public async Task A_published_corpus_job_with_components_validates()
    {
        var (code, output, _) = await CliRunner.RunAsync("job", "validate", "--file-only", "--file", CorpusJob("pipelines-with-components/basics/1a_e2e_local_components/pipeline.yml"));

        code.Should().Be(0, output);
    }

    [Test]
    public async Task Errors_print_file_line_column_severity_code_and_message_and_exit_1()
    {
        var file = Write("bad.yml", "type: command\ncommand: echo\nresources:\n  instance_count: many\nunknown_key: 1\n");

        var (code, output, _) = await CliRunner.RunAsync("job", "validate", "--file-only", "--file", file);

        code.Should().Be(1);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Contain($"{file}:4:19: error TJ1011: 'instance_count' must be a whole number (found a scalar).");
        lines.Should().Contain(l => l.StartsWith($"{file}:5:1: warning TJ1012: ", StringComparison.Ordinal));
        lines.Should().OnlyContain(l => Regex.IsMatch(l, @"^.+:\d+:\d+: (error|warning|info) TJ\d{4}: .+$"));
    }

    [Test]
    public async Task Several_files_give_json_with_one_entry_each_and_exit_1_when_any_has_errors()
    {
        var good = Write("good.yml", Valid);
        var bad = Write("bad.yml", "type: automl\ntask: classification\n");

        var (code, output, _) = await CliRunner.RunAsync("job", "validate", "--file-only", "--file", good, "--file", bad, "-o", "json");

        code.Should().Be(1);
        using var document = JsonDocument.Parse(output);
        var files = document.RootElement.EnumerateArray().ToList();
        files.Should().HaveCount(2);
        files[0].GetProperty("file").GetString().Should().Be(good);
        files[0].GetProperty("valid").GetBoolean().Should().BeTrue();
        files[0].GetProperty("diagnostics").GetArrayLength().Should().Be(0);
        files[1].GetProperty("valid").GetBoolean().Should().BeFalse();
        var diagnostic = files[1].GetProperty("diagnostics")[0];
        diagnostic.GetProperty("code").GetString().Should().Be("TJ1020");
        diagnostic.GetProperty("severity").GetString().Should().Be("error");
        diagnostic.GetProperty("message").GetString().Should().Contain("'automl'");
        diagnostic.GetProperty("line").GetInt32().Should().Be(1);
        diagnostic.GetProperty("column").GetInt32().Should().Be(7);
        diagnostic.GetProperty("path").GetString().Should().Be("type");
    }

    [Test]
    public async Task Json_output_keeps_quotes_and_non_ascii_readable_instead_of_unicode_escapes()
    {
        var bad = Write("caf\u00e9 & <co>.yml", "type: automl\ntask: classification\n");

        var (_, output, _) = await CliRunner.RunAsync("job", "validate", "--file-only", "--file", bad, "-o", "json");

        output.Should().Contain("'automl'").And.Contain("caf\u00e9 & <co>.yml").And.NotContain("\\u0027").And.NotContain("\\u0022").And.NotContain("\\u0026");
        using var document = JsonDocument.Parse(output);
        document.RootElement[0].GetProperty("diagnostics")[0].GetProperty("message").GetString().Should().Contain("'automl'");
    }

    [Test]
    public async Task Set_overrides_apply_before_validation_and_a_missing_path_is_an_error()
    {
        var file = Write("job.yml", Valid);

        var (fixedCode, _, _) = await CliRunner.RunAsync("job", "validate", "--file-only", "--file", file, "--set", "inputs.lr=0.5", "--set", "tags.team=ml");
        var (code, output, _) = await CliRunner.RunAsync("job", "validate", "--file-only", "--file", file, "--set", "resources.instance_cont=2");

        fixedCode.Should().Be(0);
        code.Should().Be(1);
        output.Should().Contain("error TJ1041").And.Contain("'instance_cont'");
    }

    [Test]
    public async Task A_missing_file_is_reported_as_invalid()
    {
        var (code, output, _) = await CliRunner.RunAsync("job", "validate", "--file-only", "--file", Path.Combine(Folder, "nope.yml"));

        code.Should().Be(1);
        output.Should().Contain("error TJ1006");
    }

    [Test]
    public async Task Convert_to_yaml_prints_canonical_yaml_that_loads_back_to_the_same_job()
    {
        var source = CorpusJob("basics/hello-sweep.yml");

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", source, "--to", "yaml", "--set", "limits.max_total_trials=8");

        code.Should().Be(0, error);
        output.Should().StartWith("$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json\ntype: sweep\n");
        var original = YamlJobLoader.Load(source, new YamlLoadOptions { Validate = false, Overrides = ["limits.max_total_trials=8"] }).Definition;
        var converted = YamlJobLoader.LoadText(output, new YamlLoadOptions { Validate = false, BaseDirectory = Path.GetDirectoryName(source) }).Definition;
        converted.Should().Be(original);
    }

    [Test]
    public async Task Convert_of_an_invalid_file_exits_1_with_diagnostics_on_stderr()
    {
        var file = Write("bad.yml", "type: command\ncommand: [\n");

        var (code, output, error) = await CliRunner.RunAsync("job", "convert", "--file", file, "--to", "yaml");

        code.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().Contain("error TJ1001");
    }
}
