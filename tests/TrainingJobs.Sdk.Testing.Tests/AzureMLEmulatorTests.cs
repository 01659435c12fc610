using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

public class AzureMLEmulatorTests
{
    private static async Task<(AzureMLEmulator Emulator, EmulatorClient Client)> StartAsync(AzureMLEmulatorOptions? options = null, bool authenticate = true)
    {
        // The protocol alone: jobs stay NotStarted until canceled (EmulatorJobRunTests cover running them).
        options ??= new AzureMLEmulatorOptions();
        options.RunJobs = false;
        options.BlobEndpoint ??= SharedAzurite.Endpoint;
        var emulator = await AzureMLEmulator.StartAsync(options);
        var client = new EmulatorClient(emulator);
        if (authenticate)
        {
            await client.AuthenticateAsync();
        }
        return (emulator, client);
    }

    private static string Code(JsonNode? body) => body!["error"]!["code"]!.GetValue<string>();

    [Test]
    public async Task An_ARM_call_without_a_token_is_401_AuthenticationFailed_and_with_a_token_it_did_not_issue_InvalidAuthenticationToken()
    {
        var (emulator, client) = await StartAsync(authenticate: false);
        await using var _ = emulator;
        using var __ = client;

        var (missing, missingBody) = await client.SendAsync(HttpMethod.Get, client.Url(""));
        missing.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Code(missingBody).Should().Be("AuthenticationFailed");

        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "made-up");
        var (invalid, invalidBody) = await client.SendAsync(HttpMethod.Get, client.Url(""));
        invalid.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Code(invalidBody).Should().Be("InvalidAuthenticationToken");

        await client.AuthenticateAsync();
        var (ok, _) = await client.SendAsync(HttpMethod.Get, client.Url(""));
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task The_token_endpoint_refuses_a_missing_or_wrong_identity_header()
    {
        var (emulator, client) = await StartAsync(authenticate: false);
        await using var _ = emulator;
        using var __ = client;
        var url = $"{emulator.IdentityEndpoint}?api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com";

        using var missing = await client.Http.GetAsync(url);
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-IDENTITY-HEADER", "wrong");
        using var wrong = await client.Http.SendAsync(request);
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        emulator.IdentityEndpoint.Scheme.Should().Be("http");
        emulator.IdentityEndpoint.Host.Should().Be("127.0.0.1");
    }

    [Test]
    public async Task Workspaces_Get_returns_the_discovery_url_the_mlflow_tracking_uri_and_the_storage_account()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { WorkspaceName = "my-ws", ResourceGroupName = "my-rg" });
        await using var _ = emulator;
        using var __ = client;

        var (response, body) = await client.SendAsync(HttpMethod.Get, client.Url(""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["name"]!.GetValue<string>().Should().Be("my-ws");
        body["type"]!.GetValue<string>().Should().Be("Microsoft.MachineLearningServices/workspaces");
        body["id"]!.GetValue<string>().Should().Be("/" + client.Workspace);
        var properties = body["properties"]!;
        properties["discoveryUrl"]!.GetValue<string>().Should().StartWith(emulator.ArmEndpoint.AbsoluteUri);
        properties["mlFlowTrackingUri"]!.GetValue<string>().Should().StartWith("azureml://").And.EndWith("/workspaces/my-ws");
        properties["storageAccount"]!.GetValue<string>().Should().Contain("/providers/Microsoft.Storage/storageAccounts/");
    }

    [Test]
    public async Task A_PUT_creates_the_job_with_201_and_again_answers_200_and_GET_returns_the_stored_resource()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;

        var (created, createdBody) = await client.PutJobAsync("job-1", ""","tags":{"a":"1"}""");
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        createdBody!["id"]!.GetValue<string>().Should().Be($"/{client.Workspace}/jobs/job-1");
        createdBody["name"]!.GetValue<string>().Should().Be("job-1");
        createdBody["type"]!.GetValue<string>().Should().Be("Microsoft.MachineLearningServices/workspaces/jobs");
        createdBody["systemData"]!["createdAt"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        createdBody["properties"]!["status"]!.GetValue<string>().Should().Be("NotStarted");
        createdBody["properties"]!["command"]!.GetValue<string>().Should().Be("python train.py");

        var (again, againBody) = await client.PutJobAsync("job-1", ""","tags":{"b":"2"}""");
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        againBody!["properties"]!["tags"]!.ToJsonString().Should().Be("""{"b":"2"}""", "an update replaces the tags");

        var (got, gotBody) = await client.SendAsync(HttpMethod.Get, client.Url("jobs/job-1"));
        got.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonNode.DeepEquals(gotBody, againBody).Should().BeTrue();
    }

    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("""{"name":"x"}""")]
    [TestCase("""{"properties":{"command":"echo"}}""")]
    public async Task A_PUT_whose_body_is_not_a_job_is_400_with_an_ARM_error(string body)
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;

        var (response, error) = await client.SendAsync(HttpMethod.Put, client.Url("jobs/bad"), body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        error!["error"]!["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        Code(error).Should().NotBeNullOrEmpty();
    }

    [Test]
    public async Task GET_of_an_unknown_job_is_404_ResourceNotFound()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;

        var (response, body) = await client.SendAsync(HttpMethod.Get, client.Url("jobs/nope"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Code(body).Should().Be("ResourceNotFound");
        body!["error"]!["message"]!.GetValue<string>().Should().Contain("nope");
    }

    [TestCase("", "MissingApiVersionParameter")]
    [TestCase("api-version=2024-04-01", "InvalidApiVersionParameter")]
    public async Task Every_ARM_call_needs_api_version_2025_12_01(string query, string code)
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;

        var (response, body) = await client.SendAsync(HttpMethod.Get, client.Url("jobs", query));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Code(body).Should().Be(code);
    }

    [Test]
    public async Task Jobs_List_pages_through_nextLink_with_a_skipToken()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { PageSize = 2 });
        await using var _ = emulator;
        using var __ = client;
        var names = Enumerable.Range(1, 5).Select(i => $"job-{i}").ToList();
        foreach (var name in names)
        {
            (await client.PutJobAsync(name)).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var seen = new List<string>();
        var pages = 0;
        Uri? next = client.Url("jobs");
        while (next is not null)
        {
            EmulatorClient.IsSwaggerPath(next.AbsolutePath).Should().BeTrue();
            var (response, body) = await client.SendAsync(HttpMethod.Get, next);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            pages++;
            seen.AddRange(body!["value"]!.AsArray().Select(j => j!["name"]!.GetValue<string>()));
            var link = body["nextLink"]?.GetValue<string>();
            if (link is not null)
            {
                link.Should().Contain("$skipToken=").And.Contain(EmulatorClient.ApiVersion);
            }
            next = link is null ? null : new Uri(link);
        }

        pages.Should().Be(3);
        seen.Should().Equal(names);
    }

    [Test]
    public async Task Archiving_by_PUT_moves_a_job_between_the_list_views_and_the_tag_filter_selects_by_key()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;
        await client.PutJobAsync("kept", ""","tags":{"team":"a"}""");
        await client.PutJobAsync("archived");
        var (archive, archiveBody) = await client.PutJobAsync("archived", ""","isArchived":true""");
        archive.StatusCode.Should().Be(HttpStatusCode.OK);
        archiveBody!["properties"]!["isArchived"]!.GetValue<bool>().Should().BeTrue();

        async Task<List<string>> ListAsync(string query)
        {
            var (response, body) = await client.SendAsync(HttpMethod.Get, client.Url("jobs", $"{EmulatorClient.ApiVersion}&{query}"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return body!["value"]!.AsArray().Select(j => j!["name"]!.GetValue<string>()).ToList();
        }

        (await ListAsync("listViewType=ActiveOnly")).Should().Equal("kept");
        (await ListAsync("listViewType=ArchivedOnly")).Should().Equal("archived");
        (await ListAsync("listViewType=All")).Should().Equal("kept", "archived");
        (await ListAsync("tag=team")).Should().Equal("kept");
        (await ListAsync("tag=other")).Should().BeEmpty();

        await client.PutJobAsync("archived", ""","isArchived":false""");
        (await ListAsync("listViewType=ActiveOnly")).Should().Equal("kept", "archived");
    }

    [Test]
    public async Task Cancel_is_an_LRO_on_Location_and_the_job_goes_CancelRequested_then_Canceled()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { OperationPollsUntilDone = 2, RetryAfter = TimeSpan.FromSeconds(3) });
        await using var _ = emulator;
        using var __ = client;
        await client.PutJobAsync("to-cancel");

        var (accepted, _) = await client.SendAsync(HttpMethod.Post, client.Url("jobs/to-cancel/cancel"));
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        accepted.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(3));
        var location = accepted.Headers.Location!;
        location.AbsoluteUri.Should().StartWith(emulator.ArmEndpoint.AbsoluteUri).And.Contain(EmulatorClient.ApiVersion);
        (await client.SendAsync(HttpMethod.Get, client.Url("jobs/to-cancel"))).Body!["properties"]!["status"]!.GetValue<string>().Should().Be("CancelRequested");

        (await client.SendAsync(HttpMethod.Get, location)).Response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await client.SendAsync(HttpMethod.Get, location)).Response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await client.SendAsync(HttpMethod.Get, location)).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        (await client.SendAsync(HttpMethod.Get, client.Url("jobs/to-cancel"))).Body!["properties"]!["status"]!.GetValue<string>().Should().Be("Canceled");
        (await client.SendAsync(HttpMethod.Post, client.Url("jobs/unknown/cancel"))).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Delete_is_an_LRO_on_Location_and_then_GET_is_404()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;
        await client.PutJobAsync("to-delete");

        var (accepted, _) = await client.SendAsync(HttpMethod.Delete, client.Url("jobs/to-delete"));
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        accepted.Headers.RetryAfter.Should().NotBeNull();
        var location = accepted.Headers.Location!;
        (await client.SendAsync(HttpMethod.Get, location)).Response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await client.SendAsync(HttpMethod.Get, location)).Response.StatusCode.Should().Be(HttpStatusCode.NoContent);

        var (gone, goneBody) = await client.SendAsync(HttpMethod.Get, client.Url("jobs/to-delete"));
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Code(goneBody).Should().Be("ResourceNotFound");
        (await client.SendAsync(HttpMethod.Delete, client.Url("jobs/to-delete"))).Response.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Test]
    public async Task Resources_it_does_not_serve_answer_501_NotImplementedInEmulator_rather_than_a_404()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;

        var (response, body) = await client.SendAsync(HttpMethod.Get, new Uri(emulator.ArmEndpoint, $"{client.Workspace}/models/my-model/versions/1?{EmulatorClient.ApiVersion}"));

        response.StatusCode.Should().Be(HttpStatusCode.NotImplemented);
        Code(body).Should().Be("NotImplementedInEmulator");
    }

    /// <summary>Status 0 stands for a dropped connection (no answer at all).</summary>
    private static async Task<List<(int Status, string? Fault, string? RetryAfter)>> FaultSequenceAsync(int seed)
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { FaultRate = 0.5, FaultSeed = seed, FaultLatency = TimeSpan.FromMilliseconds(20) });
        await using var _ = emulator;
        using var __ = client;
        var results = new List<(int, string?, string?)>();
        for (var i = 0; i < 40; i++)
        {
            try
            {
                var (response, _) = await client.SendAsync(HttpMethod.Get, client.Url("jobs"));
                results.Add(((int)response.StatusCode, emulator.RequestLog[^1].Fault, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString()));
            }
            catch (HttpRequestException)
            {
                results.Add((0, emulator.RequestLog[^1].Fault, null));
            }
        }
        return results;
    }

    [Test]
    public async Task Fault_injection_is_reproducible_from_the_seed_and_sends_429_with_Retry_After_500_503_drops_connections_and_delays()
    {
        var first = await FaultSequenceAsync(seed: 42);
        var second = await FaultSequenceAsync(seed: 42);
        var other = await FaultSequenceAsync(seed: 7);

        second.Should().Equal(first);
        other.Should().NotEqual(first);
        first.Count(r => r.Fault is not null).Should().BeInRange(8, 32);
        first.Where(r => r.Fault is null || r.Fault == "latency").Should().OnlyContain(r => r.Status == 200, "a delayed request is still served");
        first.Where(r => r.Fault == "drop").Should().OnlyContain(r => r.Status == 0, "a dropped connection gets no answer");
        first.Where(r => r.Fault is "429" or "500" or "503").Should().OnlyContain(r => r.Status.ToString() == r.Fault);
        first.Where(r => r.Status == 429).Should().OnlyContain(r => r.RetryAfter == "1");
        first.Select(r => r.Fault).Distinct().Should().Contain(["429", "500", "503", "drop", "latency"]);
    }

    [Test]
    public async Task A_dropped_connection_comes_after_the_work_is_done_so_only_a_safe_retry_is_correct()
    {
        // Seed 3's first draw at rate 1 is a drop (checked below through the log).
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { FaultRate = 1, FaultSeed = 3 });
        await using var _ = emulator;
        using var __ = client;

        var put = async () => await client.SendAsync(HttpMethod.Put, client.Url("jobs/dropped"), """{"properties":{"jobType":"Command","command":"echo","environmentId":"azureml:e:1"}}""");

        await put.Should().ThrowAsync<HttpRequestException>();
        emulator.RequestLog[^1].Fault.Should().Be("drop");
        emulator.RequestLog[^1].Status.Should().Be(201, "the job was created although the client never heard so");
    }

    [Test]
    public async Task The_token_endpoint_never_faults()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { FaultRate = 1, FaultSeed = 1, FaultLatency = TimeSpan.FromMilliseconds(1) });
        await using var _ = emulator;
        using var __ = client;

        for (var i = 0; i < 5; i++)
        {
            (await client.GetTokenAsync()).Should().NotBeNullOrEmpty();
        }
        try
        {
            await client.SendAsync(HttpMethod.Get, client.Url(""));
        }
        catch (HttpRequestException)
        {
            // A dropped connection is one of the faults.
        }
        emulator.RequestLog.Where(e => e.Fault is not null).Should().ContainSingle();
    }

    [Test]
    public async Task The_request_log_file_holds_one_JSON_line_per_request_with_no_token_or_SAS_signature()
    {
        var path = Path.Combine(Path.GetTempPath(), $"emulator-log-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { RequestLogPath = path });
            string token;
            await using (emulator)
            using (client)
            {
                token = client.Http.DefaultRequestHeaders.Authorization!.Parameter!;
                await client.PutJobAsync("logged", ""","properties":{"note":"https://x/blob?sv=1&sig=SECRETSIG"}""");
                await client.SendAsync(HttpMethod.Get, client.Url("jobs/logged", $"{EmulatorClient.ApiVersion}&sig=URLSECRET"));
                emulator.RequestLog.Should().HaveCount(3);
            }

            var text = await File.ReadAllTextAsync(path);
            text.Should().NotContain(token).And.NotContain("SECRETSIG").And.NotContain("URLSECRET").And.NotContain(emulator.IdentityHeader);
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            lines.Should().HaveCount(3);
            lines[0]["url"]!.GetValue<string>().Should().StartWith(emulator.IdentityEndpoint.AbsoluteUri);
            lines[0]["responseBody"]!["access_token"]!.GetValue<string>().Should().Be("REDACTED");
            var put = lines[1];
            put["method"]!.GetValue<string>().Should().Be("PUT");
            put["status"]!.GetValue<int>().Should().Be(201);
            put["requestBody"]!["properties"]!["jobType"]!.GetValue<string>().Should().Be("Command");
            put["responseBody"]!["name"]!.GetValue<string>().Should().Be("logged");
            put["responseBytes"]!.GetValue<long>().Should().BeGreaterThan(100);
            lines[2]["url"]!.GetValue<string>().Should().EndWith("sig=REDACTED");
            lines[2].ContainsKey("requestBody").Should().BeTrue();
            lines[2]["requestBody"].Should().BeNull("a GET has no request body");
            lines.Should().OnlyContain(l => !l.ToJsonString().Contains("Authorization", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Every_URL_of_a_job_scenario_is_a_swagger_path_an_operation_status_URL_or_the_token_endpoint()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { PageSize = 1 });
        await using var _ = emulator;
        using var __ = client;
        await client.PutJobAsync("a");
        await client.PutJobAsync("b");
        var (list, listBody) = await client.SendAsync(HttpMethod.Get, client.Url("jobs"));
        await client.SendAsync(HttpMethod.Get, new Uri(listBody!["nextLink"]!.GetValue<string>()));
        var (cancel, _) = await client.SendAsync(HttpMethod.Post, client.Url("jobs/a/cancel"));
        await client.SendAsync(HttpMethod.Get, cancel.Headers.Location!);
        await client.SendAsync(HttpMethod.Delete, client.Url("jobs/b"));

        foreach (var entry in emulator.RequestLog)
        {
            var url = new Uri(entry.Url);
            if (url.Port == emulator.IdentityEndpoint.Port)
            {
                continue;
            }
            url.Query.Should().Contain(EmulatorClient.ApiVersion);
            (EmulatorClient.IsSwaggerPath(url.AbsolutePath) || url.AbsolutePath.Contains("/mfeOperationResults/")).Should().BeTrue(url.AbsolutePath);
        }
    }

    [Test]
    public async Task The_certificate_names_127_0_0_1_and_localhost_has_no_private_key_and_is_written_as_PEM()
    {
        var (emulator, client) = await StartAsync(authenticate: false);
        await using var _ = emulator;
        using var __ = client;
        var path = Path.Combine(Path.GetTempPath(), $"emulator-{Guid.NewGuid():N}.pem");
        try
        {
            emulator.WriteCertificatePem(path);

            var pem = await File.ReadAllTextAsync(path);
            pem.Should().StartWith("-----BEGIN CERTIFICATE-----").And.NotContain("PRIVATE KEY");
            using var loaded = X509Certificate2.CreateFromPem(pem);
            loaded.Thumbprint.Should().Be(emulator.Certificate.Thumbprint);
            emulator.Certificate.HasPrivateKey.Should().BeFalse();
            var san = emulator.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            san.EnumerateIPAddresses().Should().Contain(IPAddress.Loopback);
            san.EnumerateDnsNames().Should().Contain("localhost");
            (emulator.Certificate.NotAfter - emulator.Certificate.NotBefore).Should().BeLessThan(TimeSpan.FromDays(7));
            emulator.ArmEndpoint.Scheme.Should().Be("https");
            emulator.ArmEndpoint.Host.Should().Be("127.0.0.1");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task A_client_that_does_not_trust_the_certificate_is_refused()
    {
        await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { BlobEndpoint = SharedAzurite.Endpoint });
        using var untrusting = new HttpClient();

        var act = () => untrusting.GetAsync(new Uri(emulator.ArmEndpoint, $"subscriptions/{emulator.SubscriptionId}?api-version=2025-12-01"));

        await act.Should().ThrowAsync<HttpRequestException>();
    }
}

public class CertificateTrustTests
{
    [Test]
    public async Task A_client_that_trusts_the_PEM_as_its_only_root_reaches_the_emulator_with_full_chain_and_name_validation()
    {
        await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { BlobEndpoint = SharedAzurite.Endpoint });
        var path = Path.Combine(Path.GetTempPath(), $"emulator-{Guid.NewGuid():N}.pem");
        try
        {
            emulator.WriteCertificatePem(path);
            // What SSL_CERT_FILE does for a whole process, done for one handler: the PEM is the trust anchor.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(path)));
            using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } });

            using var response = await http.GetAsync(new Uri(emulator.ArmEndpoint, $"subscriptions/{emulator.SubscriptionId}/resourceGroups/{emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{emulator.WorkspaceName}?api-version=2025-12-01"));

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "TLS succeeded; the call has no token");
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class TokenLifetimeTests
{
    [Test]
    public async Task A_token_past_its_expires_on_is_401_ExpiredAuthenticationToken()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { TimeProvider = time, BlobEndpoint = SharedAzurite.Endpoint });
        using var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();
        (await client.SendAsync(HttpMethod.Get, client.Url(""))).Response.StatusCode.Should().Be(HttpStatusCode.OK);

        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var (response, body) = await client.SendAsync(HttpMethod.Get, client.Url(""));
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        body!["error"]!["code"]!.GetValue<string>().Should().Be("ExpiredAuthenticationToken");
    }
}
