using System.Text.Json.Nodes;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// What a submit uploads and looks up, through <see cref="TrainingJobsClient"/> against the emulator and its real
/// Azurite: local code as a code version once per content digest, local inputs in the default datastore,
/// <c>@latest</c> and compute names resolved; and delete.
/// </summary>
[NonParallelizable]
public sealed class AzureSubmitAssetsAgainstEmulatorTests
{
    private static readonly string[] Variables = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"];
    private readonly Dictionary<string, string?> _saved = [];
    private string _folder = null!;

    [OneTimeSetUp]
    public void SaveTheEnvironment()
    {
        foreach (var name in Variables) _saved[name] = Environment.GetEnvironmentVariable(name);
    }

    [OneTimeTearDown]
    public void RestoreTheEnvironment()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tj-emulator-assets-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    /// <summary>An emulator and a client of it; unless <paramref name="runJobs"/>, jobs are not run and the shared Azurite serves blobs.</summary>
    private static async Task<(AzureMLEmulator Emulator, TrainingJobsClient Client)> StartAsync(AzureMLEmulatorOptions? options = null, bool runJobs = false)
    {
        options ??= new AzureMLEmulatorOptions();
        options.RetryAfter = TimeSpan.Zero;
        options.RunJobs = runJobs;
        if (!runJobs) options.BlobEndpoint = SharedAzurite.Endpoint;
        // The variables EmulatorSession sets are restored by this class's OneTimeTearDown; the caller disposes the emulator.
        var session = await EmulatorSession.StartAsync(options);
        return (session.Emulator, session.Client);
    }

    private static string WorkspacePath(AzureMLEmulator emulator) =>
        $"/subscriptions/{emulator.SubscriptionId}/resourceGroups/{emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{emulator.WorkspaceName}";

    private static CommandJob Definition(string name, AzureMLEmulator emulator) => new()
    {
        Name = name,
        Command = "python train.py",
        Environment = new EnvironmentReference("azureml:sklearn:3"),
        Compute = WorkspacePath(emulator) + "/computes/cpu-cluster",
    };

    private string CodeFolder()
    {
        var code = Path.Combine(_folder, "src");
        Directory.CreateDirectory(code);
        File.WriteAllText(Path.Combine(code, "train.py"), "print('hello from the emulator')\n");
        File.WriteAllText(Path.Combine(code, "scratch.tmp"), "not uploaded\n");
        File.WriteAllText(Path.Combine(code, ".amlignore"), "*.tmp\n");
        return code;
    }

    private static BlobContainerClient Container(AzureMLEmulator emulator) =>
        new(new Uri($"{emulator.BlobServiceUri.AbsoluteUri.TrimEnd('/')}/{emulator.BlobContainerName}"),
            new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey));

    private static async Task<Dictionary<string, DateTimeOffset>> BlobsAsync(AzureMLEmulator emulator)
    {
        var blobs = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var blob in Container(emulator).GetBlobsAsync()) blobs[blob.Name] = blob.Properties.LastModified ?? default;
        return blobs;
    }

    private static JsonNode JobPutBody(AzureMLEmulator emulator, string name) =>
        emulator.RequestLog.Last(e => e.Method == "PUT" && e.Url.Contains($"/jobs/{name}?", StringComparison.Ordinal)).RequestBody!;

    [Test]
    public async Task A_local_code_folder_is_uploaded_once_and_an_unchanged_one_costs_one_codes_request_and_no_bytes()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        var code = CodeFolder();

        var first = await client.SubmitAsync(Definition("first", emulator) with { Code = code });

        var codeId = JobPutBody(emulator, "first")["properties"]!["codeId"]!.GetValue<string>();
        codeId.Should().MatchRegex($"^{System.Text.RegularExpressions.Regex.Escape(WorkspacePath(emulator))}/codes/[0-9a-f]{{32}}/versions/1$");
        emulator.RequestLog.Where(e => e.Url.Contains("/codes/", StringComparison.Ordinal)).Select(e => $"{e.Method} {e.Status}")
            .Should().Equal("GET 404", "POST 200", "PUT 201");
        var uploaded = await BlobsAsync(emulator);
        uploaded.Keys.Should().Contain(k => k.EndsWith("/train.py", StringComparison.Ordinal)).And.NotContain(k => k.EndsWith(".tmp", StringComparison.Ordinal));
        var train = uploaded.Keys.Single(k => k.EndsWith("/train.py", StringComparison.Ordinal));
        (await Container(emulator).GetBlobClient(train).DownloadContentAsync()).Value.Content.ToString().Should().Be("print('hello from the emulator')\n");
        first.StudioUrl.Should().NotBeNull();

        var before = emulator.RequestLog.Count;
        await client.SubmitAsync(Definition("second", emulator) with { Code = code });

        var secondRequests = emulator.RequestLog.Skip(before).ToList();
        secondRequests.Where(e => e.Url.Contains("/codes/", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Match<AzureMLEmulatorRequestLogEntry>(e => e.Method == "GET" && e.Status == 200);
        secondRequests.Select(e => e.Method).Should().Equal(["GET", "PUT"], "an unchanged folder with pinned environment and compute costs the code GET and the job PUT");
        (await BlobsAsync(emulator)).Should().Equal(uploaded, "no blob was written again");
        JobPutBody(emulator, "second")["properties"]!["codeId"]!.GetValue<string>().Should().Be(codeId);
    }

    [Test]
    public async Task Local_inputs_latest_environments_and_compute_names_are_resolved_and_an_unknown_compute_is_a_404()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        emulator.AddEnvironmentVersion("sklearn", "1", "python:3.11");
        emulator.AddEnvironmentVersion("sklearn", "2", "python:3.12");
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "rows.csv"), "a,b\n1,2\n");
        var definition = Definition("resolved", emulator) with
        {
            Environment = new EnvironmentReference("azureml:sklearn@latest"),
            Compute = "azureml:cpu-cluster",
            Inputs = ValueMap.Of<JobInput>(("training", new AssetInput { Type = AssetType.UriFolder, Path = data })),
        };

        await client.SubmitAsync(definition);

        var properties = JobPutBody(emulator, "resolved")["properties"]!;
        properties["environmentId"]!.GetValue<string>().Should().Be($"{WorkspacePath(emulator)}/environments/sklearn/versions/2");
        properties["computeId"]!.GetValue<string>().Should().Be($"{WorkspacePath(emulator)}/computes/cpu-cluster");
        var uri = properties["inputs"]!["training"]!["uri"]!.GetValue<string>();
        uri.Should().MatchRegex("^azureml://datastores/workspaceblobstore/paths/LocalUpload/[0-9a-f]{32}/data$");
        var blob = uri["azureml://datastores/workspaceblobstore/paths/".Length..] + "/rows.csv";
        (await Container(emulator).GetBlobClient(blob).DownloadContentAsync()).Value.Content.ToString().Should().Be("a,b\n1,2\n");

        var unknown = () => client.SubmitAsync(Definition("no-compute", emulator) with { Compute = "azureml:gpu-cluster" });
        var failure = await unknown.Should().ThrowAsync<RequestFailedException>();
        failure.Which.Status.Should().Be(404);
        failure.Which.ErrorCode.Should().Be("ResourceNotFound");
        emulator.RequestLog.Should().NotContain(e => e.Method == "PUT" && e.Url.Contains("/jobs/no-compute?", StringComparison.Ordinal));
    }

    [Test]
    public async Task With_ten_percent_faults_an_upload_still_makes_one_code_version_and_one_job()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { FaultRate = 0.1, FaultSeed = 20261204 });
        await using var _ = emulator;
        var code = CodeFolder();

        foreach (var name in new[] { "f-1", "f-2", "f-3", "f-4" }) await client.SubmitAsync(Definition(name, emulator) with { Code = code });

        emulator.RequestLog.Should().Contain(e => e.Fault != null, "the seed injects faults into this run");
        emulator.RequestLog.Where(e => e.Method == "PUT" && e.Url.Contains("/codes/", StringComparison.Ordinal) && e.Status < 300)
            .Select(e => e.Url).Distinct().Should().ContainSingle("one code version for one folder");
        foreach (var name in new[] { "f-1", "f-2", "f-3", "f-4" })
        {
            emulator.RequestLog.Count(e => e.Method == "PUT" && e.Status == 201 && e.Url.Contains($"/jobs/{name}?", StringComparison.Ordinal)).Should().Be(1);
        }
    }

    [Test]
    public async Task A_submitted_local_code_folder_is_what_the_job_runs_and_it_completes_with_its_log_in_Blob_storage()
    {
        var (emulator, client) = await StartAsync(runJobs: true);
        await using var _ = emulator;
        var code = Path.Combine(_folder, "src");
        Directory.CreateDirectory(Path.Combine(code, "lib"));
        File.WriteAllText(Path.Combine(code, "run.sh"), "echo \"ran $(cat lib/message.txt)\"\n");
        File.WriteAllText(Path.Combine(code, "lib", "message.txt"), "the uploaded code");

        var submitted = await client.SubmitAsync(Definition("end-to-end", emulator) with { Code = code, Command = "bash run.sh" });
        var finished = await client.WaitForCompletionAsync(submitted.Name).WaitAsync(TimeSpan.FromSeconds(120));

        finished.Status.Should().Be(JobStatus.Completed, finished.Error?.Message);
        var log = new BlobContainerClient(new Uri($"{emulator.BlobServiceUri.AbsoluteUri.TrimEnd('/')}/azureml"), new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey))
            .GetBlobClient("ExperimentRun/dcid.end-to-end/user_logs/std_log.txt");
        (await log.DownloadContentAsync()).Value.Content.ToString().Should().Contain("ran the uploaded code");
    }

    [Test]
    public async Task DeleteAsync_removes_the_job()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        await client.SubmitAsync(Definition("doomed", emulator));

        await client.DeleteAsync("doomed");

        var gone = await FluentActions.Awaiting(() => client.GetAsync("doomed")).Should().ThrowAsync<RequestFailedException>();
        gone.Which.Status.Should().Be(404);
    }
}
