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
        var job = new CommandJob
        {
            Name = JobName,
            Command = "echo training && mkdir -p outputs && echo kept > outputs/a.txt"
                + " && for i in $(seq 1 20); do echo weights-$i > ${{outputs.model}}/f$i.txt; done"
                + " && mkdir -p ${{outputs.model}}/deep && echo deep > ${{outputs.model}}/deep/d.txt",
            Code = _code,
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Compute = _session.WorkspacePath + "/computes/cpu-cluster",
            Outputs = ValueMap.From([
                new KeyValuePair<string, JobOutput>("model", new JobOutput { Type = PortType.UriFolder }),
                new KeyValuePair<string, JobOutput>("empty", new JobOutput { Type = PortType.UriFolder }),
            ]),
        };
        await _session.Client.SubmitAsync(job);
        var finished = await _session.Client.WaitForCompletionAsync(JobName).WaitAsync(Bound);
        finished.Status.Should().Be(JobStatus.Completed);
    }

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
    public async Task With_a_tenth_of_Blob_requests_faulted_the_download_is_byte_identical_to_a_fault_free_one()
    {
        var clean = Path.Combine(_folder, "clean");
        var faulted = Path.Combine(_folder, "faulted");
        await _session.Client.DownloadAsync(JobName, new DownloadOptions { DownloadPath = clean, All = true });
        // 429/503/500 before Azurite, answers cut halfway through their body after it: seed 11, a tenth of requests.
        await using var proxy = await BlobFaultProxy.StartAsync(_session.Emulator.BlobServiceUri, faultRate: 0.10, faultSeed: 11, TimeSpan.Zero, TimeSpan.Zero, TimeProvider.System);

        var result = await _session.ClientWithBlobService(proxy.ServiceUri).DownloadAsync(JobName, new DownloadOptions { DownloadPath = faulted, All = true });

        proxy.FaultsInjected.Should().BeGreaterThan(0, "the download met faults and got past them");
        result.Skipped.Should().BeEmpty();
        result.Missing.Should().Equal("empty");
        var expected = Directory.EnumerateFiles(clean, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(clean, f)).Order(StringComparer.Ordinal).ToList();
        var actual = Directory.EnumerateFiles(faulted, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(faulted, f)).Order(StringComparer.Ordinal).ToList();
        actual.Should().Equal(expected);
        expected.Should().HaveCountGreaterThan(21);
        foreach (var file in expected) File.ReadAllBytes(Path.Combine(faulted, file)).Should().Equal(File.ReadAllBytes(Path.Combine(clean, file)), file);
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

    /// <summary>Uploads a blob whose URL path is written as given (percent escapes kept), so names with <c>..</c> reach the service.</summary>
    private async Task UploadRawAsync(BlobContainerClient container, string escapedName, string text)
    {
        var uri = new Uri(container.Uri.AbsoluteUri + "/" + escapedName);
        var blob = new BlobClient(uri, new StorageSharedKeyCredential(_session.Emulator.StorageAccountName, _session.Emulator.StorageAccountKey));
        await blob.UploadAsync(BinaryData.FromString(text), overwrite: true);
    }
}
