using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Microsoft.AspNetCore.Http;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Backend;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.AzureML.Backend;

/// <summary>
/// The Azure ML backend over real HTTPS on loopback: an in-test ARM responder (Kestrel, self-signed certificate pinned
/// through <see cref="AzureMLWorkspaceOptions.ServerCertificate"/>) and a static token credential.
/// </summary>
public sealed class AzureMLBackendTests
{
    private const string Subscription = "00000000-1111-2222-3333-444444444444";
    private const string WorkspacePath = $"/subscriptions/{Subscription}/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1";
    private static readonly AzureMLWorkspaceScope Scope = new(Subscription, "rg-1", "ws-1");

    private ArmResponder _arm = null!;
    private StaticTokenCredential _credential = null!;
    private TimerAwareTimeProvider _time = null!;
    private System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> _arrivals = null!;

    [SetUp]
    public async Task SetUp()
    {
        _arm = await ArmResponder.StartAsync();
        _credential = new StaticTokenCredential();
        _time = new TimerAwareTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _arrivals = new();
        // When each request arrived on the fake clock, so tests can check the waits the code under test made.
        var time = _time;
        var arrivals = _arrivals;
        _arm.OnRequest = () => arrivals.Enqueue(time.GetUtcNow());
    }

    [TearDown]
    public async Task TearDown() => await _arm.DisposeAsync();

    private AzureMLWorkspaceOptions Options(X509Certificate2? pin = null) => new()
    {
        SubscriptionId = Subscription,
        ResourceGroupName = "rg-1",
        WorkspaceName = "ws-1",
        Credential = _credential,
        ArmEndpoint = _arm.Endpoint,
        ServerCertificate = pin ?? _arm.Certificate,
        TimeProvider = _time,
    };

    private TrainingJobsClient Client(AzureMLWorkspaceOptions? options = null, int maxRetries = 3, Action<TrainingJobsClientOptions>? configure = null)
    {
        var clientOptions = new TrainingJobsClientOptions();
        configure?.Invoke(clientOptions);
        clientOptions.Retry.MaxRetries = maxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(1);
        clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        return new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(options ?? Options()), clientOptions);
    }

    private static CommandJob Definition(string name = "job-1") => new()
    {
        Name = name,
        Command = "python train.py",
        Environment = new EnvironmentReference("azureml:sklearn:3"),
        // Pinned (an ARM id), so a submit is the job PUT alone; compute names cost a GET (AzureMLSubmitAssetsTests).
        Compute = WorkspacePath + "/computes/cpu",
        Tags = ValueMap<string>.From([new("team", "vision")]),
    };

    /// <summary>A job resource as ARM returns it: the PUT body plus id, name, status and system data.</summary>
    private static JsonObject Resource(CommandJob definition, string status, bool archived = false)
    {
        var body = JobRestMapper.ToRest(definition, new RestMappingSession(Scope)).Body;
        var properties = body["properties"]!.AsObject();
        properties["status"] = status;
        if (archived) properties["isArchived"] = true;
        return new JsonObject
        {
            ["id"] = Scope.JobId(definition.Name!),
            ["name"] = definition.Name,
            ["type"] = "Microsoft.MachineLearningServices/workspaces/jobs",
            ["properties"] = properties.DeepClone(),
            ["systemData"] = new JsonObject { ["createdAt"] = "2026-01-01T00:00:00Z" },
        };
    }

    private static async Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static JsonObject ArmError(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    [Test]
    public async Task Submit_PUTs_the_REST_faces_body_to_the_job_url_with_the_api_version_and_a_bearer_token()
    {
        var definition = Definition();
        _arm.Handler = (c, r) => Json(c, 201, Resource(definition, "Starting"));

        var job = await Client().SubmitAsync(definition);

        var request = _arm.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("PUT");
        request.PathAndQuery.Should().Be($"{WorkspacePath}/jobs/job-1?api-version=2025-12-01");
        request.Authorization.Should().Be("Bearer test-token");
        JsonNode.DeepEquals(JsonNode.Parse(request.Body), JobRestMapper.ToRest(definition, new RestMappingSession(Scope)).Body).Should().BeTrue(request.Body);
        _credential.Scopes.Should().OnlyContain(s => s == $"https://127.0.0.1:{_arm.Endpoint.Port}/.default").And.NotBeEmpty();
        job.Name.Should().Be("job-1");
        job.Status.Should().Be(JobStatus.Starting);
        job.Tags.Should().Contain("team", "vision");
        job.CreatedOn.Should().Be(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task The_Studio_link_the_service_returns_is_in_the_jobs_services()
    {
        var resource = Resource(Definition(), "Running");
        resource["properties"]!["services"] = new JsonObject
        {
            ["Studio"] = new JsonObject { ["jobServiceType"] = "Studio", ["endpoint"] = "https://ml.azure.com/runs/job-1?wsid=x" },
        };
        _arm.Handler = (c, r) => Json(c, 200, resource);

        var job = await Client().GetAsync("job-1");

        job.Definition.Services["Studio"].Endpoint.Should().Be("https://ml.azure.com/runs/job-1?wsid=x");
    }

    [Test]
    public void The_ARM_token_scope_is_the_endpoints_origin_dot_default()
    {
        TrainingJobs.Sdk.AzureML.Arm.ArmPipeline.ScopeFor(new Uri("https://management.azure.com/")).Should().Be("https://management.azure.com/.default");
        TrainingJobs.Sdk.AzureML.Arm.ArmPipeline.ScopeFor(new Uri("https://management.usgovcloudapi.net")).Should().Be("https://management.usgovcloudapi.net/.default");
    }

    [Test]
    public async Task List_follows_nextLink_across_pages_and_sends_listViewType_and_tag()
    {
        var page2 = new Uri(_arm.Endpoint, $"{WorkspacePath}/jobs?api-version=2025-12-01&$skip=2").ToString();
        _arm.Handler = (c, r) => c.Request.Query.ContainsKey("$skip")
            ? Json(c, 200, new JsonObject { ["value"] = new JsonArray(Resource(Definition("c"), "Completed", archived: true)) })
            : Json(c, 200, new JsonObject { ["value"] = new JsonArray(Resource(Definition("a"), "Running"), Resource(Definition("b"), "Failed")), ["nextLink"] = page2 });

        var jobs = new List<TrainingJobs.Sdk.Jobs.Job>();
        await foreach (var job in Client().GetJobsAsync(new JobQuery { Archived = ArchiveFilter.All, Tags = new Dictionary<string, string?> { ["team"] = null } })) jobs.Add(job);

        jobs.Select(j => (j.Name, j.Status.ToString(), j.IsArchived)).Should().Equal(("a", "Running", false), ("b", "Failed", false), ("c", "Completed", true));
        _arm.Requests.Select(r => r.PathAndQuery).Should().Equal(
            $"{WorkspacePath}/jobs?api-version=2025-12-01&listViewType=All&tag=team",
            $"{WorkspacePath}/jobs?api-version=2025-12-01&$skip=2");
    }

    [Test]
    public async Task Logs_never_hold_the_token_or_a_SAS_signature_even_when_a_caller_allow_lists_them()
    {
        var page2 = new Uri(_arm.Endpoint, $"{WorkspacePath}/jobs?api-version=2025-12-01&$skip=1&sig=SECRET-SIGNATURE").ToString();
        _arm.Handler = (c, r) => c.Request.Query.ContainsKey("$skip")
            ? Json(c, 200, new JsonObject { ["value"] = new JsonArray() })
            : Json(c, 200, new JsonObject { ["value"] = new JsonArray(), ["nextLink"] = page2 });
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new Azure.Core.Diagnostics.AzureEventSourceListener((_, message) => logs.Enqueue(message), System.Diagnostics.Tracing.EventLevel.Verbose);
        var client = Client(configure: o =>
        {
            o.Diagnostics.LoggedQueryParameters.Add("sig");
            o.Diagnostics.LoggedHeaderNames.Add("Authorization");
        });

        await foreach (var _ in client.GetJobsAsync()) { }

        _arm.Requests.Should().HaveCount(2);
        var ours = logs.Where(l => l.Contains($"127.0.0.1:{_arm.Endpoint.Port}", StringComparison.Ordinal)).ToList();
        ours.Should().Contain(l => l.Contains("sig=REDACTED", StringComparison.Ordinal), "the request to the next link is logged, its signature redacted");
        logs.Should().NotContain(l => l.Contains("SECRET-SIGNATURE", StringComparison.Ordinal) || l.Contains("test-token", StringComparison.Ordinal));
    }

    [Test]
    public async Task List_maps_the_archive_filter_and_stops_at_MaxResults()
    {
        _arm.Handler = (c, r) => Json(c, 200, new JsonObject { ["value"] = new JsonArray(Resource(Definition("a"), "Running"), Resource(Definition("b"), "Running")) });

        var jobs = new List<TrainingJobs.Sdk.Jobs.Job>();
        await foreach (var job in Client().GetJobsAsync(new JobQuery { Archived = ArchiveFilter.ArchivedOnly, MaxResults = 1 })) jobs.Add(job);

        jobs.Should().ContainSingle().Which.Name.Should().Be("a");
        _arm.Requests.Single().PathAndQuery.Should().EndWith("listViewType=ArchivedOnly");
    }

    [Test]
    public async Task Cancel_polls_the_Location_after_Retry_After_on_the_clock_then_returns_the_canceled_job()
    {
        var definition = Definition();
        var operation = new Uri(_arm.Endpoint, "/operations/op-1").ToString();
        var polls = 0;
        _arm.Handler = (c, r) =>
        {
            if (r.Method == "POST")
            {
                c.Response.StatusCode = 202;
                c.Response.Headers.Location = operation;
                c.Response.Headers.RetryAfter = "15";
                return Task.CompletedTask;
            }
            if (r.PathAndQuery.StartsWith("/operations/", StringComparison.Ordinal))
            {
                c.Response.StatusCode = ++polls == 1 ? 202 : 200;
                if (polls == 1) c.Response.Headers.RetryAfter = "20";
                return Task.CompletedTask;
            }
            return Json(c, 200, Resource(definition, "Canceled"));
        };

        var job = await Drive(Client().CancelAsync("job-1"));

        var times = _arrivals.ToArray();
        (times[1] - times[0]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(15), "the first poll waits the 202's Retry-After");
        (times[2] - times[1]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(20), "the second poll waits the poll's Retry-After");
        (times[1] - times[0]).Should().BeLessThan(TimeSpan.FromSeconds(17), "not much longer either");
        job.Status.Should().Be(JobStatus.Canceled);
        _arm.Requests.Select(r => r.Method + " " + r.PathAndQuery).Should().Equal(
            $"POST {WorkspacePath}/jobs/job-1/cancel?api-version=2025-12-01",
            "GET /operations/op-1",
            "GET /operations/op-1",
            $"GET {WorkspacePath}/jobs/job-1?api-version=2025-12-01");
    }

    [Test]
    public async Task Cancel_without_waiting_does_not_poll()
    {
        _arm.Handler = (c, r) =>
        {
            if (r.Method == "POST")
            {
                c.Response.StatusCode = 202;
                c.Response.Headers.Location = new Uri(_arm.Endpoint, "/operations/op-1").ToString();
                return Task.CompletedTask;
            }
            return Json(c, 200, Resource(Definition(), "CancelRequested"));
        };

        var job = await Client().CancelAsync("job-1", new CancelOptions { WaitForCompletion = false });

        job.Status.Should().Be(JobStatus.CancelRequested);
        _arm.Requests.Should().NotContain(r => r.PathAndQuery.StartsWith("/operations/", StringComparison.Ordinal));
    }

    [Test]
    public async Task Delete_is_an_LRO_polled_on_Azure_AsyncOperation_until_Succeeded()
    {
        var status = new Uri(_arm.Endpoint, "/asyncops/1").ToString();
        _arm.Handler = (c, r) =>
        {
            if (r.Method == "DELETE")
            {
                c.Response.StatusCode = 202;
                c.Response.Headers["Azure-AsyncOperation"] = status;
                c.Response.Headers.RetryAfter = "10";
                return Task.CompletedTask;
            }
            return Json(c, 200, new JsonObject { ["status"] = "Succeeded" });
        };
        var backend = new AzureMLJobBackend(Options(), new TrainingJobsClientOptions());

        await Drive(Completed(backend.Operations.DeleteAsync("job-1", waitForOperation: true, CancellationToken.None)));

        (_arrivals.ToArray()[1] - _arrivals.ToArray()[0]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10));
        _arm.Requests.Select(r => r.Method + " " + r.PathAndQuery).Should().Equal($"DELETE {WorkspacePath}/jobs/job-1?api-version=2025-12-01", "GET /asyncops/1");
    }

    [Test]
    public async Task A_404_and_a_401_become_RequestFailedException_with_the_ARM_code_and_the_401_names_the_credential()
    {
        _arm.Handler = (c, r) => Json(c, 404, ArmError("ResourceNotFound", "The job 'nope' was not found."));
        var notFound = async () => await Client().GetAsync("nope");
        var e404 = (await notFound.Should().ThrowAsync<RequestFailedException>()).Which;
        e404.Status.Should().Be(404);
        e404.ErrorCode.Should().Be("ResourceNotFound");
        e404.Should().BeOfType<ArmRequestFailedException>().Which.Error!.Message.Should().Be("The job 'nope' was not found.");

        _arm.Handler = (c, r) => Json(c, 401, ArmError("AuthenticationFailed", "The access token is invalid."));
        var unauthorized = async () => await Client().GetAsync("job-1");
        var e401 = (await unauthorized.Should().ThrowAsync<RequestFailedException>()).Which;
        e401.Status.Should().Be(401);
        e401.ErrorCode.Should().Be("AuthenticationFailed");
        e401.Message.Should().Contain(nameof(StaticTokenCredential));

        _arm.Handler = (c, r) => Json(c, 403, ArmError("AuthorizationFailed", "No access."));
        var forbidden = async () => await Client().SubmitAsync(Definition());
        var e403 = (await forbidden.Should().ThrowAsync<RequestFailedException>()).Which;
        e403.ErrorCode.Should().Be("AuthorizationFailed");
        e403.Message.Should().Contain(nameof(StaticTokenCredential)).And.Contain("AzureML Data Scientist");
    }

    [Test]
    public async Task A_429_with_Retry_After_is_retried_by_the_pipeline()
    {
        var calls = 0;
        _arm.Handler = (c, r) =>
        {
            if (++calls == 1)
            {
                c.Response.Headers.RetryAfter = "0";
                return Json(c, 429, ArmError("TooManyRequests", "Slow down."));
            }
            return Json(c, 200, Resource(Definition(), "Running"));
        };

        var job = await Client().GetAsync("job-1");

        job.Status.Should().Be(JobStatus.Running);
        _arm.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task The_pin_refuses_a_server_certificate_other_than_the_pinned_one()
    {
        _arm.Handler = (c, r) => Json(c, 200, Resource(Definition(), "Running"));
        using var other = ArmResponder.SelfSigned("CN=someone-else");
        var pinnedToOther = Client(Options(X509CertificateLoader.LoadCertificate(other.RawData)), maxRetries: 0);

        var call = async () => await pinnedToOther.GetAsync("job-1");

        await call.Should().ThrowAsync<RequestFailedException>();
        _arm.Requests.Should().BeEmpty("the TLS handshake fails before any request is sent");
        (await Client().GetAsync("job-1")).Status.Should().Be(JobStatus.Running, "the right pin is accepted");
    }

    [Test]
    public async Task Archive_and_restore_PUT_the_job_back_with_isArchived_and_without_read_only_fields()
    {
        var definition = Definition();
        _arm.Handler = (c, r) => r.Method == "GET"
            ? Json(c, 200, Resource(definition, "Completed"))
            : Json(c, 200, Resource(definition, "Completed", archived: true));

        var job = await Client().ArchiveAsync("job-1");

        job.IsArchived.Should().BeTrue();
        var put = _arm.Requests.Where(r => r.Method == "PUT").Should().ContainSingle().Subject;
        put.PathAndQuery.Should().Be($"{WorkspacePath}/jobs/job-1?api-version=2025-12-01");
        var properties = JsonNode.Parse(put.Body)!["properties"]!.AsObject();
        properties["isArchived"]!.GetValue<bool>().Should().BeTrue();
        properties.ContainsKey("status").Should().BeFalse("status is read-only");
        properties["command"]!.GetValue<string>().Should().Be("python train.py");

        await Client().RestoreAsync("job-1");
        JsonNode.Parse(_arm.Requests.Last(r => r.Method == "PUT").Body)!["properties"]!["isArchived"]!.GetValue<bool>().Should().BeFalse();
    }

    [Test]
    public async Task UpdateTags_sets_and_removes_tags_in_the_PUT_body()
    {
        var definition = Definition() with { Tags = ValueMap<string>.From([new("team", "vision"), new("old", "x")]) };
        _arm.Handler = (c, r) => Json(c, 200, Resource(definition, "Running"));

        await Client().UpdateTagsAsync("job-1", new Dictionary<string, string?> { ["stage"] = "prod", ["old"] = null });

        var tags = JsonNode.Parse(_arm.Requests.Single(r => r.Method == "PUT").Body)!["properties"]!["tags"]!.AsObject();
        tags.Select(t => (t.Key, t.Value!.GetValue<string>())).Should().BeEquivalentTo([("team", "vision"), ("stage", "prod")]);
    }

    [Test]
    public async Task WaitForCompletion_polls_on_the_adaptive_schedule_until_terminal()
    {
        var gets = 0;
        _arm.Handler = (c, r) => Json(c, 200, Resource(Definition(), ++gets < 3 ? "Running" : "Completed"));

        var job = await Drive(Client().WaitForCompletionAsync("job-1"));

        _arm.Requests.Should().HaveCount(3);
        var times = _arrivals.ToArray();
        (times[1] - times[0]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2)).And.BeLessThan(TimeSpan.FromSeconds(4));
        job.Status.Should().Be(JobStatus.Completed);
        AzureMLJobBackend.PollInterval(TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(2));
        AzureMLJobBackend.PollInterval(TimeSpan.FromMinutes(10)).Should().Be(TimeSpan.FromSeconds(59), "the curve approaches 60 s; azure-ai-ml truncates to whole seconds");
    }

    [Test]
    public async Task Inline_environments_and_labels_other_than_latest_are_refused_with_TJ5xxx_before_any_request()
    {
        var local = Definition() with { Environment = new InlineEnvironment { Image = "python:3.12" }, Code = "azureml:src@prod" };

        var diagnostics = await Client().ValidateAsync(local);

        diagnostics.Should().Contain(d => d.Code == AzureMLDiagnosticCodes.NeedsUpload && d.IsError && d.Path == "environment");
        diagnostics.Should().Contain(d => d.Code == AzureMLDiagnosticCodes.NeedsLookup && d.IsError && d.Path == "code");
        foreach (var d in diagnostics) DiagnosticCatalog.Find(d.Code).Should().NotBeNull().And.Match<DiagnosticCatalogEntry>(e => e.Severity == d.Severity);
        var submit = async () => await Client().SubmitAsync(local);
        await submit.Should().ThrowAsync<JobValidationException>();
        _arm.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task An_optional_input_without_a_path_is_refused_before_any_request_as_the_payload_needs_one()
    {
        // The validator accepts it (a component may declare one), but a job's REST input must carry a uri: found by the
        // swagger check of the request log, where such a job was once sent.
        var job = Definition() with
        {
            Inputs = ValueMap.From([new KeyValuePair<string, JobInput>("raw_data", new AssetInput { Type = AssetType.UriFolder, Optional = true })]),
        };

        var diagnostics = await Client().ValidateAsync(job);

        diagnostics.Should().Contain(d => d.Code == "TJ0001" && d.IsError && d.Path == "inputs.raw_data.path");
        await Client().Awaiting(c => c.SubmitAsync(job)).Should().ThrowAsync<JobValidationException>();
        _arm.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Record_of_a_job_that_does_not_exist_is_the_services_404()
    {
        // A record of an existing job is tested against the emulator (AzureRecordAgainstEmulatorTests).
        _arm.Handler = (c, r) => Json(c, 404, ArmError("ResourceNotFound", "The job 'nope' was not found."));

        var missing = await Client().Awaiting(c => c.GetRecordAsync("nope")).Should().ThrowAsync<RequestFailedException>();

        missing.Which.ErrorCode.Should().Be("ResourceNotFound");
    }

    [TestCase("not-a-guid", "rg", "ws", "SubscriptionId")]
    [TestCase(Subscription, "rg/..", "ws", "ResourceGroupName")]
    [TestCase(Subscription, "rg", "w", "WorkspaceName")]
    [TestCase(Subscription, "rg", null, "WorkspaceName")]
    public void Invalid_workspace_settings_are_refused_when_the_workspace_is_described(string? subscription, string? group, string? workspace, string parameter)
    {
        var describe = () => new AzureMLTrainingJobsWorkspace(new AzureMLWorkspaceOptions { SubscriptionId = subscription, ResourceGroupName = group, WorkspaceName = workspace });

        describe.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(parameter);
    }

    [Test]
    public void A_plain_http_endpoint_is_refused()
    {
        var describe = () => new AzureMLTrainingJobsWorkspace(new AzureMLWorkspaceOptions
        {
            SubscriptionId = Subscription, ResourceGroupName = "rg", WorkspaceName = "ws-1", ArmEndpoint = new Uri("http://127.0.0.1:1/"),
        });

        describe.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("ArmEndpoint");
    }

    private static async Task<bool> Completed(Task task)
    {
        await task;
        return true;
    }

    /// <summary>
    /// Runs a task that waits on the fake clock: whenever the code under test waits on a timer, moves the clock exactly to
    /// it; while it is in a loopback HTTP exchange (no timer pending), the clock stands still. Bounded in real time.
    /// </summary>
    private async Task<T> Drive<T>(Task<T> task)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out driving the fake clock");
            await Task.Delay(5);
            if (_time.NextDue() is { } due) _time.Advance(due);
        }
        return await task;
    }
}
