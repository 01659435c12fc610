using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Benchmarks.AzureSubmit;

/// <summary>
/// How many HTTP requests a submit to Azure ML costs when its code folder is unchanged and its environment and compute
/// are pinned (issue 10's target: at most 3, the token request excluded), counted from the emulator's request log;
/// and how many blobs and bytes it writes (target: none). The first submit of the folder is measured too, as the
/// contrast. Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- azure-submit</c>.
/// </summary>
public static partial class SubmitRequestCount
{
    private const int Target = 3;

    [GeneratedRegex("[0-9a-f]{32}")]
    private static partial Regex Digest();

    public static async Task<int> RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tj-bench-azure-" + Guid.NewGuid().ToString("N")[..10]);
        var code = Path.Combine(folder, "src");
        Directory.CreateDirectory(code);
        await File.WriteAllTextAsync(Path.Combine(code, "train.py"), "print('training')\n");
        await File.WriteAllBytesAsync(Path.Combine(code, "weights.bin"), new byte[256 * 1024]);
        var saved = (Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), Environment.GetEnvironmentVariable("IDENTITY_HEADER"));
        try
        {
            await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { RetryAfter = TimeSpan.Zero, RunJobs = false });
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", emulator.IdentityEndpoint.AbsoluteUri);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", emulator.IdentityHeader);
            var client = new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(emulator.CreateWorkspaceOptions()));
            var computeId = $"/subscriptions/{emulator.SubscriptionId}/resourceGroups/{emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{emulator.WorkspaceName}/computes/cpu-cluster";
            CommandJob Job(string name) => new()
            {
                Name = name,
                Command = "python train.py",
                Code = "src",
                Environment = new EnvironmentReference("azureml:sklearn:3"),
                Compute = computeId,
            };
            var blobs = new BlobServiceClient(emulator.BlobServiceUri, new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey));

            Console.WriteLine("Azure ML submit: HTTP requests per submit, from the emulator's request log (token requests excluded)");
            Console.WriteLine();
            var before = emulator.RequestLog.Count;
            var blobsBefore = await CountBlobsAsync(blobs);
            await client.SubmitAsync(Job("bench-first"), new SubmitOptions { BaseDirectory = folder });
            var first = ArmRequests(emulator, before);
            var blobsAfterFirst = await CountBlobsAsync(blobs);
            Print("first submit of the folder", first);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  blobs written: {blobsAfterFirst.Count - blobsBefore.Count} ({blobsAfterFirst.Bytes - blobsBefore.Bytes:N0} bytes)"));

            before = emulator.RequestLog.Count;
            await client.SubmitAsync(Job("bench-unchanged"), new SubmitOptions { BaseDirectory = folder });
            var unchanged = ArmRequests(emulator, before);
            var blobsAfterSecond = await CountBlobsAsync(blobs);
            Print("submit of the unchanged folder", unchanged);
            var newBlobs = blobsAfterSecond.Count - blobsAfterFirst.Count;
            var newBytes = blobsAfterSecond.Bytes - blobsAfterFirst.Bytes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  blobs written: {newBlobs} ({newBytes:N0} bytes)"));
            Console.WriteLine();
            var met = unchanged.Count <= Target && newBlobs == 0 && newBytes == 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"unchanged-code submit: {unchanged.Count} requests (target <= {Target}), {newBlobs} blobs uploaded: {(met ? "target met" : "TARGET MISSED")}"));
            return met ? 0 : 1;
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", saved.Item1);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", saved.Item2);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The ARM requests logged since <paramref name="since"/> (the token endpoint listens on another port).</summary>
    private static List<string> ArmRequests(AzureMLEmulator emulator, int since) =>
        emulator.RequestLog.Skip(since)
            .Where(e => new Uri(e.Url).Port == emulator.ArmEndpoint.Port)
            .Select(e => $"{e.Status} {e.Method} {Digest().Replace(new Uri(e.Url).AbsolutePath[new Uri(e.Url).AbsolutePath.IndexOf("/workspaces/", StringComparison.Ordinal)..], "<digest>")}")
            .ToList();

    private static void Print(string what, List<string> requests)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {requests.Count} requests"));
        foreach (var request in requests) Console.WriteLine("  " + request);
    }

    private static async Task<(int Count, long Bytes)> CountBlobsAsync(BlobServiceClient blobs)
    {
        var count = 0;
        long bytes = 0;
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                count++;
                bytes += blob.Properties.ContentLength ?? 0;
            }
        }
        return (count, bytes);
    }
}
