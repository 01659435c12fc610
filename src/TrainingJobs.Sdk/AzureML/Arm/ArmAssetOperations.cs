using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;

namespace TrainingJobs.Sdk.AzureML.Arm;

/// <summary>
/// The ARM asset operations a submit needs, over the job operations' pipeline: code versions (get, startPendingUpload,
/// create), the latest version of an environment or data asset, a compute, and the default datastore with its key.
/// </summary>
internal sealed class ArmAssetOperations(ArmJobOperations arm)
{
    /// <summary>The workspace's default blob datastore (azure-ai-ml's and the Studio's default).</summary>
    public const string DefaultDatastore = "workspaceblobstore";

    public AzureMLWorkspaceScope Scope => arm.Scope;

    /// <summary>The ARM id of a code version in this workspace.</summary>
    public string CodeVersionId(string name, string version) => $"{Scope.ResourceId}/codes/{name}/versions/{version}";

    /// <summary>GET a code version: true when it exists (200), false on 404; any other failure throws.</summary>
    public async Task<bool> CodeVersionExistsAsync(string name, string version, CancellationToken cancellationToken)
    {
        using var message = arm.CreateMessage(RequestMethod.Get, CodeVersionPath(name, version));
        try
        {
            await arm.SendAsync(message, "read an asset", cancellationToken, 200).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// POST startPendingUpload: the service names a blob folder for the version's files and hands out a SAS for it.
    /// Returns the folder URI (what the version's <c>codeUri</c> becomes) and the SAS URI to upload with.
    /// </summary>
    public async Task<(Uri BlobUri, Uri SasUri)> StartPendingUploadAsync(string name, string version, CancellationToken cancellationToken)
    {
        using var message = arm.CreateMessage(RequestMethod.Post, CodeVersionPath(name, version) + "/startPendingUpload");
        message.Request.Headers.SetValue("Content-Type", "application/json");
        var body = new JsonObject
        {
            ["pendingUploadType"] = "TemporaryBlobReference",
            ["pendingUploadId"] = Guid.NewGuid().ToString(),
        };
        message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        await arm.SendAsync(message, "upload code", cancellationToken, 200).ConfigureAwait(false);
        using var response = JsonDocument.Parse(message.Response.Content.ToMemory());
        var reference = Property(response.RootElement, "blobReferenceForConsumption");
        var blobUri = Text(reference, "blobUri");
        var sasUri = Text(Property(reference, "credential"), "sasUri");
        if (blobUri is null || sasUri is null)
        {
            throw new RequestFailedException(message.Response.Status, "startPendingUpload answered without blobReferenceForConsumption.blobUri and credential.sasUri.");
        }
        return (new Uri(blobUri, UriKind.Absolute), new Uri(sasUri, UriKind.Absolute));
    }

    /// <summary>
    /// PUT an anonymous code version whose files are at <paramref name="codeUri"/>. Putting the same anonymous version
    /// again (a concurrent submit of the same folder) is accepted by the service, so racing submits both succeed.
    /// </summary>
    public async Task CreateCodeVersionAsync(string name, string version, Uri codeUri, CancellationToken cancellationToken)
    {
        using var message = arm.CreateMessage(RequestMethod.Put, CodeVersionPath(name, version));
        message.Request.Headers.SetValue("Content-Type", "application/json");
        var body = new JsonObject
        {
            ["properties"] = new JsonObject { ["codeUri"] = codeUri.AbsoluteUri, ["isAnonymous"] = true },
        };
        message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        await arm.SendAsync(message, "upload code", cancellationToken, 200, 201).ConfigureAwait(false);
    }

    /// <summary>
    /// The newest version of an environment or data asset, as azure-ai-ml resolves <c>name@latest</c>: the version list
    /// ordered by creation time, newest first, one item. A name without versions is a 404.
    /// </summary>
    /// <param name="collection"><c>environments</c> or <c>data</c>.</param>
    /// <param name="name">The asset name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string> LatestVersionAsync(string collection, string name, CancellationToken cancellationToken)
    {
        using var message = arm.CreateMessage(RequestMethod.Get, $"{Scope.ResourceId}/{collection}/{Uri.EscapeDataString(name)}/versions");
        message.Request.Uri.AppendQuery("$orderBy", "createdtime desc");
        message.Request.Uri.AppendQuery("$top", "1");
        await arm.SendAsync(message, "read an asset", cancellationToken, 200).ConfigureAwait(false);
        using var page = JsonDocument.Parse(message.Response.Content.ToMemory());
        if (page.RootElement.ValueKind == JsonValueKind.Object && page.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (Text(item, "name") is { Length: > 0 } version) return version;
            }
        }
        throw new RequestFailedException(404, $"'{name}@latest' names no version: the workspace has no {collection} asset '{name}' with a version.", "ResourceNotFound", null);
    }

    /// <summary>GET a compute by name (a 404 says it does not exist); returns its ARM id.</summary>
    public async Task<string> ComputeIdAsync(string name, CancellationToken cancellationToken)
    {
        using var message = arm.CreateMessage(RequestMethod.Get, $"{Scope.ResourceId}/computes/{Uri.EscapeDataString(name)}");
        await arm.SendAsync(message, "read a compute", cancellationToken, 200).ConfigureAwait(false);
        using var body = JsonDocument.Parse(message.Response.Content.ToMemory());
        return Text(body.RootElement, "id") ?? $"{Scope.ResourceId}/computes/{name}";
    }

    /// <summary>The default datastore's container URL and account key (Datastores_Get, then Datastores_ListSecrets).</summary>
    /// <param name="blobServiceOverride">The blob service URL to use instead of the one the datastore's account implies.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public async Task<(Uri Container, string AccountName, string AccountKey)> DefaultDatastoreAsync(Uri? blobServiceOverride, CancellationToken cancellationToken)
    {
        var path = $"{Scope.ResourceId}/datastores/{DefaultDatastore}";
        string accountName, containerName, endpoint, protocol;
        using (var get = arm.CreateMessage(RequestMethod.Get, path))
        {
            await arm.SendAsync(get, "read an asset", cancellationToken, 200).ConfigureAwait(false);
            using var datastore = JsonDocument.Parse(get.Response.Content.ToMemory());
            var properties = Property(datastore.RootElement, "properties");
            accountName = Text(properties, "accountName") ?? throw new RequestFailedException($"Datastore '{DefaultDatastore}' has no accountName: only blob datastores are supported for uploads.");
            containerName = Text(properties, "containerName") ?? throw new RequestFailedException($"Datastore '{DefaultDatastore}' has no containerName.");
            endpoint = Text(properties, "endpoint") ?? "core.windows.net";
            protocol = Text(properties, "protocol") ?? "https";
        }
        using var secrets = arm.CreateMessage(RequestMethod.Post, path + "/listSecrets");
        await arm.SendAsync(secrets, "upload data", cancellationToken, 200).ConfigureAwait(false);
        using var body = JsonDocument.Parse(secrets.Response.Content.ToMemory());
        var key = Text(body.RootElement, "key")
            ?? throw new RequestFailedException($"Datastore '{DefaultDatastore}' returned no account key (secretsType '{Text(body.RootElement, "secretsType")}'): uploads need an account-key datastore.");
        var service = blobServiceOverride is not null
            ? blobServiceOverride.AbsoluteUri.TrimEnd('/')
            : $"{protocol}://{accountName}.blob.{endpoint}";
        return (new Uri($"{service}/{containerName}", UriKind.Absolute), accountName, key);
    }

    /// <summary>
    /// A blob datastore's container URL and secret, for reading (Datastores_Get, then Datastores_ListSecrets): the
    /// account key, or a SAS token, or neither for an identity-based datastore (then the caller's credential is used,
    /// as azure-ai-ml does). A datastore that is not a blob datastore is refused.
    /// </summary>
    /// <param name="name">The datastore name (<c>workspaceblobstore</c>, <c>workspaceartifactstore</c>, …).</param>
    /// <param name="blobServiceOverride">The blob service URL to use instead of the one the datastore's account implies.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public async Task<DatastoreAccess> DatastoreAsync(string name, Uri? blobServiceOverride, CancellationToken cancellationToken)
    {
        var path = $"{Scope.ResourceId}/datastores/{Uri.EscapeDataString(name)}";
        string accountName, containerName, endpoint, protocol;
        bool identityBased;
        using (var get = arm.CreateMessage(RequestMethod.Get, path))
        {
            await arm.SendAsync(get, "read a datastore", cancellationToken, 200).ConfigureAwait(false);
            using var datastore = JsonDocument.Parse(get.Response.Content.ToMemory());
            var properties = Property(datastore.RootElement, "properties");
            accountName = Text(properties, "accountName") ?? throw new RequestFailedException($"Datastore '{name}' has no accountName: only blob datastores can be downloaded from.");
            containerName = Text(properties, "containerName") ?? throw new RequestFailedException($"Datastore '{name}' has no containerName: only blob datastores can be downloaded from.");
            endpoint = Text(properties, "endpoint") ?? "core.windows.net";
            protocol = Text(properties, "protocol") ?? "https";
            identityBased = string.Equals(Text(Property(properties, "credentials"), "credentialsType"), "None", StringComparison.OrdinalIgnoreCase);
        }
        string? key = null, sas = null;
        if (!identityBased)
        {
            using var secrets = arm.CreateMessage(RequestMethod.Post, path + "/listSecrets");
            await arm.SendAsync(secrets, "read a datastore", cancellationToken, 200).ConfigureAwait(false);
            using var body = JsonDocument.Parse(secrets.Response.Content.ToMemory());
            key = Text(body.RootElement, "key");
            sas = Text(body.RootElement, "sasToken");
        }
        var service = blobServiceOverride is not null
            ? blobServiceOverride.AbsoluteUri.TrimEnd('/')
            : $"{protocol}://{accountName}.blob.{endpoint}";
        return new DatastoreAccess(new Uri($"{service}/{containerName}", UriKind.Absolute), accountName, key, sas);
    }

    private string CodeVersionPath(string name, string version) =>
        $"{Scope.ResourceId}/codes/{Uri.EscapeDataString(name)}/versions/{Uri.EscapeDataString(version)}";

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Where a blob datastore's files are and the secret to read them with (none: the caller's credential).</summary>
/// <param name="Container">The container URL.</param>
/// <param name="AccountName">The storage account.</param>
/// <param name="AccountKey">The account key, when the datastore has one.</param>
/// <param name="SasToken">The SAS token, when the datastore has one instead of a key.</param>
internal sealed record DatastoreAccess(Uri Container, string AccountName, string? AccountKey, string? SasToken);
