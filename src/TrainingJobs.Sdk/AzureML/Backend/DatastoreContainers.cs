using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk.AzureML.Arm;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// Blob container clients for the workspace's datastores, as azure-ai-ml reaches them: the datastore's account key or
/// SAS when it has one (its secret), else the caller's own credential (an identity-based datastore). One datastore GET
/// (and listSecrets) per datastore for the life of this object, so a download or a stream reads each once; a failed
/// look-up is not kept, so the next call asks again.
/// </summary>
internal sealed class DatastoreContainers(ArmAssetOperations assets, Uri? blobServiceOverride, TokenCredential credential, Func<Uri, BlobClientOptions> blobOptions)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> _containers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The container of the datastore <paramref name="store"/>.</summary>
    public async Task<BlobContainerClient> GetAsync(string store, CancellationToken cancellationToken)
    {
        var entry = _containers.GetOrAdd(store, s => new Lazy<Task<BlobContainerClient>>(() => CreateAsync(s, cancellationToken)));
        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            _containers.TryRemove(KeyValuePair.Create(store, entry));
            throw;
        }
    }

    private async Task<BlobContainerClient> CreateAsync(string store, CancellationToken cancellationToken)
    {
        var access = await assets.DatastoreAsync(store, blobServiceOverride, cancellationToken).ConfigureAwait(false);
        var settings = blobOptions(access.Container);
        if (access.AccountKey is { } key) return new BlobContainerClient(access.Container, new StorageSharedKeyCredential(access.AccountName, key), settings);
        if (access.SasToken is { } sas) return new BlobContainerClient(access.Container, new AzureSasCredential(sas), settings);
        // An identity-based datastore: the caller's own access to the storage account, as azure-ai-ml does.
        return new BlobContainerClient(access.Container, credential, settings);
    }
}
