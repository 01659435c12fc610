using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local;

[Parallelizable(ParallelScope.All)]
public class LocalJobLifecycleTests
{
    [Test]
    public async Task A_successful_job_completes_with_bound_inputs_outputs_and_a_recorded_timeline()
    {
        await using var ws = new TempWorkspace();
        ws.WriteFile("src/train.sh", "echo \"lr=$1 data=$(cat $2)\"\necho model > \"$3/model.txt\"\necho art > outputs/extra.txt\necho \"run=$AZUREML_RUN_ID exp=$MLFLOW_EXPERIMENT_NAME\"\n");
        ws.WriteFile("src/.amlignore", "secret.txt\n");
        ws.WriteFile("src/secret.txt", "do not copy");
        var data = ws.WriteFile("data.csv", "1,2,3");
        var job = new CommandJob
        {
            ExperimentName = "lifecycle",
            Command = "bash train.sh ${{inputs.lr}} ${{inputs.data}} ${{outputs.model}} $[[--opt ${{inputs.missing}}]]",
            Code = Path.Combine(ws.Work, "src"),
            Inputs = ValueMap.Of<JobInput>(
                ("lr", new LiteralInput { Value = 0.5 }),
                ("data", new AssetInput { Type = AssetType.UriFile, Path = "file://" + data }),
                ("missing", new LiteralInput { Type = LiteralType.String, Optional = true })),
            Outputs = ValueMap.Of(("model", new JobOutput())),
        };

        var submitted = await ws.Client.SubmitAsync(job);
        var done = await ws.WaitAsync(submitted.Name);

        submitted.Name.Should().MatchRegex("^[a-z]+_[a-z]+_[a-z0-9]{10}$");
        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        done.ExitCode.Should().Be(0);
        done.StatusHistory.Select(s => s.Status).Should().Equal(
            JobStatus.NotStarted, JobStatus.Queued, JobStatus.Preparing, JobStatus.Running, JobStatus.Finalizing, JobStatus.Completed);
        done.StatusHistory.Select(s => s.ChangedOn).Should().BeInAscendingOrder();
        var record = await ws.Client.GetRecordAsync(done.Name);
        record.BoundCommand.Should().Contain("bash train.sh 0.5 " + data).And.NotContain("--opt").And.NotContain("$[[");
        record.CodeDigest.Should().Be(LocalCodeSnapshotTests.DirHash1(Path.Combine(ws.Work, "src"), ".amlignore", "train.sh"));
        record.Inputs.Should().ContainSingle(i => i.Name == "data").Which.Sha256.Should().Be(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(data))));
        var log = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", done.Name, "artifacts", "user_logs", "std_log.txt"));
        log.Should().Contain("lr=0.5 data=1,2,3").And.Contain($"run={done.Name} exp=lifecycle");
        File.Exists(Path.Combine(record.Outputs["model"], "model.txt")).Should().BeTrue();
        File.Exists(Path.Combine(ws.Options.Home!, "jobs", done.Name, "code", "secret.txt")).Should().BeFalse("the .amlignore excludes it");
    }

    [Test]
    public async Task Paths_with_spaces_and_quotes_stay_one_shell_word_wherever_the_command_uses_them()
    {
        // The workspace home holds a space and a quote, so every output path does; so does the input's folder.
        await using var ws = new TempWorkspace(workspaceFolder: "my ws's home");
        ws.WriteFile("my data/iris.csv", "5.1,3.5");
        var job = new CommandJob
        {
            Command = "set -e; cat ${{inputs.data}} > ${{outputs.model}}/plain.csv; cat \"${{inputs.data}}\" > \"${{outputs.model}}/double.csv\"; "
                      + "echo 'in single quotes: ${{outputs.model}}'; echo \"lr=${{inputs.lr}}\"",
            Inputs = ValueMap.Of<JobInput>(
                ("data", new AssetInput { Type = AssetType.UriFile, Path = "./my data/iris.csv" }),
                ("lr", new LiteralInput { Value = 0.5 })),
            Outputs = ValueMap.Of(("model", new JobOutput())),
        };

        var submitted = await ws.Client.SubmitAsync(job, new SubmitOptions { BaseDirectory = ws.Work });
        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var model = Path.Combine(ws.Options.Home!, "jobs", done.Name, "outputs", "model");
        (await File.ReadAllTextAsync(Path.Combine(model, "plain.csv"))).Should().Be("5.1,3.5");
        (await File.ReadAllTextAsync(Path.Combine(model, "double.csv"))).Should().Be("5.1,3.5");
        Directory.EnumerateFileSystemEntries(ws.Home).Select(Path.GetFileName).Should().BeEquivalentTo(["work", "my ws's home"], "nothing was written outside the workspace");
        var log = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", done.Name, "artifacts", "user_logs", "std_log.txt"));
        log.Should().Contain("in single quotes: " + model + "\n").And.Contain("lr=0.5\n");
    }

    [Test]
    public async Task A_failing_command_ends_Failed_with_the_exit_code_and_the_log_tail()
    {
        await using var ws = new TempWorkspace();
        var submitted = await ws.Client.SubmitAsync(new CommandJob { Command = "echo preparing; echo 'Traceback: boom' >&2; exit 3" });

        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Failed);
        done.ExitCode.Should().Be(3);
        done.Error!.Code.Should().Be(JobErrorCode.UserError);
        done.Error.Message.Should().Contain("exited with code 3").And.Contain("Traceback: boom");
    }

    [Test]
    public async Task A_job_past_its_timeout_is_stopped_and_Failed_with_an_error_naming_the_timeout()
    {
        await using var ws = new TempWorkspace(cancelGrace: TimeSpan.FromSeconds(1));
        var submitted = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "echo started; sleep 600",
            Limits = new CommandJobLimits { Timeout = TimeSpan.FromSeconds(1) },
        });

        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Failed);
        done.Error!.Code.Should().Be(JobErrorCode.JobTimeout);
        done.Error.Message.Should().Contain("limits.timeout");
    }

    [Test]
    public async Task An_azureml_data_reference_is_a_clear_error_that_needs_an_Azure_workspace()
    {
        await using var ws = new TempWorkspace();
        var job = new CommandJob
        {
            Command = "cat ${{inputs.data}}",
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Path = "azureml:iris:3" })),
        };

        var act = () => ws.Client.SubmitAsync(job);

        (await act.Should().ThrowAsync<Sdk.Validation.JobValidationException>())
            .Which.Diagnostics.Should().ContainSingle("the unusable input is reported once, not again where the command uses it")
            .Which.Should().Match<Sdk.Validation.Diagnostic>(d => d.Code == "TJ4002" && d.Message.Contains("Azure workspace") && d.Path == "inputs.data");
    }
}

[Parallelizable(ParallelScope.All)]
public class LocalNameTests
{
    [TestCase("../escape")]
    [TestCase("a/b")]
    [TestCase("-dash-first")]
    public async Task A_job_name_that_is_not_an_Azure_ML_name_is_rejected_before_anything_is_written(string name)
    {
        await using var ws = new TempWorkspace();

        var act = () => ws.Client.SubmitAsync(new CommandJob { Name = name, Command = "true" });

        (await act.Should().ThrowAsync<Sdk.Validation.JobValidationException>()).Which.Diagnostics.Should().Contain(d => d.IsError && d.Path == "name");
        var jobs = Path.Combine(ws.Options.Home!, "jobs");
        (Directory.Exists(jobs) ? Directory.EnumerateFileSystemEntries(jobs) : []).Should().BeEmpty();
        Directory.Exists(Path.GetFullPath(Path.Combine(jobs, name))).Should().BeFalse();
    }
}

public class WorkspaceSchemaTests
{
    [Test]
    public void A_database_from_another_schema_version_is_refused_with_a_clear_message()
    {
        var path = Path.Combine(Path.GetTempPath(), "tj-schema-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE jobs(name TEXT); PRAGMA user_version=99;";
                command.ExecuteNonQuery();
            }

            var open = () => Sdk.Local.Workspace.JobStore.Open(path);

            open.Should().Throw<InvalidDataException>().WithMessage("*schema version 99*");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
