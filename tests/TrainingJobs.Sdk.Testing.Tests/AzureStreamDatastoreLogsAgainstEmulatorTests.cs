using Azure.Storage.Blobs;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;

using static TrainingJobs.Sdk.Testing.Tests.StreamedLogs;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// <see cref="TrainingJobsClient.StreamAsync"/> when run history lists no log files: the stream lists the run's log
/// prefix on its datastore (<c>ExperimentRun/dcid.{job}/</c> of <c>workspaceartifactstore</c>), as azure-ai-ml does,
/// and reads those blobs by ranges; a run without <c>user_logs/</c> streams azure-ai-ml's legacy log of its type.
/// </summary>
[NonParallelizable]
public sealed class AzureStreamDatastoreLogsAgainstEmulatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tj-azure-stream-ds-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Without_log_files_in_run_history_a_running_job_streams_its_logs_from_the_datastore_listing_whole_and_in_order()
    {
        await using var session = await EmulatorSession.StartAsync(new AzureMLEmulatorOptions { RetryAfter = TimeSpan.Zero, ListLogFilesInRunHistory = false });
        File.WriteAllText(Path.Combine(_folder, "write.sh"), "for i in $(seq 1 20); do for j in $(seq 1 50); do echo \"round $i line $j\"; done; sleep 0.1; done\n");
        await session.Client.SubmitAsync(new CommandJob
        {
            Name = "listed",
            Command = "bash write.sh",
            Code = _folder,
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Compute = session.WorkspacePath + "/computes/cpu-cluster",
        });

        var events = await CollectAsync(session.Client.StreamAsync("listed")).WaitAsync(Bound);

        var lines = events.OfType<JobLogEvent>().ToList();
        lines.Should().HaveCount(1000).And.OnlyContain(l => l.File == "user_logs/std_log.txt" && l.Rank == 0);
        Rebuild(lines).Should().Be((await ArtifactContainer(session.Emulator).GetBlobClient("ExperimentRun/dcid.listed/user_logs/std_log.txt").DownloadContentAsync()).Value.Content.ToString());
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        session.Emulator.RequestLog.Should().Contain(r => r.Url.Contains("/runs/listed/details", StringComparison.Ordinal) && r.ResponseBody!["logFiles"] == null,
            "run history listed no log files");
        session.Emulator.RequestLog.Should().Contain(r => r.Url.Contains("/datastores/workspaceartifactstore", StringComparison.Ordinal),
            "the logs were found by listing the artifact datastore");
    }

    [Test]
    public async Task A_sweep_without_user_logs_streams_its_legacy_hyperdrive_log_from_the_datastore_and_nothing_else()
    {
        await using var session = await EmulatorSession.StartAsync();
        await session.Client.SubmitAsync(new SweepJob
        {
            Name = "hd",
            Trial = new CommandJob { Command = "echo ${{search_space.x}}", Code = _folder, Environment = new EnvironmentReference("azureml:sklearn:3") },
            SamplingAlgorithm = new RandomSamplingAlgorithm(),
            Objective = new SweepObjective("loss", Goal.Minimize),
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(("x", new ChoiceParameter { Values = ValueList.Of(new ChoiceOption { Value = 1 }) })),
            Limits = new SweepJobLimits { MaxTotalTrials = 1 },
            Compute = session.WorkspacePath + "/computes/cpu-cluster",
        });
        // The emulator does not run sweeps (it ends this one at once); the log a sweep's service writes is put in place.
        (await session.Client.WaitForCompletionAsync("hd").WaitAsync(Bound)).IsTerminal.Should().BeTrue();
        var artifacts = ArtifactContainer(session.Emulator);
        await artifacts.GetBlobClient("ExperimentRun/dcid.hd/azureml-logs/hyperdrive.txt").UploadAsync(BinaryData.FromString("trial 1 queued\r\ntrial 1 done\nbest: 1\n"), overwrite: true);
        await artifacts.GetBlobClient("ExperimentRun/dcid.hd/azureml-logs/other.txt").UploadAsync(BinaryData.FromString("not streamed\n"), overwrite: true);

        var events = await CollectAsync(session.Client.StreamAsync("hd")).WaitAsync(Bound);

        events.OfType<JobLogEvent>().Select(l => (l.File, l.Rank, l.Offset, l.Text)).Should().Equal(
            ("azureml-logs/hyperdrive.txt", 0, 0L, "trial 1 queued"), ("azureml-logs/hyperdrive.txt", 0, 16L, "trial 1 done"), ("azureml-logs/hyperdrive.txt", 0, 29L, "best: 1"));
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Status.IsTerminal.Should().BeTrue();
    }
}
