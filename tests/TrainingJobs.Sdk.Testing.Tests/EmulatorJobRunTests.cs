using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>The emulator runs command jobs for real: code from Azurite, the local backend, logs and outputs back to Azurite.</summary>
public class EmulatorJobRunTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    private static BlobContainerClient Container(AzureMLEmulator emulator, string name) =>
        new(new Uri($"{emulator.BlobServiceUri}/{name}"), new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey));

    /// <summary>Uploads files as a client does (startPendingUpload, SAS upload, PUT code version) and returns the code version's ARM id.</summary>
    private static async Task<string> UploadCodeAsync(EmulatorClient client, string name, IReadOnlyDictionary<string, string> files)
    {
        var (_, pending) = await client.SendAsync(HttpMethod.Post, client.AssetUrl($"codes/{name}/versions/1/startPendingUpload"), "{\"pendingUploadType\":\"TemporaryBlobReference\"}");
        var blobUri = Str(pending!["blobReferenceForConsumption"]!["blobUri"]);
        var sas = new AzureSasCredential(new Uri(Str(pending["blobReferenceForConsumption"]!["credential"]!["sasUri"])).Query.TrimStart('?'));
        foreach (var (path, content) in files)
        {
            await new BlobClient(new Uri($"{blobUri}/{path}"), sas).UploadAsync(BinaryData.FromString(content));
        }
        var (created, version) = await client.SendAsync(HttpMethod.Put, client.AssetUrl($"codes/{name}/versions/1"), $"{{\"properties\":{{\"codeUri\":\"{blobUri}\",\"isAnonymous\":true}}}}");
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return Str(version!["id"]);
    }

    private static string Job(string command, string codeId, string? outputs = null) => new JsonObject
    {
        ["properties"] = new JsonObject
        {
            ["jobType"] = "Command",
            ["command"] = command,
            ["codeId"] = codeId,
            // Neither exists in the emulator's sense: the image is ignored and the command runs on this machine.
            ["environmentId"] = "azureml:some-env:1",
            ["computeId"] = "cpu-cluster",
            ["outputs"] = outputs is null ? null : JsonNode.Parse(outputs),
        },
    }.ToJsonString();

    private static async Task<JsonNode> RunToEndAsync(AzureMLEmulator emulator, EmulatorClient client, string name, string body)
    {
        var (created, createdBody) = await client.SendAsync(HttpMethod.Put, client.Url($"jobs/{name}"), body);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        Str(createdBody!["properties"]!["status"]).Should().Be("NotStarted");
        await emulator.WhenJobFinishedAsync(name).WaitAsync(Bound);
        var (got, job) = await client.SendAsync(HttpMethod.Get, client.Url($"jobs/{name}"));
        got.StatusCode.Should().Be(HttpStatusCode.OK);
        return job!;
    }

    private static async Task<string> ReadBlobAsync(BlobContainerClient container, string name) =>
        (await container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();

    [Test]
    public async Task A_command_job_runs_its_uploaded_code_and_completes_with_std_log_and_its_output_in_Blob_storage()
    {
        await using var emulator = await AzureMLEmulator.StartAsync();
        using var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();
        var codeId = await UploadCodeAsync(client, "ok-code", new Dictionary<string, string>
        {
            ["data.txt"] = "weights-v1",
            ["src/run.sh"] = "echo from-script; echo to-stderr 1>&2",
        });

        var job = await RunToEndAsync(emulator, client, "job-ok",
            Job("echo started && bash src/run.sh && cp data.txt ${{outputs.model}}/model.txt", codeId, "{\"model\":{\"jobOutputType\":\"uri_folder\"}}"));

        Str(job["properties"]!["status"]).Should().Be("Completed");
        Str(job["properties"]!["properties"]!["emulator.exitCode"]).Should().Be("0");
        var log = await ReadBlobAsync(Container(emulator, "azureml"), "ExperimentRun/dcid.job-ok/user_logs/std_log.txt");
        log.Should().Contain("started").And.Contain("from-script").And.Contain("to-stderr");
        (await ReadBlobAsync(Container(emulator, emulator.BlobContainerName), "azureml/job-ok/model/model.txt")).Should().Be("weights-v1");
    }

    [Test]
    public async Task An_output_with_a_datastore_uri_is_uploaded_to_that_path()
    {
        await using var emulator = await AzureMLEmulator.StartAsync();
        using var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();
        var codeId = await UploadCodeAsync(client, "uri-code", new Dictionary<string, string> { ["a.txt"] = "A" });

        var job = await RunToEndAsync(emulator, client, "job-uri",
            Job("cp a.txt ${{outputs.result}}/a.txt", codeId,
                "{\"result\":{\"jobOutputType\":\"uri_folder\",\"uri\":\"azureml://datastores/workspaceblobstore/paths/custom/place/\"}}"));

        Str(job["properties"]!["status"]).Should().Be("Completed");
        (await ReadBlobAsync(Container(emulator, emulator.BlobContainerName), "custom/place/a.txt")).Should().Be("A");
    }

    [Test]
    public async Task A_failing_command_ends_Failed_with_the_local_error_and_exit_code_and_its_log_is_uploaded()
    {
        await using var emulator = await AzureMLEmulator.StartAsync();
        using var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();
        var codeId = await UploadCodeAsync(client, "bad-code", new Dictionary<string, string> { ["fail.sh"] = "echo about-to-fail; exit 3" });

        var job = await RunToEndAsync(emulator, client, "job-fails", Job("bash fail.sh", codeId));

        Str(job["properties"]!["status"]).Should().Be("Failed");
        var map = job["properties"]!["properties"]!;
        Str(map["emulator.exitCode"]).Should().Be("3");
        Str(map["emulator.error.code"]).Should().NotBeNullOrEmpty();
        Str(map["emulator.error.message"]).Should().Contain("3");
        (await ReadBlobAsync(Container(emulator, "azureml"), "ExperimentRun/dcid.job-fails/user_logs/std_log.txt")).Should().Contain("about-to-fail");
    }

    [Test]
    public async Task A_job_whose_code_version_does_not_exist_fails_with_a_message_naming_it()
    {
        await using var emulator = await AzureMLEmulator.StartAsync();
        using var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();
        var missing = $"/{client.Workspace}/codes/nope/versions/1";

        var job = await RunToEndAsync(emulator, client, "job-no-code", Job("echo hi", missing));

        Str(job["properties"]!["status"]).Should().Be("Failed");
        Str(job["properties"]!["properties"]!["emulator.error.message"]).Should().Contain(missing);
    }

    [Test]
    public async Task A_job_that_is_neither_a_command_nor_a_pipeline_job_is_kept_but_fails_as_not_run()
    {
        await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { BlobEndpoint = SharedAzurite.Endpoint });
        using var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();

        var job = await RunToEndAsync(emulator, client, "job-sweep", "{\"properties\":{\"jobType\":\"Sweep\"}}");

        Str(job["properties"]!["status"]).Should().Be("Failed");
        Str(job["properties"]!["properties"]!["emulator.error.code"]).Should().Be("NotSupported");
        Str(job["properties"]!["properties"]!["emulator.error.message"]).Should().Contain("command and pipeline jobs only");
    }

    [Test]
    public async Task Cancel_of_a_running_job_ends_Canceled_after_its_processes_are_gone()
    {
        await using var emulator = await AzureMLEmulator.StartAsync();
        using var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();
        var codeId = await UploadCodeAsync(client, "slow-code", new Dictionary<string, string> { ["slow.sh"] = "sleep 300 & echo $! > sleep.pid; wait" });
        var (created, _) = await client.SendAsync(HttpMethod.Put, client.Url("jobs/job-slow"), Job("bash slow.sh", codeId));
        created.StatusCode.Should().Be(HttpStatusCode.Created);

        // The job's working folder is the local backend's code folder under the emulator's data folder.
        var pidFile = Path.Combine(emulator.DataDirectory, "local", "jobs", "job-slow", "code", "sleep.pid");
        var status = await EventuallyAsync(async () =>
        {
            var (_, job) = await client.SendAsync(HttpMethod.Get, client.Url("jobs/job-slow"));
            var current = Str(job!["properties"]!["status"]);
            return current == "Running" && File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0 ? current : null;
        });
        status.Should().Be("Running");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        IsAlive(pid).Should().BeTrue();

        var (accepted, _) = await client.SendAsync(HttpMethod.Post, client.Url("jobs/job-slow/cancel"));
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var location = accepted.Headers.Location!;
        var done = await EventuallyAsync(async () =>
        {
            var (poll, _) = await client.SendAsync(HttpMethod.Get, location);
            return poll.StatusCode == HttpStatusCode.OK ? "done" : null;
        });
        done.Should().Be("done");

        var (_, canceled) = await client.SendAsync(HttpMethod.Get, client.Url("jobs/job-slow"));
        Str(canceled!["properties"]!["status"]).Should().Be("Canceled");
        IsAlive(pid).Should().BeFalse("the job's processes end before the cancel operation is done");
    }

    [Test]
    public async Task Delete_of_a_running_job_stops_it_and_the_job_is_gone_once_the_operation_is_done()
    {
        await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { OperationPollsUntilDone = 3 });
        using var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();
        var codeId = await UploadCodeAsync(client, "slow-code", new Dictionary<string, string> { ["slow.sh"] = "sleep 300 & echo $! > sleep.pid; wait" });
        (await client.SendAsync(HttpMethod.Put, client.Url("jobs/job-deleted"), Job("bash slow.sh", codeId))).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        var pidFile = Path.Combine(emulator.DataDirectory, "local", "jobs", "job-deleted", "code", "sleep.pid");
        (await EventuallyAsync(() => Task.FromResult(File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0 ? "started" : null))).Should().Be("started");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        var (accepted, _) = await client.SendAsync(HttpMethod.Delete, client.Url("jobs/job-deleted"));
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        // Stopped at the DELETE itself, not only when the operation is polled to its end.
        await emulator.WhenJobFinishedAsync("job-deleted").WaitAsync(Bound);
        IsAlive(pid).Should().BeFalse();
        var done = await EventuallyAsync(async () =>
        {
            var (poll, _) = await client.SendAsync(HttpMethod.Get, accepted.Headers.Location!);
            return poll.StatusCode == HttpStatusCode.NoContent ? "done" : null;
        });
        done.Should().Be("done");
        (await client.SendAsync(HttpMethod.Get, client.Url("jobs/job-deleted"))).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // A zombie (ended, not yet reaped) counts as gone.
            return !process.HasExited && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Test]
    public async Task Run_history_details_list_the_growing_log_with_a_read_only_SAS_URL_while_the_job_runs_and_after_it()
    {
        await using var emulator = await AzureMLEmulator.StartAsync();
        using var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();
        var gate = Directory.CreateTempSubdirectory("tj-history-gate-").FullName;
        try
        {
            var codeId = await UploadCodeAsync(client, "history-code", new Dictionary<string, string> { ["a.txt"] = "A" });
            // The job writes a line, then waits for the test to see it in Blob storage before it writes the second.
            var body = Job($"echo first-line; until [ -f '{gate}/go' ]; do sleep 0.05; done; echo second-line", codeId);
            var (created, _) = await client.SendAsync(HttpMethod.Put, client.Url("jobs/job-history"), body);
            created.StatusCode.Should().Be(HttpStatusCode.Created);

            var (discovered, discovery) = await client.SendAsync(HttpMethod.Get, new Uri(emulator.ArmEndpoint, "discovery"));
            discovered.StatusCode.Should().Be(HttpStatusCode.OK);
            var api = Str(discovery!["api"]);
            var details = new Uri($"{api}/history/v1.0/{client.Workspace}/runs/job-history/details");
            using var anonymous = new HttpClient();

            async Task<string?> LogAsync()
            {
                var (response, run) = await client.SendAsync(HttpMethod.Get, details);
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                if (run!["logFiles"]?["user_logs/std_log.txt"]?.GetValue<string>() is not { } url) return null;
                url.Should().Contain("sig=").And.Contain("sp=r", "the SAS grants reading only");
                return await anonymous.GetStringAsync(url);
            }

            var whileRunning = await EventuallyAsync(async () => await LogAsync() is { } log && log.Contains("first-line", StringComparison.Ordinal) ? log : null);
            whileRunning.Should().NotBeNull("the log is uploaded while the job runs");
            whileRunning.Should().NotContain("second-line");
            File.WriteAllText(Path.Combine(gate, "go"), "");
            await emulator.WhenJobFinishedAsync("job-history").WaitAsync(Bound);

            (await LogAsync()).Should().Contain("first-line\nsecond-line");
            emulator.RequestLog.Where(e => e.Url.Contains("/history/", StringComparison.Ordinal)).Should().NotBeEmpty()
                .And.OnlyContain(e => !e.ResponseBody!.ToJsonString().Contains("sig=", StringComparison.Ordinal) || e.ResponseBody!.ToJsonString().Contains("sig=REDACTED", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(gate, recursive: true);
        }
    }

    [Test]
    public async Task Run_history_refuses_a_request_without_a_token()
    {
        await using var emulator = await AzureMLEmulator.StartAsync();
        using var client = new EmulatorClient(emulator);
        var (response, _) = await client.SendAsync(HttpMethod.Get, new Uri(emulator.ArmEndpoint, $"history/v1.0/{client.Workspace}/runs/nothing/details"));
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    // Polls with a bound: the emulator's status changes come from another process, so there is no event to await.
    private static async Task<string?> EventuallyAsync(Func<Task<string?>> probe)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Bound)
        {
            if (await probe() is { } result)
            {
                return result;
            }
            await Task.Delay(50);
        }
        return null;
    }
}
