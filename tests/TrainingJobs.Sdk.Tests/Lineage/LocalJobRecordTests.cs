using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Tests.Local;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>
/// The record of a local job: every file of its code, inputs and outputs with its SHA-256 (checked here against the
/// bytes), the git state of its code, where it ran, and where each part came from. Real jobs, real git.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class LocalJobRecordTests
{
    /// <summary>The start of a Python script (a here-document the command ends with <c>PY</c>) that calls the job's MLflow REST API with <c>post(path, body)</c>; <c>run</c> is the job's run id.</summary>
    private const string MlflowScript = """
        python3 - <<'PY'
        import json, os, urllib.request
        def post(path, body):
            request = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/" + path, json.dumps(body).encode(),
                {"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"]})
            urllib.request.urlopen(request).read()
        run = os.environ["MLFLOW_RUN_ID"]

        """;

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        git.ExitCode.Should().Be(0, $"git {string.Join(' ', arguments)}: {git.StandardError.ReadToEnd()}");
        return output.Trim();
    }

    [Test]
    public async Task A_jobs_record_lists_every_code_input_and_output_file_with_its_sha256_the_git_state_and_where_each_part_came_from()
    {
        await using var ws = new TempWorkspace();
        const string script = "cat \"$1\"/*.csv > \"$2\"/model.txt\n";
        ws.WriteFile("repo/src/train.sh", script);
        ws.WriteFile("repo/data/a.csv", "1,2\n");
        ws.WriteFile("repo/data/b.csv", "3,4\n");
        var repo = Path.Combine(ws.Work, "repo");
        Git(repo, "init", "-q");
        Git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".");
        Git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "first");
        // A token in the remote URL must not reach the record.
        Git(repo, "remote", "add", "origin", "https://someone:ghp_notARealToken123@example.com/team/models.git?sas=sig");
        var head = Git(repo, "rev-parse", "HEAD");

        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "sh train.sh ${{inputs.data}} ${{outputs.model}}",
            Code = Path.Combine(repo, "src"),
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFolder, Path = Path.Combine(repo, "data") })),
            Outputs = ValueMap.Of(("model", new JobOutput())),
        });
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);

        var record = await ws.Client.GetRecordAsync(job.Name);

        record.CodeFiles.Should().ContainSingle().Which.Should().Be(new FileDigest("train.sh", Sha256(script), Encoding.UTF8.GetByteCount(script)));
        record.InputFiles["data"].Should().Equal(new FileDigest("a.csv", Sha256("1,2\n"), 4), new FileDigest("b.csv", Sha256("3,4\n"), 4));
        record.OutputFiles["model"].Should().Equal(new FileDigest("model.txt", Sha256("1,2\n3,4\n"), 8));
        record.Git.Should().Be(new GitState(head, Git(repo, "rev-parse", "--abbrev-ref", "HEAD"), IsDirty: false, "https://example.com/team/models.git"));
        record.Compute.Should().BeEquivalentTo(new { Kind = "local", Host = Environment.MachineName, ProcessorCount = Environment.ProcessorCount });
        record.Sources["inputs"].Should().Be(FactSource.Observed);
        record.Sources["metrics"].Should().Be(FactSource.Reported);

        var json = record.ToJson();
        json.Should().Be((await ws.Client.GetRecordAsync(job.Name)).ToJson(), "the same record always gives the same bytes");
        json.Should().NotContain("ghp_notARealToken123").And.NotContain("someone").And.NotContain("sas=sig");
        var document = JsonNode.Parse(json)!;
        document["schema_version"]!.GetValue<int>().Should().Be(1);
        document["inputs"]![0]!["files"]![1]!["sha256"]!.GetValue<string>().Should().Be(Sha256("3,4\n"));
        document["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "model")!["source"]!.GetValue<string>().Should().Be("observed");
        document["code"]!["git"]!["commit"]!.GetValue<string>().Should().Be(head);
    }

    [Test]
    public async Task Uncommitted_changes_in_the_code_folder_are_recorded_as_dirty_and_a_folder_outside_git_has_no_git_state()
    {
        await using var ws = new TempWorkspace();
        ws.WriteFile("repo/train.sh", "true\n");
        var repo = Path.Combine(ws.Work, "repo");
        Git(repo, "init", "-q");
        Git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".");
        Git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "first");
        ws.WriteFile("repo/new.txt", "not committed");
        ws.WriteFile("plain/train.sh", "true\n");

        var dirty = await ws.Client.SubmitAsync(new CommandJob { Command = "true", Code = repo });
        var plain = await ws.Client.SubmitAsync(new CommandJob { Command = "true", Code = Path.Combine(ws.Work, "plain") });
        await ws.WaitAsync(dirty.Name);
        await ws.WaitAsync(plain.Name);

        var dirtyGit = (await ws.Client.GetRecordAsync(dirty.Name)).Git;
        dirtyGit.Should().NotBeNull();
        dirtyGit!.IsDirty.Should().BeTrue();
        dirtyGit.RemoteUrl.Should().BeNull("the repository has no origin");
        (await ws.Client.GetRecordAsync(plain.Name)).Git.Should().BeNull("a folder outside any work tree has no git state (the temp folder is not in one)");
    }

    [Test]
    public async Task A_metric_that_is_not_a_number_is_written_as_MLflow_writes_it_and_the_record_json_still_parses()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = MlflowScript + """
                post("runs/log-metric", {"run_id": run, "key": "loss", "value": "NaN", "timestamp": 1, "step": 0})
                post("runs/log-metric", {"run_id": run, "key": "loss", "value": 0.25, "timestamp": 2, "step": 1})
                PY
                """,
        });
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);

        var series = JsonNode.Parse((await ws.Client.GetRecordAsync(job.Name)).ToJson())!["metrics"]!["series"]!["loss"]!.AsArray();

        series.Select(p => p!["value"]!.ToJsonString()).Should().Equal("\"NaN\"", "0.25");
    }

    [Test]
    public async Task A_secret_the_script_logs_as_a_param_or_tag_or_the_command_holds_never_reaches_the_record()
    {
        await using var ws = new TempWorkspace();
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = $"echo {secret} > /dev/null; " + MlflowScript + """
                post("runs/log-parameter", {"run_id": run, "key": "token", "value": os.environ["API_TOKEN"]})
                post("runs/set-tag", {"run_id": run, "key": "note", "value": "used " + os.environ["API_TOKEN"]})
                post("runs/set-tag", {"run_id": run, "key": "mlflow_token", "value": os.environ["MLFLOW_TRACKING_TOKEN"]})
                PY
                """,
            EnvironmentVariables = ValueMap.Of(("API_TOKEN", secret)),
        });
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);

        var record = await ws.Client.GetRecordAsync(job.Name);

        record.Params.Should().ContainKey("token");
        record.MlflowTags.Should().ContainKey("note");
        var json = record.ToJson();
        json.Should().NotContain(secret);
        record.MlflowTags["mlflow_token"].Should().NotMatchRegex("[0-9a-f]{32}", "the job's MLflow token is a secret too");
    }
}
