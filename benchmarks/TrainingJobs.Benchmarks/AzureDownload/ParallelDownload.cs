using System.Diagnostics;
using System.Globalization;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Backend;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Testing.Emulator;
using TrainingJobs.Sdk.Testing.Emulator.Faults;

namespace TrainingJobs.Benchmarks.AzureDownload;

/// <summary>
/// Downloading many files of one output from the emulator's Azurite through <see cref="TrainingJobsClient.DownloadAsync"/>,
/// all in one run, each into an empty folder: 8 blobs in flight (the SDK's default) versus one blob at a time, and
/// <c>curl --parallel --parallel-max 8</c> over a read SAS URL per blob (the same blobs, the same 8 in flight); then the
/// parallel download again into its own folder, where every file is complete (the resume check: nothing fetched).
/// Twice: over loopback, and through a proxy where every request waits a fixed round trip (default 20 ms), a model of
/// a distant storage account that loopback lacks, applied alike to all three. The model adds latency only: it does not
/// model a per-connection bandwidth limit, and the proxy itself costs CPU on this machine.
/// Issue 11's targets: parallel at least 3x one-at-a-time for 1,000 files / 1 GB, and the SDK's throughput at least
/// 0.8x curl's. Default: 1,000 files of 1 MiB (1 GiB).
/// The SDK checks each file against the blob's stored MD5 (curl checks nothing); <c>--no-md5</c> clears the blobs' MD5
/// so the SDK has nothing to check, which shows what the check costs.
/// Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- azure-download [files] [bytes-per-file] [--rtt ms] [--no-md5]</c>
/// (<c>--rtt 0</c>: loopback only).
/// </summary>
public static class ParallelDownload
{
    private const double ParallelTarget = 3.0;
    private const double CurlTarget = 0.8;
    private const string JobName = "bench-download";

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args.Skip(1).ToList();
        var roundTrip = TimeSpan.FromMilliseconds(20);
        var rtt = rest.IndexOf("--rtt");
        if (rtt >= 0)
        {
            roundTrip = TimeSpan.FromMilliseconds(int.Parse(rest[rtt + 1], CultureInfo.InvariantCulture));
            rest.RemoveRange(rtt, 2);
        }
        // Blobs without a stored MD5: the SDK then has nothing to check and hashes nothing, as curl never does.
        var noMd5 = rest.Remove("--no-md5");
        var files = rest.Count > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 1000;
        var size = rest.Count > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 1024 * 1024;
        var folder = Path.Combine(Path.GetTempPath(), "tj-bench-download-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        var saved = (Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), Environment.GetEnvironmentVariable("IDENTITY_HEADER"));
        try
        {
            await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { RetryAfter = TimeSpan.Zero });
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", emulator.IdentityEndpoint.AbsoluteUri);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", emulator.IdentityHeader);
            var (parallel, sequential) = Clients(emulator, emulator.BlobServiceUri);
            var computeId = $"/subscriptions/{emulator.SubscriptionId}/resourceGroups/{emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{emulator.WorkspaceName}/computes/cpu-cluster";
            await parallel.SubmitAsync(new CommandJob { Name = JobName, Command = "true", Environment = new EnvironmentReference("azureml:sklearn:3"), Compute = computeId });
            var finished = await parallel.WaitForCompletionAsync(JobName);
            if (!finished.IsTerminal) throw new InvalidOperationException($"The job ended {finished.Status}.");

            // The output's files, written straight into the workspace container where the download looks for them.
            var key = new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey);
            var container = Container(emulator.BlobServiceUri, emulator.BlobContainerName, key);
            var random = new Random(11);
            var names = Enumerable.Range(0, files).Select(i => $"azureml/{JobName}/bulk/part-{i:D5}.bin").ToList();
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (name, token) =>
            {
                var bytes = new byte[size];
                lock (random) random.NextBytes(bytes);
                await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, token);
                // Properties set without an MD5 clear the one the upload stored.
                if (noMd5) await container.GetBlobClient(name).SetHttpHeadersAsync(new BlobHttpHeaders { ContentType = "application/octet-stream" }, cancellationToken: token);
            });
            for (var i = 0; i < 8; i++) await container.GetBlobClient($"azureml/{JobName}/warmup/w{i}.bin").UploadAsync(BinaryData.FromBytes(new byte[1024]), overwrite: true);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Azure ML download from Azurite: {files:N0} files of {size:N0} bytes ({(long)files * size / (1024.0 * 1024):N1} MiB), {(noMd5 ? "no stored MD5 (nothing checked)" : "each checked against its stored MD5")}, {Environment.ProcessorCount} CPUs"));
            var met = await CompareAsync("loopback (no network delay)", parallel, sequential, container, names, Path.Combine(folder, "loopback"), files, resumeCheck: true);
            if (roundTrip > TimeSpan.Zero)
            {
                await using var proxy = await BlobFaultProxy.StartAsync(emulator.BlobServiceUri, faultRate: 0, faultSeed: 0, TimeSpan.Zero, TimeSpan.Zero, TimeProvider.System, roundTrip);
                var (farParallel, farSequential) = Clients(emulator, proxy.ServiceUri);
                met &= await CompareAsync(string.Create(CultureInfo.InvariantCulture, $"modelled round trip: every Blob request waits {roundTrip.TotalMilliseconds:F0} ms in a proxy"),
                    farParallel, farSequential, Container(proxy.ServiceUri, emulator.BlobContainerName, key), names, Path.Combine(folder, "far"), files, resumeCheck: false);
            }
            return met ? 0 : 1;
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", saved.Item1);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", saved.Item2);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A client with the SDK's parallelism and one fetching a blob at a time, both with <paramref name="blobService"/> as the Blob service.</summary>
    private static (TrainingJobsClient Parallel, TrainingJobsClient Sequential) Clients(AzureMLEmulator emulator, Uri blobService)
    {
        var workspace = emulator.CreateWorkspaceOptions();
        workspace.BlobServiceUri = blobService;
        return (new TrainingJobsClient(new AzureMLJobBackend(workspace, new TrainingJobsClientOptions())),
            new TrainingJobsClient(new AzureMLJobBackend(workspace, new TrainingJobsClientOptions()) { DownloadParallelism = 1 }));
    }

    private static BlobContainerClient Container(Uri service, string name, StorageSharedKeyCredential key) =>
        new(new Uri($"{service.AbsoluteUri.TrimEnd('/')}/{name}"), key);

    /// <summary>One at a time, 8 in flight, and curl, each into an empty folder; true when both targets are met.</summary>
    private static async Task<bool> CompareAsync(string label, TrainingJobsClient parallel, TrainingJobsClient sequential, BlobContainerClient container,
        IReadOnlyList<string> names, string folder, int files, bool resumeCheck)
    {
        Console.WriteLine();
        Console.WriteLine(label);
        // A small output downloaded by both first, so neither timed run pays for JIT or first connections.
        foreach (var client in new[] { sequential, parallel })
        {
            await client.DownloadAsync(JobName, new DownloadOptions { DownloadPath = Path.Combine(folder, "warmup", Guid.NewGuid().ToString("N")), OutputName = "warmup" });
        }
        var oneAtATime = await TimeAsync(sequential, Path.Combine(folder, "sequential"), "one blob at a time", files);
        var eight = await TimeAsync(parallel, Path.Combine(folder, "parallel"), $"{OutputDownloader.MaxParallelDownloads} blobs in flight", files);
        var curl = await TimeCurlAsync(container, names, Path.Combine(folder, "curl"), eight.Bytes);
        var ratio = oneAtATime.Time.TotalSeconds / eight.Time.TotalSeconds;
        // Throughput: the same bytes, so the inverse ratio of the times.
        var versusCurl = curl.TotalSeconds / eight.Time.TotalSeconds;
        if (resumeCheck)
        {
            var resumed = await TimeAsync(parallel, Path.Combine(folder, "parallel"), "again, every file complete", files);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  (each complete file is checked by size, and MD5 when the blob has one, and nothing is fetched: {resumed.Time.TotalSeconds:F2} s)"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  parallel vs one at a time: {ratio:F2}x (target >= {ParallelTarget:F1}x): {(ratio >= ParallelTarget ? "target met" : "TARGET MISSED")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  SDK throughput vs curl --parallel: {versusCurl:F2}x (target >= {CurlTarget:F1}x): {(versusCurl >= CurlTarget ? "target met" : "TARGET MISSED")}"));
        Directory.Delete(folder, recursive: true);
        return ratio >= ParallelTarget && versusCurl >= CurlTarget;
    }

    private static async Task<(TimeSpan Time, long Bytes)> TimeAsync(TrainingJobsClient client, string target, string label, int files)
    {
        var watch = Stopwatch.StartNew();
        var result = await client.DownloadAsync(JobName, new DownloadOptions { DownloadPath = target, OutputName = "bulk" });
        watch.Stop();
        var output = result.Downloaded.Single();
        if (output.FileCount != files || result.Skipped.Count > 0) throw new InvalidOperationException($"{label}: {output.FileCount} files, {result.Skipped.Count} skipped.");
        Print(label, watch.Elapsed, output.Bytes);
        return (watch.Elapsed, output.Bytes);
    }

    /// <summary>
    /// <c>curl --parallel --parallel-max 8 -K config</c> with a read SAS URL and an output file per blob (made with the
    /// account key before the clock starts); every file is checked to have arrived whole.
    /// </summary>
    private static async Task<TimeSpan> TimeCurlAsync(BlobContainerClient container, IReadOnlyList<string> names, string target, long bytes)
    {
        Directory.CreateDirectory(target);
        var config = Path.Combine(target, "..", "curl-" + Path.GetFileName(target) + ".cfg");
        var expiry = DateTimeOffset.UtcNow.AddHours(2);
        await File.WriteAllLinesAsync(config, names.SelectMany(name => new[]
        {
            $"url = \"{container.GetBlobClient(name).GenerateSasUri(BlobSasPermissions.Read, expiry).AbsoluteUri}\"",
            $"output = \"{Path.Combine(target, Path.GetFileName(name))}\"",
        }));
        var start = new ProcessStartInfo("curl") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--parallel", "--parallel-max", "8", "--silent", "--show-error", "--fail", "--config", config }) start.ArgumentList.Add(arg);
        var watch = Stopwatch.StartNew();
        using var curl = Process.Start(start) ?? throw new InvalidOperationException("curl did not start.");
        var errors = curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        watch.Stop();
        if (curl.ExitCode != 0) throw new InvalidOperationException($"curl exited {curl.ExitCode}: {await errors}");
        var got = Directory.GetFiles(target).Sum(f => new FileInfo(f).Length);
        if (got != bytes) throw new InvalidOperationException($"curl wrote {got} bytes, not {bytes}.");
        Print("curl --parallel-max 8", watch.Elapsed, got);
        return watch.Elapsed;
    }

    private static void Print(string label, TimeSpan time, long bytes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-28} {time.TotalSeconds,7:F2} s  {bytes / (1024.0 * 1024) / time.TotalSeconds,8:N1} MiB/s"));
}
