using System.Text.Json;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Cli.Tests;

[Parallelizable(ParallelScope.All)]
public class LocalJobVerbTests
{
    [Test]
    public async Task Stream_prints_logs_and_statuses_and_its_exit_code_follows_the_final_status()
    {
        await using var ws = new LocalCliWorkspace();
        var ok = await ws.Client.SubmitAsync(new CommandJob { Name = "ok_job", Command = "echo hello-from-job" });
        var bad = await ws.Client.SubmitAsync(new CommandJob { Name = "bad_job", Command = "echo about-to-fail; exit 7" });

        var (okCode, okOut, _) = await ws.RunAsync("job", "stream", "--name", ok.Name);
        var (badCode, badOut, badError) = await ws.RunAsync("job", "stream", "--name", bad.Name);

        okCode.Should().Be(0);
        okOut.Should().Contain("RunId: ok_job").And.Contain("[status] Running").And.Contain("hello-from-job").And.Contain("Status: Completed");
        badCode.Should().Be(1);
        badOut.Should().Contain("about-to-fail").And.Contain("Status: Failed");
        badError.Should().Contain("exited with code 7");
    }

    [TestCase("--status", "Bogus", "unknown --status 'Bogus'; use one of: NotStarted, Starting, Provisioning, Preparing, Queued, Running, Finalizing, CancelRequested, Completed, Failed, Canceled")]
    [TestCase("--max-results", "-3", "--max-results must be 1 or more (got -3)")]
    [TestCase("--max-results", "0", "--max-results must be 1 or more (got 0)")]
    public async Task List_with_a_filter_that_can_match_nothing_is_a_usage_error(string option, string value, string message)
    {
        await using var ws = new LocalCliWorkspace();
        await ws.Client.SubmitAsync(new CommandJob { Name = "listed_job", Command = "true" });

        var (code, output, error) = await ws.RunAsync("job", "list", option, value);

        code.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().Contain(message);
    }

    [Test]
    public async Task List_status_filter_ignores_case()
    {
        await using var ws = new LocalCliWorkspace();
        await ws.Client.SubmitAsync(new CommandJob { Name = "done_job", Command = "true" });
        await ws.Client.WaitForCompletionAsync("done_job");

        var (code, output, error) = await ws.RunAsync("job", "list", "--status", "completed");

        code.Should().Be(0, error);
        output.Should().Contain("done_job");
    }

    [Test]
    public async Task Show_list_update_archive_restore_and_download_work_on_the_local_workspace()
    {
        await using var ws = new LocalCliWorkspace();
        await ws.Client.SubmitAsync(new CommandJob
        {
            Name = "cli_job", Command = "echo w > ${{outputs.model}}/w.bin", ExperimentName = "cli", Outputs = ValueMap.Of(("model", new JobOutput())),
        });
        await ws.Client.WaitForCompletionAsync("cli_job");

        var (showCode, showJson, _) = await ws.RunAsync("job", "show", "--name", "cli_job");
        var (_, showYaml, _) = await ws.RunAsync("job", "show", "--name", "cli_job", "-o", "yaml");
        var (updateCode, _, _) = await ws.RunAsync("job", "update", "--name", "cli_job", "--set", "tags.stage=prod");
        var (_, table, _) = await ws.RunAsync("job", "list", "--tag", "stage=prod");
        var (archiveCode, _, _) = await ws.RunAsync("job", "archive", "--name", "cli_job");
        var (_, afterArchive, _) = await ws.RunAsync("job", "list", "-o", "json");
        var (_, archivedOnly, _) = await ws.RunAsync("job", "list", "--archived-only", "-o", "json");
        var (restoreCode, _, _) = await ws.RunAsync("job", "restore", "--name", "cli_job");
        var (downloadCode, downloadOut, _) = await ws.RunAsync("job", "download", "--name", "cli_job", "--output-name", "model", "--download-path", "dl");
        var (unknownCode, _, unknownError) = await ws.RunAsync("job", "download", "--name", "cli_job", "--output-name", "nope");
        var (missingCode, _, missingError) = await ws.RunAsync("job", "show", "--name", "no_such_job");

        showCode.Should().Be(0);
        using (var shown = JsonDocument.Parse(showJson))
        {
            shown.RootElement.GetProperty("name").GetString().Should().Be("cli_job");
            shown.RootElement.GetProperty("status").GetString().Should().Be("Completed");
            shown.RootElement.GetProperty("experiment_name").GetString().Should().Be("cli");
        }
        // The YAML face writes the shown fields too: text that needs no quotes is plain (it was hand-quoted JSON before).
        showYaml.Should().Contain("name: cli_job").And.Contain("status: Completed").And.Contain("command: ");
        var shownYaml = new YamlDotNet.RepresentationModel.YamlStream();
        shownYaml.Load(new StringReader(showYaml));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)shownYaml.Documents.Single().RootNode;
        root.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("status")].ToString().Should().Be("Completed");
        root.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("status_history")].Should().BeOfType<YamlDotNet.RepresentationModel.YamlSequenceNode>()
            .Which.Children.Should().NotBeEmpty().And.AllBeOfType<YamlDotNet.RepresentationModel.YamlMappingNode>();
        var reloaded = Sdk.Yaml.YamlJobLoader.LoadText(showYaml, new Sdk.Yaml.YamlLoadOptions { Validate = false });
        reloaded.Definition.Should().BeOfType<CommandJob>().Which.Command.Should().Be("echo w > ${{outputs.model}}/w.bin");
        updateCode.Should().Be(0);
        table.Should().Contain("cli_job").And.Contain("Completed");
        archiveCode.Should().Be(0);
        JsonDocument.Parse(afterArchive).RootElement.GetArrayLength().Should().Be(0);
        JsonDocument.Parse(archivedOnly).RootElement.EnumerateArray().Single().GetProperty("tags").GetProperty("stage").GetString().Should().Be("prod");
        restoreCode.Should().Be(0);
        downloadCode.Should().Be(0);
        downloadOut.Should().Contain("model:");
        File.ReadAllText(Path.Combine(ws.Root, "dl", "named-outputs", "model", "w.bin")).Should().Be("w\n");
        unknownCode.Should().Be(1);
        unknownError.Should().Contain("no output named 'nope'");
        missingCode.Should().Be(1);
        missingError.Should().Contain("no job named 'no_such_job'");
    }

    [Test]
    public async Task Download_says_what_it_skipped()
    {
        await using var ws = new LocalCliWorkspace();
        await ws.Client.SubmitAsync(new CommandJob { Name = "link_job", Command = "echo kept > outputs/kept.txt; ln -s /etc/shadow outputs/shadow" });
        await ws.Client.WaitForCompletionAsync("link_job");

        var (code, _, error) = await ws.RunAsync("job", "download", "--name", "link_job", "--download-path", "dl");

        code.Should().Be(0, error);
        error.Should().Contain("warning: skipped artifacts/outputs/shadow: a symbolic link to /etc/shadow, outside the folder: not followed");
        File.ReadAllText(Path.Combine(ws.Root, "dl", "artifacts", "outputs", "kept.txt")).Should().Be("kept\n");
    }

    [Test]
    public async Task Cancel_stops_a_running_job()
    {
        await using var ws = new LocalCliWorkspace();
        await ws.Client.SubmitAsync(new CommandJob { Name = "long_job", Command = "sleep 600" });

        var (code, output, _) = await ws.RunAsync("job", "cancel", "--name", "long_job");

        code.Should().Be(0);
        output.Should().Contain("long_job: Canceled");
    }
}
