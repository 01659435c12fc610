using Azure;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local;

[Parallelizable(ParallelScope.All)]
public class LocalManagementTests
{
    [Test]
    public async Task Download_uses_the_az_layout_and_says_what_was_not_found()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "echo hello; echo weights > ${{outputs.model}}/model.bin; echo report > outputs/report.txt",
            Outputs = ValueMap.Of(("model", new JobOutput()), ("empty", new JobOutput())),
        });
        await ws.WaitAsync(job.Name);
        var target = Path.Combine(ws.Work, "download");

        var result = await ws.Client.DownloadAsync(job.Name, new DownloadOptions { All = true, DownloadPath = target });

        File.ReadAllText(Path.Combine(target, "artifacts", "user_logs", "std_log.txt")).Should().Be("hello\n");
        File.ReadAllText(Path.Combine(target, "artifacts", "outputs", "report.txt")).Should().Be("report\n");
        File.ReadAllText(Path.Combine(target, "named-outputs", "model", "model.bin")).Should().Be("weights\n");
        result.Downloaded.Select(d => d.Name).Should().BeEquivalentTo(["artifacts", "model"]);
        result.Missing.Should().Equal("empty");
        var record = await ws.Client.GetRecordAsync(job.Name);
        record.OutputDigests["model"].Should().Be(new OutputDigest(Sdk.Local.Planning.ContentDigest.OfFolder(Path.Combine(target, "named-outputs", "model")), 1, 8));
        record.OutputDigests["empty"].FileCount.Should().Be(0);
        record.OutputDigests["artifacts/outputs"].FileCount.Should().Be(1);
        record.SubmittedBy.Should().Be($"{Environment.UserName}@{Environment.MachineName}");
    }

    [Test]
    public async Task Download_of_an_unknown_output_or_a_running_job_is_a_clear_error()
    {
        await using var ws = new TempWorkspace();
        var running = await ws.Client.SubmitAsync(new CommandJob { Command = "sleep 600" });

        var early = () => ws.Client.DownloadAsync(running.Name, new DownloadOptions { DownloadPath = ws.Work });
        (await early.Should().ThrowAsync<RequestFailedException>()).Which.Message.Should().Contain("download is allowed only once");

        await ws.Client.CancelAsync(running.Name, new CancelOptions { GracePeriod = TimeSpan.FromSeconds(1) });
        var unknown = () => ws.Client.DownloadAsync(running.Name, new DownloadOptions { OutputName = "nope", DownloadPath = ws.Work });
        (await unknown.Should().ThrowAsync<RequestFailedException>()).Which.Message.Should().Contain("no output named 'nope'");
    }

    [Test]
    public async Task Archive_restore_tags_and_list_filters_work_on_the_local_workspace()
    {
        await using var ws = new TempWorkspace();
        var a = await ws.Client.SubmitAsync(new CommandJob { Name = "job_a", Command = "true", ExperimentName = "exp1", Tags = ValueMap.Of(("team", "x")) });
        var b = await ws.Client.SubmitAsync(new CommandJob { Name = "job_b", Command = "false", ExperimentName = "exp2" });
        await ws.WaitAsync(a.Name);
        await ws.WaitAsync(b.Name);

        await ws.Client.ArchiveAsync("job_b");
        var updated = await ws.Client.UpdateTagsAsync("job_a", new Dictionary<string, string?> { ["stage"] = "prod", ["team"] = null });

        updated.Tags.Should().BeEquivalentTo(new Dictionary<string, string> { ["stage"] = "prod" });
        (await Names(new JobQuery())).Should().Equal("job_a");
        (await Names(new JobQuery { Archived = ArchiveFilter.All })).Should().Equal("job_b", "job_a");
        (await Names(new JobQuery { Archived = ArchiveFilter.ArchivedOnly })).Should().Equal("job_b");
        (await Names(new JobQuery { Archived = ArchiveFilter.All, Status = JobStatus.Failed })).Should().Equal("job_b");
        (await Names(new JobQuery { Archived = ArchiveFilter.All, ExperimentName = "exp1" })).Should().Equal("job_a");
        (await Names(new JobQuery { Tags = new Dictionary<string, string?> { ["stage"] = null } })).Should().Equal("job_a");
        (await ws.Client.RestoreAsync("job_b")).IsArchived.Should().BeFalse();
        var duplicate = () => ws.Client.SubmitAsync(new CommandJob { Name = "job_a", Command = "true" });
        (await duplicate.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(409);
        var missing = () => ws.Client.GetAsync("nope");
        (await missing.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(404);

        async Task<List<string>> Names(JobQuery query)
        {
            var names = new List<string>();
            await foreach (var job in ws.Client.GetJobsAsync(query)) names.Add(job.Name);
            return names;
        }
    }

    [Test]
    public async Task An_environment_is_run_through_the_workspace_table_or_as_it_is_with_a_warning()
    {
        await using var ws = new TempWorkspace();
        Directory.CreateDirectory(ws.Options.Home!);
        await File.WriteAllTextAsync(Path.Combine(ws.Options.Home!, "environments.json"), """{ "sklearn-env": "env MAPPED=yes" }""");
        var mapped = await ws.Client.SubmitAsync(new CommandJob { Command = "printenv MAPPED", Environment = new EnvironmentReference("azureml:sklearn-env:3") });
        var unmapped = await ws.Client.SubmitAsync(new CommandJob { Command = "echo plain", Environment = new EnvironmentReference("azureml:other-env@latest") });
        await ws.WaitAsync(mapped.Name);
        await ws.WaitAsync(unmapped.Name);

        var mappedRecord = await ws.Client.GetRecordAsync(mapped.Name);
        var unmappedRecord = await ws.Client.GetRecordAsync(unmapped.Name);

        mappedRecord.ExecutedCommand.Should().Be("env MAPPED=yes printenv MAPPED");
        mappedRecord.EnvironmentResolution.Should().Contain("sklearn-env");
        (await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", mapped.Name, "artifacts", "user_logs", "std_log.txt"))).Should().Be("yes\n");
        unmappedRecord.ExecutedCommand.Should().Be("echo plain");
        unmappedRecord.Warnings.Should().ContainSingle(w => w.StartsWith("TJ4006") && w.Contains("azureml:other-env@latest"));
    }

    [Test]
    public async Task A_jobs_warnings_read_alone_are_those_its_record_lists()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo plain", Environment = new EnvironmentReference("azureml:other-env@latest") });
        await ws.WaitAsync(job.Name);

        var alone = ws.Client.GetLocalWarnings(job.Name);

        alone.Should().ContainSingle(w => w.StartsWith("TJ4006") && w.Contains("azureml:other-env@latest"));
        alone.Should().Equal((await ws.Client.GetRecordAsync(job.Name)).Warnings, "tj job create prints these in place of the record's");
    }
}
