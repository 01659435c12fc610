using System.Security.Cryptography;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;
using TrainingJobs.Sdk.Testing.Emulator.Faults;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// <see cref="TrainingJobsClient.DownloadAsync"/> with the Azure backend against the emulator and its Azurite: one job
/// really runs (a named output of 21 files, <c>./outputs</c>, its log), and each test downloads into its own folder.
/// Hostile names and corrupt blobs are written straight into Azurite with Azure.Storage.Blobs, under output names the
/// job did not declare, which the download looks for at <c>azureml/{job}/{output}/</c> as azure-ai-ml does.
/// </summary>
[NonParallelizable]
public sealed class AzureDownloadAgainstEmulatorTests
{
    private const string JobName = "downloads";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private EmulatorSession _session = null!;
    private string _code = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public async Task RunTheJob()
    {
        _code = Directory.CreateTempSubdirectory("tj-azure-download-code-").FullName;
        _session = await EmulatorSession.StartAsync();
        await _session.Client.SubmitAsync(Job(_session, _code));
        var finished = await _session.Client.WaitForCompletionAsync(JobName).WaitAsync(Bound);
        finished.Status.Should().Be(JobStatus.Completed);
    }

    /// <summary>The job every test downloads from: 21 files in the named output <c>model</c>, one in <c>./outputs</c>, an empty output <c>empty</c>.</summary>
    private static CommandJob Job(EmulatorSession session, string code) =>
        new()
        {
            Name = JobName,
            Command = "echo training && mkdir -p outputs && echo kept > outputs/a.txt"
                + " && for i in $(seq 1 20); do echo weights-$i > ${{outputs.model}}/f$i.txt; done"
                + " && mkdir -p ${{outputs.model}}/deep && echo deep > ${{outputs.model}}/deep/d.txt",
            Code = code,
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Compute = session.WorkspacePath + "/computes/cpu-cluster",
            Outputs = ValueMap.From([
                new KeyValuePair<string, JobOutput>("model", new JobOutput { Type = PortType.UriFolder }),
                new KeyValuePair<string, JobOutput>("empty", new JobOutput { Type = PortType.UriFolder }),
            ]),
        };

    [OneTimeTearDown]
    public async Task StopTheEmulator()
    {
        await _session.DisposeAsync();
        Directory.Delete(_code, recursive: true);
    }

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tj-azure-download-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private BlobContainerClient WorkspaceContainer() =>
        new(new Uri($"{_session.Emulator.BlobServiceUri.AbsoluteUri.TrimEnd('/')}/{_session.Emulator.BlobContainerName}"),
            new StorageSharedKeyCredential(_session.Emulator.StorageAccountName, _session.Emulator.StorageAccountKey));

    private Task<DownloadResult> DownloadAsync(string? outputName = null, bool all = false) =>
        _session.Client.DownloadAsync(JobName, new DownloadOptions { DownloadPath = _folder, OutputName = outputName, All = all });

    private string Local(string relative) => Path.Combine(_folder, relative);

    [Test]
    public async Task A_named_output_downloads_to_named_outputs_and_nothing_else()
    {
        var result = await DownloadAsync("model");

        result.Missing.Should().BeEmpty();
        result.Skipped.Should().BeEmpty();
        result.Downloaded.Should().ContainSingle().Which.Should().Be(new DownloadedOutput("model", Local("named-outputs/model"), 21, result.Downloaded[0].Bytes));
        File.ReadAllText(Local("named-outputs/model/f7.txt")).Should().Be("weights-7\n");
        File.ReadAllText(Local("named-outputs/model/deep/d.txt")).Should().Be("deep\n");
        Directory.Exists(Local("artifacts")).Should().BeFalse();
        Directory.EnumerateFiles(_folder, "*.tjpart", SearchOption.AllDirectories).Should().BeEmpty("temporary files are renamed or removed");
    }

    [Test]
    public async Task All_downloads_the_artifacts_and_every_named_output_and_reports_the_empty_one_missing()
    {
        var result = await DownloadAsync(all: true);

        result.Downloaded.Select(d => d.Name).Should().BeEquivalentTo("artifacts", "model");
        result.Missing.Should().Equal("empty");
        File.ReadAllText(Local("artifacts/user_logs/std_log.txt")).Should().Contain("training");
        File.ReadAllText(Local("artifacts/outputs/a.txt")).Should().Be("kept\n");
        Directory.EnumerateFiles(Local("named-outputs/model"), "*", SearchOption.AllDirectories).Should().HaveCount(21);
    }

    [Test]
    public async Task An_output_that_does_not_exist_is_reported_missing_by_name_not_an_empty_success()
    {
        var result = await DownloadAsync("nope");

        result.Missing.Should().Equal("nope");
        result.Downloaded.Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty();
    }

    [Test]
    public async Task Hostile_blob_names_are_refused_and_reported_and_nothing_lands_outside_the_folder()
    {
        var container = WorkspaceContainer();
        var prefix = $"azureml/{JobName}/hostile/";
        // A name with a backslash cannot be stored here (Azurite stores it as '/'); OutputDownloaderTests covers its refusal.
        string[] hostile = ["..%2Fescaped.txt", "/abs.txt", "a/..%2F..%2Fb.txt"];
        await container.GetBlobClient(prefix + "fine.txt").UploadAsync(BinaryData.FromString("fine"), overwrite: true);
        foreach (var name in hostile)
        {
            // Percent-encoded dots reach the service as written: System.Uri would otherwise fold ".." out of the URL.
            await UploadRawAsync(container, prefix + name, "hostile");
        }
        var listed = new List<string>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None)) listed.Add(item.Name[prefix.Length..]);
        listed.Should().Contain(["../escaped.txt", "/abs.txt", "a/../../b.txt"], "Azurite keeps the names as written");
        var download = Path.Combine(_folder, "inner");
        Directory.CreateDirectory(download);

        var result = await _session.Client.DownloadAsync(JobName, new DownloadOptions { DownloadPath = download, OutputName = "hostile" });

        result.Downloaded.Should().ContainSingle().Which.FileCount.Should().Be(1);
        result.Skipped.Select(s => s.Path).Should().BeEquivalentTo(
            "named-outputs/hostile/../escaped.txt", "named-outputs/hostile//abs.txt", "named-outputs/hostile/a/../../b.txt");
        result.Skipped.Should().OnlyContain(s => s.Reason.Contains("refused", StringComparison.Ordinal));
        Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_folder, f))
            .Should().Equal(Path.Combine("inner", "named-outputs", "hostile", "fine.txt"));
        File.Exists("/abs.txt").Should().BeFalse();
    }

    [Test]
    public async Task A_blob_whose_content_does_not_match_its_Content_MD5_is_not_kept_and_is_reported()
    {
        var container = WorkspaceContainer();
        var prefix = $"azureml/{JobName}/corrupt/";
        await container.GetBlobClient(prefix + "good.txt").UploadAsync(BinaryData.FromString("good"), overwrite: true);
        var bad = container.GetBlobClient(prefix + "bad.txt");
        await bad.UploadAsync(BinaryData.FromString("what was stored"), overwrite: true);
        await bad.SetHttpHeadersAsync(new BlobHttpHeaders { ContentHash = MD5.HashData(Encoding.UTF8.GetBytes("something else")) });

        var result = await DownloadAsync("corrupt");

        File.ReadAllText(Local("named-outputs/corrupt/good.txt")).Should().Be("good");
        File.Exists(Local("named-outputs/corrupt/bad.txt")).Should().BeFalse();
        result.Skipped.Should().ContainSingle().Which.Should().Match<SkippedItem>(s => s.Path == "named-outputs/corrupt/bad.txt" && s.Reason.Contains("Content-MD5", StringComparison.Ordinal));
        result.Downloaded.Should().ContainSingle().Which.FileCount.Should().Be(1);
        Directory.EnumerateFiles(_folder, "*.tjpart", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Test]
    public async Task A_blob_without_a_stored_MD5_is_downloaded_whole_and_kept()
    {
        var container = WorkspaceContainer();
        var blob = container.GetBlobClient($"azureml/{JobName}/unhashed/data.bin");
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
        await blob.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
        // Properties set without an MD5 clear the one the upload stored, as a blob written in blocks has none.
        await blob.SetHttpHeadersAsync(new BlobHttpHeaders { ContentType = "application/octet-stream" });
        (await blob.GetPropertiesAsync()).Value.ContentHash.Should().BeNullOrEmpty("the case under test: nothing to check the bytes against");

        var result = await DownloadAsync("unhashed");

        File.ReadAllBytes(Local("named-outputs/unhashed/data.bin")).Should().Equal(bytes);
        result.Skipped.Should().BeEmpty();
        result.Downloaded.Should().ContainSingle().Which.Bytes.Should().Be(bytes.Length);
    }

    [Test]
    public async Task A_second_call_after_an_interrupted_download_fetches_only_what_is_missing_or_incomplete()
    {
        await DownloadAsync("model");
        File.Delete(Local("named-outputs/model/f1.txt"));
        File.WriteAllText(Local("named-outputs/model/f2.txt"), "wei");
        File.WriteAllText(Local("named-outputs/model/f3.txt"), "changed-3\n"); // same size, other bytes: the MD5 tells
        var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var file in Directory.EnumerateFiles(Local("named-outputs/model"), "*", SearchOption.AllDirectories)) File.SetLastWriteTimeUtc(file, old);

        var result = await DownloadAsync("model");

        result.Downloaded.Should().ContainSingle().Which.FileCount.Should().Be(21);
        var rewritten = Directory.EnumerateFiles(Local("named-outputs/model"), "*", SearchOption.AllDirectories)
            .Where(f => File.GetLastWriteTimeUtc(f) != old).Select(Path.GetFileName);
        rewritten.Should().BeEquivalentTo("f1.txt", "f2.txt", "f3.txt");
        File.ReadAllText(Local("named-outputs/model/f1.txt")).Should().Be("weights-1\n");
        File.ReadAllText(Local("named-outputs/model/f2.txt")).Should().Be("weights-2\n");
        File.ReadAllText(Local("named-outputs/model/f3.txt")).Should().Be("weights-3\n");
    }

    [Test]
    public async Task Progress_is_reported_once_listed_and_after_every_file_and_never_goes_back()
    {
        var reports = new List<DownloadProgress>();
        var progress = new Recorder(reports);

        var result = await _session.Client.DownloadAsync(JobName, new DownloadOptions { DownloadPath = _folder, OutputName = "model", Progress = progress });

        var bytes = result.Downloaded.Single().Bytes;
        reports.Should().HaveCount(22);
        reports[0].Should().BeEquivalentTo(new { FilesDone = 0, FilesTotal = 21, BytesDone = 0L, BytesTotal = bytes });
        reports[^1].Should().BeEquivalentTo(new { FilesDone = 21, FilesTotal = 21, BytesDone = bytes, BytesTotal = bytes });
        reports.Select(r => r.FilesDone).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    /// <summary>Records reports as they are made (<see cref="Progress{T}"/> would post them to the thread pool, out of order).</summary>
    private sealed class Recorder(List<DownloadProgress> reports) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }

    [Test]
    public async Task With_a_tenth_of_ARM_and_Blob_requests_faulted_a_named_output_and_all_outputs_download_byte_identical_to_a_fault_free_run()
    {
        // The same job in a second workspace whose ARM endpoint and Blob storage (a fault proxy in front of its Azurite)
        // each fault a tenth of requests: 429/503 with Retry-After 0, 500, answers cut halfway, late answers.
        await using var faulted = await EmulatorSession.StartAsync(new AzureMLEmulatorOptions
        {
            RetryAfter = TimeSpan.Zero,
            FaultRate = 0.1,
            // A seed whose draws fault the downloads' own ARM requests (two of ten), not only the submit's.
            FaultSeed = 1,
            BlobFaultRate = 0.1,
            BlobFaultSeed = 11,
            FaultLatency = TimeSpan.FromMilliseconds(20),
        });
        await faulted.Client.SubmitAsync(Job(faulted, _code));
        // Waited for without polling, so the sequence of ARM requests, and with the seed the faults they meet, is the
        // same at every run.
        await faulted.Emulator.WhenJobFinishedAsync(JobName).WaitAsync(Bound);
        (await faulted.Client.GetAsync(JobName)).Status.Should().Be(JobStatus.Completed);
        // The fault-free run reads the same blobs straight from Azurite (the job's system logs carry times, so another
        // run of the job would not do).
        var clean = faulted.ClientWithBlobService(faulted.Emulator.DirectBlobServiceUri);
        var (armRequests, armFaults, blobFaults) = (0, 0, 0);
        foreach (var label in new[] { "model", "all" })
        {
            DownloadOptions Options(string path) => new() { DownloadPath = path, OutputName = label == "all" ? null : label, All = label == "all" };
            var cleanFolder = Path.Combine(_folder, "clean-" + label);
            var faultedFolder = Path.Combine(_folder, "faulted-" + label);
            await clean.DownloadAsync(JobName, Options(cleanFolder));
            var requestsBefore = faulted.Emulator.RequestLog.Count;
            var blobFaultsBefore = faulted.Emulator.BlobFaultsInjected;

            var result = await faulted.Client.DownloadAsync(JobName, Options(faultedFolder));

            armRequests += faulted.Emulator.RequestLog.Count - requestsBefore;
            armFaults += faulted.Emulator.RequestLog.Skip(requestsBefore).Count(e => e.Fault is not null);
            blobFaults += faulted.Emulator.BlobFaultsInjected - blobFaultsBefore;
            result.Skipped.Should().BeEmpty(label);
            result.Missing.Should().Equal(label == "all" ? ["empty"] : [], label);
            var expected = Directory.EnumerateFiles(cleanFolder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(cleanFolder, f)).Order(StringComparer.Ordinal).ToList();
            var actual = Directory.EnumerateFiles(faultedFolder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(faultedFolder, f)).Order(StringComparer.Ordinal).ToList();
            actual.Should().Equal(expected, label);
            expected.Should().HaveCountGreaterThanOrEqualTo(21, label);
            foreach (var file in expected) File.ReadAllBytes(Path.Combine(faultedFolder, file)).Should().Equal(File.ReadAllBytes(Path.Combine(cleanFolder, file)), file);
        }

        TestContext.Out.WriteLine($"downloads: ARM requests {armRequests}, faulted {armFaults}; Blob faults {blobFaults}; all Blob faults of the session: "
            + string.Join(", ", faulted.Emulator.BlobFaults.GroupBy(f => f.Fault).Select(g => $"{g.Key} {g.Count()}")));
        armFaults.Should().BeGreaterThan(0, "the downloads' ARM requests (job, datastores, secrets) met faults");
        blobFaults.Should().BeGreaterThan(0, "the downloads' Blob requests met faults");
    }

    [Test]
    public async Task A_job_that_has_not_finished_is_refused_with_409_and_nothing_is_written()
    {
        await _session.Client.SubmitAsync(new CommandJob
        {
            Name = "still-running",
            Command = "sleep 300",
            Code = _code,
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Compute = _session.WorkspacePath + "/computes/cpu-cluster",
        });
        try
        {
            var download = () => _session.Client.DownloadAsync("still-running", new DownloadOptions { DownloadPath = _folder, All = true });

            (await download.Should().ThrowAsync<Azure.RequestFailedException>()).Which.Status.Should().Be(409);
            Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty();
        }
        finally
        {
            await _session.Client.CancelAsync("still-running").WaitAsync(Bound);
        }
    }

    /// <summary>Submits a sweep whose trial is a command over a one-value search space; the emulator stores it and does not run it.</summary>
    private async Task SubmitSweepAsync(string name)
    {
        await _session.Client.SubmitAsync(new SweepJob
        {
            Name = name,
            Trial = new CommandJob { Command = "echo ${{search_space.x}}", Code = _code, Environment = new EnvironmentReference("azureml:sklearn:3") },
            SamplingAlgorithm = new RandomSamplingAlgorithm(),
            Objective = new SweepObjective("loss", Goal.Minimize),
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(("x", new ChoiceParameter { Values = ValueList.Of(new ChoiceOption { Value = 1 }) })),
            Limits = new SweepJobLimits { MaxTotalTrials = 1 },
            Compute = _session.WorkspacePath + "/computes/cpu-cluster",
        });
    }

    [Test]
    public async Task A_sweep_downloads_its_best_trials_artifacts_and_its_own_logs_to_hd_artifacts_as_az_does()
    {
        await SubmitSweepAsync("sweep-best");
        // The emulator does not run sweeps: the job that ran stands for the best trial, and the sweep's own log is put
        // where the service keeps a sweep's artifacts.
        await _session.Emulator.CompleteSweepJobAsync("sweep-best", JobName).WaitAsync(Bound);
        var artifacts = new BlobContainerClient(new Uri($"{_session.Emulator.BlobServiceUri.AbsoluteUri.TrimEnd('/')}/azureml"),
            new StorageSharedKeyCredential(_session.Emulator.StorageAccountName, _session.Emulator.StorageAccountKey));
        await artifacts.GetBlobClient("ExperimentRun/dcid.sweep-best/azureml-logs/hyperdrive.txt").UploadAsync(BinaryData.FromString("hd log\n"), overwrite: true);

        var result = await _session.Client.DownloadAsync("sweep-best", new DownloadOptions { DownloadPath = _folder });

        result.Missing.Should().BeEmpty();
        result.Downloaded.Select(d => (d.Name, d.LocalPath)).Should().Equal(("artifacts", Local("artifacts")), ("hd-artifacts", Local("hd-artifacts")));
        File.ReadAllText(Local("artifacts/user_logs/std_log.txt")).Should().Contain("training", "the best trial's artifacts are the sweep's artifacts");
        File.ReadAllText(Local("hd-artifacts/azureml-logs/hyperdrive.txt")).Should().Be("hd log\n");
        Directory.Exists(Local("named-outputs")).Should().BeFalse();
    }

    [Test]
    public async Task A_sweeps_named_output_comes_from_its_best_trial_and_nothing_from_the_sweep_itself()
    {
        await SubmitSweepAsync("sweep-named");
        await _session.Emulator.CompleteSweepJobAsync("sweep-named", JobName).WaitAsync(Bound);

        var result = await _session.Client.DownloadAsync("sweep-named", new DownloadOptions { DownloadPath = _folder, OutputName = "model" });

        result.Missing.Should().BeEmpty();
        result.Downloaded.Should().ContainSingle().Which.Name.Should().Be("model");
        Directory.EnumerateFiles(Local("named-outputs/model"), "*", SearchOption.AllDirectories).Should().HaveCount(21);
        Directory.EnumerateFileSystemEntries(_folder).Should().Equal([Local("named-outputs")], "as az, a named output of a sweep takes nothing from the sweep itself");
    }

    [Test]
    public async Task A_sweep_that_names_no_best_trial_says_so_rather_than_an_empty_success()
    {
        await SubmitSweepAsync("sweep-none");
        // Not run by the emulator: it ends at once, with no best trial.
        (await _session.Client.WaitForCompletionAsync("sweep-none").WaitAsync(Bound)).IsTerminal.Should().BeTrue();

        var result = await _session.Client.DownloadAsync("sweep-none", new DownloadOptions { DownloadPath = _folder, OutputName = "model" });

        result.Missing.Should().ContainSingle().Which.Should().Contain("best trial").And.Contain("best_child_run_id");
        result.Downloaded.Should().BeEmpty();
    }

    /// <summary>Uploads a blob whose URL path is written as given (percent escapes kept), so names with <c>..</c> reach the service.</summary>
    private async Task UploadRawAsync(BlobContainerClient container, string escapedName, string text)
    {
        var uri = new Uri(container.Uri.AbsoluteUri + "/" + escapedName);
        var blob = new BlobClient(uri, new StorageSharedKeyCredential(_session.Emulator.StorageAccountName, _session.Emulator.StorageAccountKey));
        await blob.UploadAsync(BinaryData.FromString(text), overwrite: true);
    }
}
