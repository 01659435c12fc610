using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Arm;
using TrainingJobs.Sdk.AzureML.Backend;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Benchmarks.AzureStream;

/// <summary>
/// The bytes an Azure ML log stream fetches from Blob storage, against the emulator and a real Azurite: a job writes a
/// log of 50 MB (default) in 15 bursts over about 75 s, and <see cref="TrainingJobsClient.StreamAsync"/> follows it to
/// the end, reading each log by byte ranges; a pipeline policy counts the bytes of every answered GET on a log blob.
/// In the same run, on the same job, azure-ai-ml's algorithm polls live beside it (§2.3 of the reference): run history's
/// details at each poll, on its own schedule (2 s, growing with the time since the stream began), then every
/// streamable log file downloaded whole. A third figure is computed, not fetched: whole files at this SDK's poll times,
/// from the blob sizes those polls saw (Content-Range). Issue 11's target: the SDK fetches at most 1.05x the log.
/// Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- azure-stream [MB] [seconds]</c>.
/// </summary>
public static partial class StreamedBytes
{
    private const double Target = 1.05;
    private const int Bursts = 15;
    private const int LineBytes = 1000;
    private const string JobName = "bench-stream";

    /// <summary>The statuses azure-ai-ml keeps polling in (RunHistoryConstants.IN_PROGRESS_STATUSES and Finalizing).</summary>
    private static readonly HashSet<string> InProgress = new(StringComparer.Ordinal)
    {
        "NotStarted", "Queued", "Preparing", "Provisioning", "Starting", "Running", "Finalizing",
    };

    /// <summary>azure-ai-ml's streamable Common Runtime logs: rank 0's <c>std_log</c> only.</summary>
    [GeneratedRegex(@"^user_logs/std_log[\D]*[0]*(?:_ps)?\.txt$")]
    private static partial Regex Streamable();

    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 75;
        var linesPerBurst = (int)Math.Ceiling(megabytes * 1_000_000 / Bursts / LineBytes);
        var folder = Directory.CreateTempSubdirectory("tj-bench-stream-").FullName;
        var saved = (Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), Environment.GetEnvironmentVariable("IDENTITY_HEADER"));
        try
        {
            // Lines of exactly LineBytes bytes, a burst at a time, a pause between bursts.
            File.WriteAllText(Path.Combine(folder, "write.sh"), string.Create(CultureInfo.InvariantCulture,
                $"pad=$(printf '%0{LineBytes - 23}d' 0)\nfor b in $(seq 1 {Bursts}); do\n  awk -v b=$b -v n={linesPerBurst} -v pad=$pad 'BEGIN {{ for (j = 1; j <= n; j++) printf \"burst %03d line %06d %s\\n\", b, j, pad }}'\n  if [ $b -lt {Bursts} ]; then sleep {seconds / (Bursts - 1):F2}; fi\ndone\n"));

            await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { RetryAfter = TimeSpan.Zero });
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", emulator.IdentityEndpoint.AbsoluteUri);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", emulator.IdentityHeader);
            var counter = new LogReadCounter();
            var options = new TrainingJobsClientOptions();
            options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
            var client = new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(emulator.CreateWorkspaceOptions()), options);
            // azure-ai-ml's side: the same workspace's ARM pipeline (bearer token, pinned certificate) for run history,
            // and a plain HTTP client for the SAS URLs, neither counted by the SDK's policy.
            var arm = new AzureMLJobBackend(emulator.CreateWorkspaceOptions(), new TrainingJobsClientOptions()).Operations;
            using var blobs = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None });

            await client.SubmitAsync(new CommandJob
            {
                Name = JobName,
                Command = "bash write.sh",
                Code = folder,
                Environment = new EnvironmentReference("azureml:sklearn:3"),
                Compute = $"/subscriptions/{emulator.SubscriptionId}/resourceGroups/{emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{emulator.WorkspaceName}/computes/cpu-cluster",
            });
            var watch = Stopwatch.StartNew();
            var ours = Task.Run(async () =>
            {
                long delivered = 0;
                await foreach (var e in client.StreamAsync(JobName))
                {
                    if (e is JobLogEvent line) delivered += Encoding.UTF8.GetByteCount(line.Text) + 1;
                }
                return (Delivered: delivered, Took: watch.Elapsed);
            });
            var theirs = Task.Run(() => AzureAiMlAsync(arm, blobs, JobName));
            await Task.WhenAll(ours, theirs);

            var container = new BlobContainerClient(new Uri($"{emulator.BlobServiceUri.AbsoluteUri.TrimEnd('/')}/azureml"),
                new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey));
            var size = (await container.GetBlobClient($"ExperimentRun/dcid.{JobName}/user_logs/std_log.txt").GetPropertiesAsync()).Value.ContentLength;
            if (ours.Result.Delivered != size) throw new InvalidOperationException($"The stream delivered {ours.Result.Delivered} bytes of lines, not the log's {size}.");

            var ratio = (double)counter.Bytes / size;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Azure ML log stream from the emulator (Azurite): one job writing {size / 1e6:N1} MB of log in {Bursts} bursts over {seconds:N0} s, {Environment.ProcessorCount} CPUs"));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"",-58} {"bytes fetched",15} {"x log",7} {"polls",6}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"log size",-58} {size,15:N0}"));
            Row("this SDK (byte ranges from the last byte received)", counter.Bytes, size, counter.Polls);
            Row("azure-ai-ml algorithm, live (whole files, its schedule)", theirs.Result.Bytes, size, theirs.Result.Polls);
            Row("azure-ai-ml whole files at this SDK's polls (computed)", counter.WholeFileBytes, size, counter.Polls);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  the stream ended {ours.Result.Took.TotalSeconds:F1} s after the submit; azure-ai-ml's loop {theirs.Result.Took.TotalSeconds:F1} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  SDK bytes / log size: {ratio:F3}x (target <= {Target:F2}x): {(ratio <= Target ? "target met" : "TARGET MISSED")}; azure-ai-ml fetched {(double)theirs.Result.Bytes / counter.Bytes:F1}x the SDK's bytes"));
            return ratio <= Target ? 0 : 1;
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", saved.Item1);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", saved.Item2);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Row(string label, long bytes, long size, int polls) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-58} {bytes,15:N0} {(double)bytes / size,7:F2} {polls,6}"));

    /// <summary>
    /// azure-ai-ml's <c>stream_logs_until_completion</c>: read the run's details; while it is in progress, wait
    /// (<see cref="AzureMLJobBackend.PollInterval"/> of the time since the stream began), read the details again, and
    /// download every streamable log file whole. Returns the log bytes downloaded and the polls.
    /// </summary>
    private static async Task<(long Bytes, int Polls, TimeSpan Took)> AzureAiMlAsync(ArmJobOperations arm, HttpClient blobs, string name)
    {
        var watch = Stopwatch.StartNew();
        var discovery = await new WorkspaceProperties(arm).DiscoveryUrlAsync(CancellationToken.None)
            ?? throw new InvalidOperationException("The workspace has no discovery URL.");
        var api = new Uri((await GetJsonAsync(arm, new Uri(discovery), root => root.GetProperty("api").GetString()))!);
        var details = new Uri(api, $"history/v1.0{arm.Scope.ResourceId}/runs/{Uri.EscapeDataString(name)}/details");
        long bytes = 0;
        var polls = 0;
        var (status, _) = await DetailsAsync(arm, details);
        while (InProgress.Contains(status))
        {
            await Task.Delay(AzureMLJobBackend.PollInterval(watch.Elapsed));
            (status, var logs) = await DetailsAsync(arm, details);
            polls++;
            foreach (var (_, url) in logs.Where(l => Streamable().IsMatch(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                using var answer = await blobs.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                if (!answer.IsSuccessStatusCode) continue;
                await using var body = await answer.Content.ReadAsStreamAsync();
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0) bytes += read;
            }
        }
        return (bytes, polls, watch.Elapsed);
    }

    private static Task<(string Status, Dictionary<string, Uri> Logs)> DetailsAsync(ArmJobOperations arm, Uri details) =>
        GetJsonAsync(arm, details, root =>
        {
            var logs = new Dictionary<string, Uri>(StringComparer.Ordinal);
            if (root.TryGetProperty("logFiles", out var files) && files.ValueKind == JsonValueKind.Object)
            {
                foreach (var file in files.EnumerateObject()) logs[file.Name] = new Uri(file.Value.GetString()!);
            }
            return (root.GetProperty("status").GetString()!, logs);
        });

    private static async Task<T> GetJsonAsync<T>(ArmJobOperations arm, Uri url, Func<JsonElement, T> read)
    {
        using var message = arm.Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(url);
        message.Request.Headers.SetValue("Accept", "application/json");
        await arm.SendAsync(message, "read a job", CancellationToken.None, 200);
        using var document = JsonDocument.Parse(message.Response.Content);
        return read(document.RootElement);
    }

    /// <summary>
    /// Counts, for the SDK's GETs on log blobs (<c>azureml/ExperimentRun/…</c>): the body bytes answered, the GETs (one
    /// per log file per poll), and the blob's whole size each saw (Content-Range's total), which a whole-file read at
    /// the same moment would have fetched.
    /// </summary>
    private sealed class LogReadCounter : HttpPipelineSynchronousPolicy
    {
        private long _bytes;
        private long _whole;
        private int _polls;

        public long Bytes => Interlocked.Read(ref _bytes);

        public long WholeFileBytes => Interlocked.Read(ref _whole);

        public int Polls => Volatile.Read(ref _polls);

        public override void OnReceivedResponse(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Get || !message.Request.Uri.Path.Contains("/azureml/ExperimentRun/", StringComparison.Ordinal)) return;
            Interlocked.Increment(ref _polls);
            if (message.Response.Status is 200 or 206) Interlocked.Add(ref _bytes, message.Response.Headers.ContentLength ?? 0);
            // "bytes a-b/total" (206) or "bytes */total" (416): the blob's size when this poll read it.
            if (message.Response.Headers.TryGetValue("Content-Range", out var range)
                && long.TryParse(range[(range.LastIndexOf('/') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                Interlocked.Add(ref _whole, total);
            }
            else if (message.Response.Status == 200)
            {
                Interlocked.Add(ref _whole, message.Response.Headers.ContentLength ?? 0);
            }
        }
    }
}
