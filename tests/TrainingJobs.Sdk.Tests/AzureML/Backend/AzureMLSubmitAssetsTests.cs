using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure;
using Microsoft.AspNetCore.Http;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Backend;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.AzureML.Backend;

/// <summary>
/// What a submit does before the job PUT: local code uploaded once per content digest, local inputs uploaded to the
/// default datastore, <c>@latest</c> and compute names looked up, git lineage added; and the Studio URL and delete.
/// One loopback HTTPS responder plays ARM and Blob storage (same host, so the certificate pin covers both).
/// </summary>
public sealed class AzureMLSubmitAssetsTests
{
    private const string Subscription = "00000000-1111-2222-3333-444444444444";
    private const string WorkspacePath = $"/subscriptions/{Subscription}/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1";
    private const string AccountKey = "a2V5LWZvci10ZXN0cy1vbmx5LWtleS1mb3ItdGVzdHMtb25seQ==";

    private ArmResponder _arm = null!;
    private string _folder = null!;
    private readonly ConcurrentDictionary<string, string> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _codeVersions = new(StringComparer.Ordinal);

    /// <summary>Environment and data versions the responder knows, newest first.</summary>
    private readonly Dictionary<string, string[]> _versions = new(StringComparer.Ordinal)
    {
        ["environments/sklearn"] = ["7", "6"],
        ["data/mnist"] = ["3"],
    };

    private readonly HashSet<string> _computes = new(StringComparer.Ordinal) { "cpu" };

    [SetUp]
    public async Task SetUp()
    {
        // NUnit keeps one fixture instance for all tests: the stores start empty for each.
        _blobs.Clear();
        _codeVersions.Clear();
        _studioInResponse = true;
        _arm = await ArmResponder.StartAsync();
        _arm.Handler = Handle;
        _folder = Directory.CreateTempSubdirectory("tj-submit-assets-").FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _arm.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private TrainingJobsClient Client()
    {
        var options = new TrainingJobsClientOptions();
        options.Retry.MaxRetries = 0;
        return new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(new AzureMLWorkspaceOptions
        {
            SubscriptionId = Subscription,
            ResourceGroupName = "rg-1",
            WorkspaceName = "ws-1",
            Credential = new StaticTokenCredential(),
            ArmEndpoint = _arm.Endpoint,
            ServerCertificate = _arm.Certificate,
            BlobServiceUri = new Uri(_arm.Endpoint, "devstoreaccount1"),
        }), options);
    }

    private static CommandJob Definition(string name = "job-1") => new()
    {
        Name = name,
        Command = "python train.py",
        Environment = new EnvironmentReference("azureml:sklearn:3"),
        Compute = WorkspacePath + "/computes/cpu",
    };

    private string CodeFolder()
    {
        var code = Path.Combine(_folder, "src");
        Directory.CreateDirectory(Path.Combine(code, "pkg"));
        File.WriteAllText(Path.Combine(code, "train.py"), "print('hi')\n");
        File.WriteAllText(Path.Combine(code, "pkg", "util.py"), "X = 1\n");
        File.WriteAllText(Path.Combine(code, "debug.log"), "noise\n");
        File.WriteAllText(Path.Combine(code, ".amlignore"), "*.log\n");
        return code;
    }

    private static string ExpectedCodeName(string folder)
    {
        var staging = Directory.CreateTempSubdirectory("tj-expected-").FullName;
        try
        {
            return CodeSnapshot.Take(folder, Path.Combine(staging, "copy"), null).Digest[..32];
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private List<RecordedRequest> Requests(string method, string pathPart) =>
        _arm.Requests.Where(r => r.Method == method && r.PathAndQuery.Contains(pathPart, StringComparison.Ordinal)).ToList();

    private List<RecordedRequest> BlobPuts() => _arm.Requests.Where(r => r.Method == "PUT" && r.PathAndQuery.StartsWith("/devstoreaccount1/", StringComparison.Ordinal)).ToList();

    private JsonObject JobBody() => JsonNode.Parse(Requests("PUT", "/jobs/").Single().Body)!.AsObject();

    [Test]
    public async Task A_new_code_folder_is_uploaded_with_its_ignore_rules_as_the_code_version_its_digest_names()
    {
        var code = CodeFolder();
        var name = ExpectedCodeName(code);

        var job = await Client().SubmitAsync(Definition() with { Code = code });

        var codeRequests = _arm.Requests.Where(r => r.PathAndQuery.Contains("/codes/", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.PathAndQuery}").ToList();
        codeRequests.Should().Equal(
            $"GET {WorkspacePath}/codes/{name}/versions/1?api-version=2025-12-01",
            $"POST {WorkspacePath}/codes/{name}/versions/1/startPendingUpload?api-version=2025-12-01",
            $"PUT {WorkspacePath}/codes/{name}/versions/1?api-version=2025-12-01");
        var start = JsonNode.Parse(Requests("POST", "startPendingUpload").Single().Body)!;
        start["pendingUploadType"]!.GetValue<string>().Should().Be("TemporaryBlobReference");
        Guid.TryParse(start["pendingUploadId"]!.GetValue<string>(), out _).Should().BeTrue();
        BlobPuts().Select(r => r.PathAndQuery[..r.PathAndQuery.IndexOf('?', StringComparison.Ordinal)]).Should().BeEquivalentTo(
            $"/devstoreaccount1/code-{name}/snapshot/train.py",
            $"/devstoreaccount1/code-{name}/snapshot/pkg/util.py",
            $"/devstoreaccount1/code-{name}/snapshot/.amlignore");
        BlobPuts().Should().OnlyContain(r => r.PathAndQuery.Contains("sig=test-signature", StringComparison.Ordinal), "each file is uploaded with the SAS the service handed out");
        _blobs[$"/devstoreaccount1/code-{name}/snapshot/train.py"].Should().Be("print('hi')\n");
        var version = JsonNode.Parse(Requests("PUT", "/codes/").Single().Body)!;
        version["properties"]!["codeUri"]!.GetValue<string>().Should().Be(new Uri(_arm.Endpoint, $"devstoreaccount1/code-{name}/snapshot").AbsoluteUri);
        version["properties"]!["isAnonymous"]!.GetValue<bool>().Should().BeTrue();
        JobBody()["properties"]!["codeId"]!.GetValue<string>().Should().Be($"{WorkspacePath}/codes/{name}/versions/1");
        job.Name.Should().Be("job-1");
    }

    [Test]
    public async Task A_link_to_a_file_inside_the_folder_is_uploaded_as_that_file_and_other_links_are_not()
    {
        var code = CodeFolder();
        File.CreateSymbolicLink(Path.Combine(code, "latest.py"), "train.py");
        Directory.CreateSymbolicLink(Path.Combine(code, "loop"), ".");
        var outside = Path.Combine(_folder, "outside.txt");
        File.WriteAllText(outside, "secret\n");
        File.CreateSymbolicLink(Path.Combine(code, "escape.txt"), outside);
        var name = ExpectedCodeName(code);

        await Client().SubmitAsync(Definition() with { Code = code });

        _blobs[$"/devstoreaccount1/code-{name}/snapshot/latest.py"].Should().Be("print('hi')\n");
        _blobs.Keys.Should().NotContain(k => k.Contains("/loop/", StringComparison.Ordinal) || k.EndsWith("escape.txt", StringComparison.Ordinal));
        _blobs.Values.Should().NotContain("secret\n");
    }

    [Test]
    public async Task An_unchanged_code_folder_costs_one_GET_and_uploads_nothing()
    {
        var code = CodeFolder();
        await Client().SubmitAsync(Definition("first") with { Code = code });
        while (_arm.Requests.TryDequeue(out _)) { }

        await Client().SubmitAsync(Definition("second") with { Code = code });

        _arm.Requests.Where(r => r.PathAndQuery.Contains("/codes/", StringComparison.Ordinal)).Should().ContainSingle().Which.Method.Should().Be("GET");
        BlobPuts().Should().BeEmpty();
        JobBody()["properties"]!["codeId"]!.GetValue<string>().Should().Be($"{WorkspacePath}/codes/{ExpectedCodeName(code)}/versions/1");
    }

    [Test]
    public async Task A_changed_file_makes_a_new_code_version_and_an_ignored_one_does_not()
    {
        var code = CodeFolder();
        var first = ExpectedCodeName(code);
        File.WriteAllText(Path.Combine(code, "debug.log"), "other noise\n");
        ExpectedCodeName(code).Should().Be(first, ".amlignore leaves *.log out of the snapshot and its digest");
        File.WriteAllText(Path.Combine(code, "train.py"), "print('changed')\n");

        await Client().SubmitAsync(Definition() with { Code = code });

        JobBody()["properties"]!["codeId"]!.GetValue<string>().Should().NotContain(first).And.Contain(ExpectedCodeName(code));
    }

    [Test]
    public async Task Concurrent_submits_of_the_same_new_folder_both_succeed_with_the_same_code_version()
    {
        var code = CodeFolder();

        await Task.WhenAll(Client().SubmitAsync(Definition("a") with { Code = code }), Client().SubmitAsync(Definition("b") with { Code = code }));

        Requests("PUT", "/jobs/").Select(r => JsonNode.Parse(r.Body)!["properties"]!["codeId"]!.GetValue<string>()).Distinct().Should().ContainSingle();
        _codeVersions.Keys.Should().ContainSingle("both submits name the same version");
    }

    [Test]
    public async Task Local_code_is_no_longer_refused_by_validation()
    {
        var diagnostics = await Client().ValidateAsync(Definition() with { Code = CodeFolder() });

        diagnostics.Should().NotContain(d => d.IsError);
        diagnostics.Should().Contain(d => d.Code == "TJ2003" && d.Path == "code" && d.Severity == DiagnosticSeverity.Info);
        _arm.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task A_missing_local_code_folder_fails_before_any_request()
    {
        var submit = () => Client().SubmitAsync(Definition() with { Code = Path.Combine(_folder, "nowhere") });

        var thrown = await submit.Should().ThrowAsync<JobValidationException>();
        thrown.Which.Diagnostics.Should().Contain(d => d.Code == "TJ4004" && d.Path == "code" && d.IsError && d.Message.Contains("nowhere"));
        _arm.Requests.Should().BeEmpty();

        var relative = await Client().ValidateAsync(Definition() with { Code = "src" }, new SubmitOptions { BaseDirectory = _folder });
        relative.Should().Contain(d => d.Code == "TJ4004", "src is looked for in the base directory, where it is not yet");
        CodeFolder();
        (await Client().ValidateAsync(Definition() with { Code = "src" }, new SubmitOptions { BaseDirectory = _folder })).Should().NotContain(d => d.IsError);
    }

    [Test]
    public async Task Local_inputs_go_to_the_default_datastore_once_and_the_job_reads_them_from_there()
    {
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "a.csv"), "1,2\n");
        var file = Path.Combine(_folder, "labels.txt");
        File.WriteAllText(file, "cat\n");
        var definition = Definition() with
        {
            Inputs = ValueMap.Of<JobInput>(
                ("training", new AssetInput { Type = AssetType.UriFolder, Path = data }),
                ("labels", new AssetInput { Type = AssetType.UriFile, Path = file })),
        };

        await Client().SubmitAsync(definition);

        var inputs = JobBody()["properties"]!["inputs"]!;
        var folderUri = inputs["training"]!["uri"]!.GetValue<string>();
        var fileUri = inputs["labels"]!["uri"]!.GetValue<string>();
        folderUri.Should().MatchRegex("^azureml://datastores/workspaceblobstore/paths/LocalUpload/[0-9a-f]{32}/data$");
        fileUri.Should().MatchRegex("^azureml://datastores/workspaceblobstore/paths/LocalUpload/[0-9a-f]{32}/labels.txt$");
        var folderPath = "/devstoreaccount1/datastore-container/" + folderUri["azureml://datastores/workspaceblobstore/paths/".Length..];
        var filePath = "/devstoreaccount1/datastore-container/" + fileUri["azureml://datastores/workspaceblobstore/paths/".Length..];
        _blobs[folderPath + "/a.csv"].Should().Be("1,2\n");
        _blobs[filePath].Should().Be("cat\n");
        BlobPuts().Should().OnlyContain(r => r.Authorization != null && r.Authorization.StartsWith("SharedKey devstoreaccount1:", StringComparison.Ordinal));
        Requests("POST", "/datastores/workspaceblobstore/listSecrets").Should().ContainSingle("the key is asked for once per submit");

        while (_arm.Requests.TryDequeue(out _)) { }
        await Client().SubmitAsync(definition with { Name = "job-2" });

        BlobPuts().Should().BeEmpty("both inputs are already in the datastore");
        _arm.Requests.Where(r => r.Method == "HEAD").Should().HaveCount(2, "one existence check per input");
        JobBody()["properties"]!["inputs"]!["training"]!["uri"]!.GetValue<string>().Should().Be(folderUri);
    }

    [Test]
    public async Task Latest_of_environments_and_data_is_looked_up_once_each_and_pinned_forms_cost_nothing()
    {
        var definition = Definition() with
        {
            Environment = new EnvironmentReference("azureml:sklearn@latest"),
            Inputs = ValueMap.Of<JobInput>(
                ("mnist", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:mnist@latest" }),
                ("pinned", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:mnist:1" }),
                ("registry", new AssetInput { Type = AssetType.UriFolder, Path = "azureml://registries/azureml/data/mnist/versions/1" })),
        };

        var diagnostics = await Client().ValidateAsync(definition);
        diagnostics.Should().NotContain(d => d.IsError);
        await Client().SubmitAsync(definition);

        _arm.Requests.Where(r => r.Method == "GET").Select(r => r.PathAndQuery).Should().BeEquivalentTo(
            $"{WorkspacePath}/environments/sklearn/versions?api-version=2025-12-01&$orderBy=createdtime%20desc&$top=1",
            $"{WorkspacePath}/data/mnist/versions?api-version=2025-12-01&$orderBy=createdtime%20desc&$top=1");
        var properties = JobBody()["properties"]!;
        properties["environmentId"]!.GetValue<string>().Should().Be($"{WorkspacePath}/environments/sklearn/versions/7");
        properties["inputs"]!["mnist"]!["uri"]!.GetValue<string>().Should().Be($"{WorkspacePath}/data/mnist/versions/3");
        properties["inputs"]!["registry"]!["uri"]!.GetValue<string>().Should().Be("azureml://registries/azureml/data/mnist/versions/1");
    }

    [Test]
    public async Task A_registry_reference_by_label_is_sent_as_written_at_no_request()
    {
        const string registryEnvironment = "azureml://registries/azureml/environments/sklearn-1.5/labels/latest";
        var definition = Definition() with { Environment = new EnvironmentReference(registryEnvironment) };

        var diagnostics = await Client().ValidateAsync(definition);
        diagnostics.Should().NotContain(d => d.IsError, "the service resolves registry references");
        await Client().SubmitAsync(definition);

        _arm.Requests.Select(r => r.Method).Should().Equal(["PUT"], "the job PUT alone: no look-up");
        JobBody()["properties"]!["environmentId"]!.GetValue<string>().Should().Be(registryEnvironment);
    }

    [Test]
    public async Task Latest_of_an_asset_without_versions_is_a_404_and_no_job_is_created()
    {
        var submit = () => Client().SubmitAsync(Definition() with { Environment = new EnvironmentReference("azureml:unknown@latest") });

        var thrown = await submit.Should().ThrowAsync<RequestFailedException>();
        thrown.Which.Status.Should().Be(404);
        thrown.Which.Message.Should().Contain("unknown");
        Requests("PUT", "/jobs/").Should().BeEmpty();
    }

    [TestCase("azureml:cpu")]
    [TestCase("cpu")]
    public async Task A_compute_named_by_name_is_checked_with_one_GET(string compute)
    {
        await Client().SubmitAsync(Definition() with { Compute = compute });

        _arm.Requests.Where(r => r.Method == "GET").Select(r => r.PathAndQuery).Should().Equal($"{WorkspacePath}/computes/cpu?api-version=2025-12-01");
        JobBody()["properties"]!["computeId"]!.GetValue<string>().Should().Be($"{WorkspacePath}/computes/cpu");
    }

    [Test]
    public async Task A_pinned_submit_is_one_request_and_an_unknown_compute_is_a_404_with_the_ARM_code()
    {
        await Client().SubmitAsync(Definition());
        _arm.Requests.Should().ContainSingle().Which.Method.Should().Be("PUT");

        var submit = () => Client().SubmitAsync(Definition("job-2") with { Compute = "azureml:gpu" });
        var thrown = await submit.Should().ThrowAsync<RequestFailedException>();
        thrown.Which.Status.Should().Be(404);
        thrown.Which.ErrorCode.Should().Be("ResourceNotFound");
        Requests("PUT", "/jobs/job-2").Should().BeEmpty();
    }

    [Test]
    public async Task A_code_folder_in_a_git_work_tree_adds_the_lineage_properties_without_credentials()
    {
        var code = CodeFolder();
        Git(code, "init", "-q", "-b", "feature/x");
        Git(code, "remote", "add", "origin", "https://user:secret-token@example.com/org/repo.git");
        Git(code, "add", ".");
        Git(code, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");
        var commit = Git(code, "rev-parse", "HEAD");
        File.WriteAllText(Path.Combine(code, "train.py"), "print('dirty')\n");

        await Client().SubmitAsync(Definition() with { Code = code, Properties = ValueMap<string>.From([new("mlflow.source.git.branch", "mine")]) });

        var properties = JobBody()["properties"]!["properties"]!;
        properties["mlflow.source.git.repoURL"]!.GetValue<string>().Should().Be("https://example.com/org/repo.git");
        properties["mlflow.source.git.commit"]!.GetValue<string>().Should().Be(commit);
        properties["azureml.git.dirty"]!.GetValue<string>().Should().Be("True");
        properties["mlflow.source.git.branch"]!.GetValue<string>().Should().Be("mine", "a property the job sets itself wins");
        JobBody().ToJsonString().Should().NotContain("secret-token");
    }

    [Test]
    public async Task Outside_a_git_work_tree_no_lineage_is_added()
    {
        var code = CodeFolder();

        await Client().SubmitAsync(Definition() with { Code = code });

        (JobBody()["properties"]!["properties"] as JsonObject ?? []).Select(p => p.Key).Should().NotContain(k => k.StartsWith("mlflow.source.git", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_Studio_URL_is_the_services_one_when_given_else_built_as_azure_ai_ml_does()
    {
        var withService = await Client().SubmitAsync(Definition("with-studio"));
        withService.StudioUrl.Should().Be(new Uri("https://ml.azure.com/runs/with-studio?wsid=from-service"));

        _studioInResponse = false;
        var built = await Client().SubmitAsync(Definition("no-studio"));
        built.StudioUrl.Should().Be(new Uri($"https://ml.azure.com/runs/no-studio?wsid=/subscriptions/{Subscription}/resourcegroups/rg-1/workspaces/ws-1"));
    }

    [Test]
    public async Task DeleteAsync_deletes_the_job_and_waits_for_the_operation()
    {
        await Client().DeleteAsync("job-1");

        _arm.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").Should().Equal($"DELETE {WorkspacePath}/jobs/job-1?api-version=2025-12-01");
        var missing = () => Client().DeleteAsync("gone");
        (await missing.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(404);
    }

    private bool _studioInResponse = true;

    private static string Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, process.StandardError.ReadToEnd());
        return output.Trim();
    }

    private static async Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task NotFound(HttpContext context, string what) =>
        Json(context, 404, new JsonObject { ["error"] = new JsonObject { ["code"] = "ResourceNotFound", ["message"] = $"{what} was not found." } });

    /// <summary>The ARM and Blob storage operations a submit uses, with the 2025-12-01 shapes.</summary>
    private async Task Handle(HttpContext context, RecordedRequest request)
    {
        var path = context.Request.Path.Value!;
        var method = request.Method;
        if (path.StartsWith("/devstoreaccount1/", StringComparison.Ordinal))
        {
            if (method == "PUT")
            {
                _blobs[path] = request.Body;
                context.Response.StatusCode = 201;
                context.Response.Headers.ETag = "\"0x1\"";
                context.Response.Headers.LastModified = DateTimeOffset.UtcNow.ToString("R");
                return;
            }
            context.Response.StatusCode = _blobs.ContainsKey(path) ? 200 : 404;
            if (context.Response.StatusCode == 404) context.Response.Headers["x-ms-error-code"] = "BlobNotFound";
            return;
        }
        if (!path.StartsWith(WorkspacePath, StringComparison.Ordinal))
        {
            await NotFound(context, path);
            return;
        }
        var rest = path[WorkspacePath.Length..];
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments)
        {
            case ["jobs", var job] when method == "PUT":
                var body = JsonNode.Parse(request.Body)!.AsObject();
                var properties = body["properties"]!.AsObject();
                properties["status"] = "Starting";
                if (_studioInResponse)
                {
                    properties["services"] = new JsonObject { ["Studio"] = new JsonObject { ["jobServiceType"] = "Studio", ["endpoint"] = $"https://ml.azure.com/runs/{job}?wsid=from-service" } };
                }
                await Json(context, 201, new JsonObject { ["id"] = WorkspacePath + "/jobs/" + job, ["name"] = job, ["properties"] = properties.DeepClone() });
                return;
            case ["jobs", var job] when method == "DELETE":
                if (job == "gone") await NotFound(context, job);
                else context.Response.StatusCode = 200;
                return;
            case ["codes", var name, "versions", var version] when method == "GET":
                if (_codeVersions.TryGetValue($"{name}/{version}", out var existing)) await Json(context, 200, existing.DeepClone());
                else await NotFound(context, $"Code version {name}:{version}");
                return;
            case ["codes", var name, "versions", _, "startPendingUpload"] when method == "POST":
                var blobUri = new Uri(_arm.Endpoint, $"devstoreaccount1/code-{name}/snapshot").AbsoluteUri;
                await Json(context, 200, new JsonObject
                {
                    ["pendingUploadId"] = JsonNode.Parse(request.Body)!["pendingUploadId"]!.GetValue<string>(),
                    ["pendingUploadType"] = "TemporaryBlobReference",
                    ["blobReferenceForConsumption"] = new JsonObject
                    {
                        ["blobUri"] = blobUri,
                        ["storageAccountArmId"] = $"/subscriptions/{Subscription}/resourceGroups/rg-1/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
                        ["credential"] = new JsonObject { ["credentialType"] = "SAS", ["sasUri"] = blobUri + "?sv=2024-08-04&sr=c&sp=rcwl&sig=test-signature" },
                    },
                });
                return;
            case ["codes", var name, "versions", var version] when method == "PUT":
                var resource = new JsonObject { ["id"] = path, ["name"] = version, ["properties"] = JsonNode.Parse(request.Body)!["properties"]!.DeepClone() };
                _codeVersions[$"{name}/{version}"] = resource;
                await Json(context, 200, resource.DeepClone());
                return;
            case [var collection, var name, "versions"] when method == "GET":
                if (!_versions.TryGetValue($"{collection}/{name}", out var versions))
                {
                    await NotFound(context, $"{collection} {name}");
                    return;
                }
                var top = int.Parse(context.Request.Query["$top"].ToString() is { Length: > 0 } t ? t : "100", System.Globalization.CultureInfo.InvariantCulture);
                await Json(context, 200, new JsonObject { ["value"] = new JsonArray(versions.Take(top).Select(v => (JsonNode)new JsonObject { ["name"] = v }).ToArray()) });
                return;
            case ["computes", var name] when method == "GET":
                if (_computes.Contains(name)) await Json(context, 200, new JsonObject { ["id"] = path, ["name"] = name, ["properties"] = new JsonObject { ["computeType"] = "AmlCompute" } });
                else await NotFound(context, $"Compute {name}");
                return;
            case ["datastores", "workspaceblobstore"] when method == "GET":
                await Json(context, 200, new JsonObject
                {
                    ["id"] = path,
                    ["name"] = "workspaceblobstore",
                    ["properties"] = new JsonObject
                    {
                        ["datastoreType"] = "AzureBlob", ["accountName"] = "devstoreaccount1", ["containerName"] = "datastore-container",
                        ["endpoint"] = "core.windows.net", ["protocol"] = "https", ["isDefault"] = true,
                    },
                });
                return;
            case ["datastores", "workspaceblobstore", "listSecrets"] when method == "POST":
                await Json(context, 200, new JsonObject { ["secretsType"] = "AccountKey", ["key"] = AccountKey });
                return;
            default:
                await NotFound(context, rest);
                return;
        }
    }
}
