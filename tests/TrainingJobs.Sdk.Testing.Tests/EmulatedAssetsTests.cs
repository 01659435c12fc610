using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

public class EmulatedAssetsTests
{
    private static async Task<(AzureMLEmulator Emulator, EmulatorClient Client)> StartAsync(AzureMLEmulatorOptions? options = null)
    {
        options ??= new AzureMLEmulatorOptions();
        options.BlobEndpoint = SharedAzurite.Endpoint;
        var emulator = await AzureMLEmulator.StartAsync(options);
        var client = new EmulatorClient(emulator);
        await client.AuthenticateAsync();
        return (emulator, client);
    }

    private static string Code(JsonNode? body) => body!["error"]!["code"]!.GetValue<string>();

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    [Test]
    public async Task The_workspaceblobstore_datastore_names_the_workspace_container_and_its_listSecrets_key_authenticates_against_Azurite()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;

        var (response, body) = await client.SendAsync(HttpMethod.Get, client.AssetUrl("datastores/workspaceblobstore"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Str(body!["id"]).Should().Be($"/{client.Workspace}/datastores/workspaceblobstore");
        Str(body["type"]).Should().Be("Microsoft.MachineLearningServices/workspaces/datastores");
        var properties = body["properties"]!;
        Str(properties["datastoreType"]).Should().Be("AzureBlob");
        Str(properties["accountName"]).Should().Be("devstoreaccount1");
        Str(properties["containerName"]).Should().Be(emulator.BlobContainerName);
        Str(properties["endpoint"]).Should().Be("core.windows.net");
        Str(properties["protocol"]).Should().Be("https");
        properties["isDefault"]!.GetValue<bool>().Should().BeTrue();
        Str(properties["credentials"]!["credentialsType"]).Should().Be("AccountKey");

        var (secretsResponse, secrets) = await client.SendAsync(HttpMethod.Post, client.AssetUrl("datastores/workspaceblobstore/listSecrets"));
        secretsResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        Str(secrets!["secretsType"]).Should().Be("AccountKey");
        var key = Str(secrets["key"]);

        var container = new BlobContainerClient(new Uri($"{emulator.BlobServiceUri}/{Str(properties["containerName"])}"), new StorageSharedKeyCredential(Str(properties["accountName"]), key));
        await container.GetBlobClient("probe.txt").UploadAsync(BinaryData.FromString("ok"));
        (await container.GetBlobClient("probe.txt").ExistsAsync()).Value.Should().BeTrue();
        var wrongKey = new BlobContainerClient(container.Uri, new StorageSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])));
        var refused = async () => await wrongKey.GetPropertiesAsync();
        (await refused.Should().ThrowAsync<RequestFailedException>()).Which.Status.Should().Be(403, "the key is checked, so the one listSecrets gave is the real one");

        emulator.RequestLog.Single(e => e.Url.EndsWith("listSecrets?api-version=2025-12-01", StringComparison.Ordinal)).ResponseBody!["key"]!.GetValue<string>()
            .Should().Be("REDACTED");
    }

    [Test]
    public async Task An_unknown_datastore_compute_code_environment_or_data_version_is_404_ResourceNotFound()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;

        foreach (var relative in new[] { "datastores/other", "computes/gpu-cluster", "codes/c/versions/1", "codes/c", "environments/e/versions/1", "environments/e", "data/d/versions/1" })
        {
            var (response, body) = await client.SendAsync(HttpMethod.Get, client.AssetUrl(relative));
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, relative);
            Code(body).Should().Be("ResourceNotFound", relative);
        }
    }

    [Test]
    public async Task Computes_Get_answers_the_configured_names_as_succeeded_AmlCompute()
    {
        var options = new AzureMLEmulatorOptions();
        options.Computes.Add("gpu-cluster");
        var (emulator, client) = await StartAsync(options);
        await using var _ = emulator;
        using var __ = client;

        foreach (var name in new[] { "cpu-cluster", "gpu-cluster" })
        {
            var (response, body) = await client.SendAsync(HttpMethod.Get, client.AssetUrl($"computes/{name}"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            Str(body!["id"]).Should().Be($"/{client.Workspace}/computes/{name}");
            Str(body["type"]).Should().Be("Microsoft.MachineLearningServices/workspaces/computes");
            Str(body["properties"]!["computeType"]).Should().Be("AmlCompute");
            Str(body["properties"]!["provisioningState"]).Should().Be("Succeeded");
        }
    }

    [Test]
    public async Task With_BlobFaultRate_the_Blob_URLs_given_to_clients_go_through_the_fault_proxy_and_Azurite_stays_reachable_directly()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { BlobFaultRate = 0.5, BlobFaultSeed = 3, RetryAfter = TimeSpan.Zero });
        await using var _ = emulator;
        using var __ = client;

        emulator.DirectBlobServiceUri.Should().Be(SharedAzurite.Endpoint);
        emulator.BlobServiceUri.Port.Should().NotBe(emulator.DirectBlobServiceUri.Port, "clients are told of the proxy");
        emulator.BlobServiceUri.AbsolutePath.Should().Be(emulator.DirectBlobServiceUri.AbsolutePath);
        emulator.CreateWorkspaceOptions().BlobServiceUri.Should().Be(emulator.BlobServiceUri);
        var (_, pending) = await client.SendAsync(HttpMethod.Post, client.AssetUrl("codes/my-code/versions/1/startPendingUpload"), "{\"pendingUploadType\":\"TemporaryBlobReference\"}");
        var sasUri = new Uri(Str(pending!["blobReferenceForConsumption"]!["credential"]!["sasUri"]));
        sasUri.GetLeftPart(UriPartial.Authority).Should().Be(emulator.BlobServiceUri.GetLeftPart(UriPartial.Authority));

        // Through the proxy half the requests fault (sequential, so the seed replays the same ones); Azure.Storage.Blobs retries them.
        var blob = new BlobClient(new Uri($"{sasUri.GetLeftPart(UriPartial.Path)}/x.txt{sasUri.Query}"));
        await blob.UploadAsync(BinaryData.FromString("through the proxy"), overwrite: true);
        for (var i = 0; i < 20; i++) (await blob.DownloadContentAsync()).Value.Content.ToString().Should().Be("through the proxy");
        emulator.BlobFaultsInjected.Should().BeGreaterThan(0);
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public async Task A_BlobFaultRate_outside_0_to_1_is_refused(double rate)
    {
        var start = () => AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { BlobFaultRate = rate, BlobEndpoint = SharedAzurite.Endpoint });
        await start.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task A_code_uploaded_through_the_startPendingUpload_SAS_lands_in_Azurite_and_the_code_version_points_at_it()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;

        var (pendingResponse, pending) = await client.SendAsync(HttpMethod.Post, client.AssetUrl("codes/my-code/versions/1/startPendingUpload"),
            "{\"pendingUploadType\":\"TemporaryBlobReference\",\"pendingUploadId\":\"abc123\"}");
        pendingResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        Str(pending!["pendingUploadId"]).Should().Be("abc123");
        Str(pending["pendingUploadType"]).Should().Be("TemporaryBlobReference");
        var reference = pending["blobReferenceForConsumption"]!;
        var blobUri = Str(reference["blobUri"]);
        blobUri.Should().Be($"{emulator.BlobServiceUri}/{emulator.BlobContainerName}/LocalUpload/abc123");
        Str(reference["storageAccountArmId"]).Should().EndWith("/providers/Microsoft.Storage/storageAccounts/devstoreaccount1");
        Str(reference["credential"]!["credentialType"]).Should().Be("SAS");
        var sasUri = new Uri(Str(reference["credential"]!["sasUri"]));
        sasUri.GetLeftPart(UriPartial.Path).Should().Be(blobUri);

        // What a client does with it: upload each file to <blobUri>/<relative path> with the SAS, nothing else.
        var sas = new AzureSasCredential(sasUri.Query.TrimStart('?'));
        await new BlobClient(new Uri($"{blobUri}/train.py"), sas).UploadAsync(BinaryData.FromString("print('hi')"));
        await new BlobClient(new Uri($"{blobUri}/src/util.py"), sas).UploadAsync(BinaryData.FromString("X = 1"));
        var outside = new BlobClient(new Uri($"{emulator.BlobServiceUri}/other-container/x.txt"), sas);
        var refused = async () => await outside.UploadAsync(BinaryData.FromString("no"));
        await refused.Should().ThrowAsync<RequestFailedException>("the SAS is scoped to the workspace container");

        var (created, version) = await client.SendAsync(HttpMethod.Put, client.AssetUrl("codes/my-code/versions/1"),
            $"{{\"properties\":{{\"codeUri\":\"{blobUri}\",\"isAnonymous\":true}}}}");
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        Str(version!["id"]).Should().Be($"/{client.Workspace}/codes/my-code/versions/1");
        Str(version["name"]).Should().Be("1");
        Str(version["type"]).Should().Be("Microsoft.MachineLearningServices/workspaces/codes/versions");
        version["systemData"]!["createdAt"].Should().NotBeNull();
        Str(version["properties"]!["codeUri"]).Should().Be(blobUri);
        version["properties"]!["isAnonymous"]!.GetValue<bool>().Should().BeTrue();
        version["properties"]!["isArchived"]!.GetValue<bool>().Should().BeFalse();
        Str(version["properties"]!["provisioningState"]).Should().Be("Succeeded");

        var (again, _) = await client.SendAsync(HttpMethod.Put, client.AssetUrl("codes/my-code/versions/1"), $"{{\"properties\":{{\"codeUri\":\"{blobUri}\",\"isAnonymous\":true}}}}");
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        var (conflict, conflictBody) = await client.SendAsync(HttpMethod.Put, client.AssetUrl("codes/my-code/versions/1"), "{\"properties\":{\"codeUri\":\"https://elsewhere/x\"}}");
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Code(conflictBody).Should().Be("Conflict");

        var (got, gotBody) = await client.SendAsync(HttpMethod.Get, client.AssetUrl("codes/my-code/versions/1"));
        got.StatusCode.Should().Be(HttpStatusCode.OK);
        Str(gotBody!["properties"]!["codeUri"]).Should().Be(blobUri);
        var (container, containerBody) = await client.SendAsync(HttpMethod.Get, client.AssetUrl("codes/my-code"));
        container.StatusCode.Should().Be(HttpStatusCode.OK);
        Str(containerBody!["properties"]!["latestVersion"]).Should().Be("1");

        var blobs = new BlobContainerClient(new Uri($"{emulator.BlobServiceUri}/{emulator.BlobContainerName}"), new StorageSharedKeyCredential(emulator.StorageAccountName, emulator.StorageAccountKey));
        var names = new List<string>();
        await foreach (var item in blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "LocalUpload/abc123/", CancellationToken.None))
        {
            names.Add(item.Name);
        }
        names.Should().BeEquivalentTo("LocalUpload/abc123/train.py", "LocalUpload/abc123/src/util.py");
        emulator.RequestLog.Single(e => e.Url.Contains("startPendingUpload", StringComparison.Ordinal)).ResponseBody!.ToJsonString().Should().NotContain("sig=" + sasUri.Query.Split("sig=")[1].Split('&')[0]);
    }

    [Test]
    public async Task Environment_versions_are_created_seeded_and_listed_newest_first_with_top_1_for_latest()
    {
        var (emulator, client) = await StartAsync();
        await using var _ = emulator;
        using var __ = client;
        emulator.AddEnvironmentVersion("train-env", "1", "python:3.11");
        var setAside = () => emulator.AddEnvironmentVersion("train-env", "1", "python:3.12");
        setAside.Should().Throw<ArgumentException>("a version cannot change its image");

        var (created, body) = await client.SendAsync(HttpMethod.Put, client.AssetUrl("environments/train-env/versions/2"), "{\"properties\":{\"image\":\"python:3.12\",\"description\":\"newer\"}}");
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        Str(body!["type"]).Should().Be("Microsoft.MachineLearningServices/workspaces/environments/versions");
        Str(body["properties"]!["image"]).Should().Be("python:3.12");
        var (missing, missingBody) = await client.SendAsync(HttpMethod.Put, client.AssetUrl("environments/train-env/versions/3"), "{\"properties\":{}}");
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Code(missingBody).Should().Be("InvalidRequestContent");

        var (latest, latestBody) = await client.SendAsync(HttpMethod.Get, client.AssetUrl("environments/train-env/versions", $"{EmulatorClient.ApiVersion}&$orderBy=createdtime%20desc&$top=1"));
        latest.StatusCode.Should().Be(HttpStatusCode.OK);
        latestBody!["value"]!.AsArray().Select(v => Str(v!["name"])).Should().Equal("2");
        var (all, allBody) = await client.SendAsync(HttpMethod.Get, client.AssetUrl("environments/train-env/versions", $"{EmulatorClient.ApiVersion}&$orderBy=createdtime%20asc"));
        all.StatusCode.Should().Be(HttpStatusCode.OK);
        allBody!["value"]!.AsArray().Select(v => Str(v!["name"])).Should().Equal("1", "2");
        var (seeded, seededBody) = await client.SendAsync(HttpMethod.Get, client.AssetUrl("environments/train-env/versions/1"));
        seeded.StatusCode.Should().Be(HttpStatusCode.OK);
        Str(seededBody!["properties"]!["image"]).Should().Be("python:3.11");
    }

    [Test]
    public async Task Data_versions_are_created_got_and_listed_in_pages()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { PageSize = 1 });
        await using var _ = emulator;
        using var __ = client;

        foreach (var version in new[] { "1", "2" })
        {
            var (created, body) = await client.SendAsync(HttpMethod.Put, client.AssetUrl($"data/my-data/versions/{version}"),
                $"{{\"properties\":{{\"dataType\":\"uri_folder\",\"dataUri\":\"azureml://datastores/workspaceblobstore/paths/data/v{version}/\"}}}}");
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            Str(body!["type"]).Should().Be("Microsoft.MachineLearningServices/workspaces/data/versions");
        }
        var (got, gotBody) = await client.SendAsync(HttpMethod.Get, client.AssetUrl("data/my-data/versions/2"));
        got.StatusCode.Should().Be(HttpStatusCode.OK);
        Str(gotBody!["properties"]!["dataUri"]).Should().EndWith("/paths/data/v2/");

        var names = new List<string>();
        Uri? next = client.AssetUrl("data/my-data/versions");
        while (next is not null)
        {
            var (page, pageBody) = await client.SendAsync(HttpMethod.Get, next);
            page.StatusCode.Should().Be(HttpStatusCode.OK);
            names.AddRange(pageBody!["value"]!.AsArray().Select(v => Str(v!["name"])));
            next = pageBody["nextLink"] is { } link ? new Uri(Str(link)) : null;
        }
        names.Should().Equal("2", "1");
    }
}
