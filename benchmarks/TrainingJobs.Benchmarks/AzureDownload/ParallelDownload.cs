using System.Diagnostics;
using System.Globalization;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Backend;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Benchmarks.AzureDownload;

/// <summary>
/// Downloading many files of one output from the emulator's Azurite through <see cref="TrainingJobsClient.DownloadAsync"/>:
/// 8 blobs in flight (the SDK's default) versus one blob at a time, in the same run, each into an empty folder; then the
/// parallel download again into its own folder, where every file is complete (the resume check: nothing fetched).
/// Issue 11's target: parallel at least 3x one-at-a-time for 1,000 files / 1 GB. The default here is 1,000 files of
/// 64 KiB (64 MiB) to fit a small machine; pass the count and the size per file to change it.
/// Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- azure-download [files] [bytes-per-file]</c>.
/// </summary>
public static class ParallelDownload
{
    private const double Target = 3.0;
    private const string JobName = "bench-download";

    public static async Task<int> RunAsync(string[] args)
    {
        var files = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var size = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64 * 1024;
        var folder = Path.Combine(Path.GetTempPath(), "tj-bench-download-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        var saved = (Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), Environment.GetEnvironmentVariable("IDENTITY_HEADER"));
        try
        {
            await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { RetryAfter = TimeSpan.Zero });
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", emulator.IdentityEndpoint.AbsoluteUri);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", emulator.IdentityHeader);
            var workspace = emulator.CreateWorkspaceOptions();
            var parallel = new TrainingJobsClient(new AzureMLJobBackend(workspace, new TrainingJobsClientOptions()));
            var sequential = new TrainingJobsClient(new AzureMLJobBackend(workspace, new TrainingJobsClientOptions()) { DownloadParallelism = 1 });
            var computeId = $"/subscriptions/{emulator.SubscriptionId}/resourceGroups/{emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{emulator.WorkspaceName}/computes/cpu-cluster";
            await parallel.SubmitAsync(new CommandJob { Name = JobName, Command = "true", Environment = new EnvironmentReference("azureml:sklearn:3"), Compute = computeId });
            var finished = await parallel.WaitForCompletionAsync(JobName);
            if (!finished.IsTerminal) throw new InvalidOperationException($"The job ended {finished.Status}.");

            // The output's files, written straight into the workspace container where the download looks for them.
            var container = new BlobContainerClient(new Uri($"{emulator.BlobServiceUri.AbsoluteUri.TrimEnd('/')}/{emulator.BlobContainerName}"),
                new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey));
            var random = new Random(11);
            await Parallel.ForEachAsync(Enumerable.Range(0, files), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            {
                var bytes = new byte[size];
                lock (random) random.NextBytes(bytes);
                await container.GetBlobClient($"azureml/{JobName}/bulk/part-{i:D5}.bin").UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, token);
            });

            // A small output downloaded by both first, so neither timed run pays for JIT or first connections.
            for (var i = 0; i < 8; i++) await container.GetBlobClient($"azureml/{JobName}/warmup/w{i}.bin").UploadAsync(BinaryData.FromBytes(new byte[1024]), overwrite: true);
            foreach (var client in new[] { sequential, parallel })
            {
                await client.DownloadAsync(JobName, new DownloadOptions { DownloadPath = Path.Combine(folder, "warmup", Guid.NewGuid().ToString("N")), OutputName = "warmup" });
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Azure ML download from Azurite: {files:N0} files of {size:N0} bytes ({(long)files * size / (1024.0 * 1024):N1} MiB)"));
            Console.WriteLine();
            var oneAtATime = await TimeAsync(sequential, Path.Combine(folder, "sequential"), "one blob at a time", files);
            var eight = await TimeAsync(parallel, Path.Combine(folder, "parallel"), $"{OutputDownloader.MaxParallelDownloads} blobs in flight", files);
            var resumed = await TimeAsync(parallel, Path.Combine(folder, "parallel"), "again, every file complete", files);
            var ratio = oneAtATime.TotalSeconds / eight.TotalSeconds;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"parallel vs one at a time: {ratio:F2}x (target >= {Target:F1}x): {(ratio >= Target ? "target met" : "TARGET MISSED")}; a complete folder took {resumed.TotalSeconds:F2} s"));
            return ratio >= Target ? 0 : 1;
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", saved.Item1);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", saved.Item2);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<TimeSpan> TimeAsync(TrainingJobsClient client, string target, string label, int files)
    {
        var watch = Stopwatch.StartNew();
        var result = await client.DownloadAsync(JobName, new DownloadOptions { DownloadPath = target, OutputName = "bulk" });
        watch.Stop();
        var output = result.Downloaded.Single();
        if (output.FileCount != files || result.Skipped.Count > 0) throw new InvalidOperationException($"{label}: {output.FileCount} files, {result.Skipped.Count} skipped.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-28} {watch.Elapsed.TotalSeconds,7:F2} s  {output.Bytes / (1024.0 * 1024) / watch.Elapsed.TotalSeconds,8:N1} MiB/s"));
        return watch.Elapsed;
    }
}
