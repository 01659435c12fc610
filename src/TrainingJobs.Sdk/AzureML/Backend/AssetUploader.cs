using Azure;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using TrainingJobs.Sdk.AzureML.Arm;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// Uploads what a job holds locally: a code folder as an anonymous code version named by its content digest, and
/// local inputs to the default datastore under <c>LocalUpload/&lt;digest&gt;/</c>. Both are snapshotted first with
/// the local backend's rules (<see cref="CodeSnapshot"/>: <c>.amlignore</c>/<c>.gitignore</c> for code, links never
/// followed), so the digest names exactly the bytes uploaded and an unchanged folder is found again and not re-sent.
/// </summary>
internal sealed class AssetUploader(ArmAssetOperations assets, AzureMLWorkspaceOptions workspace, TrainingJobsClientOptions options)
{
    /// <summary>Blob uploads in flight at once, per asset.</summary>
    internal const int MaxParallelUploads = 8;

    /// <summary>The blob written last under <c>LocalUpload/&lt;digest&gt;/</c>: its presence says the upload finished.</summary>
    internal const string CompletionMarker = ".trainingjobs-upload-complete";

    /// <summary>
    /// Makes sure the code at <paramref name="localPath"/> exists as a code version: GET the version its digest names
    /// (found: nothing uploaded), else startPendingUpload, upload every file with the SAS, and PUT the version.
    /// Returns the version's ARM id, and the snapshot's <c>dirHash1</c> (the record's code digest).
    /// </summary>
    public async Task<Uploaded> EnsureCodeAsync(string localPath, CancellationToken cancellationToken)
    {
        using var staging = Staging.Create();
        var snapshot = CodeSnapshot.Take(localPath, staging.Target, workspace: null);
        var name = CodeName(snapshot.Digest);
        const string version = "1";
        var uploaded = new Uploaded(assets.CodeVersionId(name, version), snapshot.Digest);
        if (await assets.CodeVersionExistsAsync(name, version, cancellationToken).ConfigureAwait(false)) return uploaded;
        var (blobUri, sasUri) = await assets.StartPendingUploadAsync(name, version, cancellationToken).ConfigureAwait(false);
        var folder = new BlobUriBuilder(sasUri);
        var prefix = string.IsNullOrEmpty(folder.BlobName) ? "" : folder.BlobName.TrimEnd('/') + "/";
        var clientOptions = BlobOptions(sasUri);
        await UploadFilesAsync(staging.Target, relative =>
        {
            var builder = new BlobUriBuilder(sasUri) { BlobName = prefix + relative };
            return new BlobClient(builder.ToUri(), clientOptions);
        }, cancellationToken).ConfigureAwait(false);
        await assets.CreateCodeVersionAsync(name, version, blobUri, cancellationToken).ConfigureAwait(false);
        return uploaded;
    }

    /// <summary>What an upload made: the reference the job's payload uses, and the content's digest as a record keeps it.</summary>
    /// <param name="Reference">The code version's ARM id, or the input's <c>azureml://datastores/…</c> URI.</param>
    /// <param name="Sha256">A file's SHA-256, or a folder's <c>dirHash1</c>: the bytes uploaded.</param>
    public sealed record Uploaded(string Reference, string Sha256);

    /// <summary>
    /// Makes sure a local input is in the default datastore at <c>LocalUpload/&lt;digest&gt;/&lt;leaf&gt;</c>: one
    /// existence check of the completion marker (present: nothing uploaded), else every file, then the marker.
    /// Returns the <c>azureml://datastores/…/paths/…</c> URI of the input, and its content digest (a file's SHA-256, a folder's <c>dirHash1</c>).
    /// </summary>
    /// <param name="localPath">The file or folder.</param>
    /// <param name="leaf">Its name in the datastore path (the last segment of the path written).</param>
    /// <param name="datastore">The default datastore's container and key, read once per submit (a rotated key is picked up by the next).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task<Uploaded> EnsureInputAsync(string localPath, string leaf, (Uri Container, string AccountName, string AccountKey) datastore, CancellationToken cancellationToken)
    {
        using var staging = Staging.Create();
        CodeSnapshot.CopyInput(localPath, staging.Target);
        var tree = ContentDigest.TreeOf(staging.Target);
        var digest = CodeName(tree.Digest);
        var isFolder = Directory.Exists(localPath);
        // The upload's name digests the staging folder; the record names the input's own content, as a local job's does.
        var content = isFolder || tree.Manifest.Count != 1 ? tree.Digest : tree.Manifest[0].Sha256;
        var datastorePath = $"LocalUpload/{digest}/{leaf}";
        var uri = $"azureml://datastores/{ArmAssetOperations.DefaultDatastore}/paths/{datastorePath}";
        var (container, account, key) = datastore;
        var client = new BlobContainerClient(container, new StorageSharedKeyCredential(account, key), BlobOptions(container));
        var marker = client.GetBlobClient($"LocalUpload/{digest}/{CompletionMarker}");
        if (await marker.ExistsAsync(cancellationToken).ConfigureAwait(false)) return new Uploaded(uri, content);
        // A file is uploaded as the leaf itself; a folder's files go below it.
        var prefix = isFolder ? datastorePath + "/" : $"LocalUpload/{digest}/";
        await UploadFilesAsync(staging.Target, relative => client.GetBlobClient(isFolder ? prefix + relative : datastorePath), cancellationToken).ConfigureAwait(false);
        await marker.UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken).ConfigureAwait(false);
        return new Uploaded(uri, content);
    }

    /// <summary>The code version name of a digest: its first 32 hex digits (the form validation shows).</summary>
    internal static string CodeName(string digest) => digest[..32];

    private static async Task UploadFilesAsync(string root, Func<string, BlobClient> blobFor, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        Collect(new DirectoryInfo(root), files);
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelUploads, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            await using var stream = File.OpenRead(file);
            await blobFor(relative).UploadAsync(stream, overwrite: true, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The files of a snapshot. A link to a file is uploaded as the file it names (the snapshot kept only links that
    /// stay inside it, so that is a file of the snapshot); a link to a folder is not entered, so a link loop cannot
    /// make the walk endless.
    /// </summary>
    private static void Collect(DirectoryInfo folder, List<string> files)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            var isLink = entry.LinkTarget is not null;
            if (entry is DirectoryInfo child)
            {
                if (!isLink) Collect(child, files);
            }
            else if (!isLink || File.Exists(entry.FullName))
            {
                files.Add(entry.FullName);
            }
        }
    }

    /// <summary>
    /// Blob client options with the client's retry settings; the certificate pin applies when the blob endpoint is the
    /// pinned ARM endpoint's host (an emulator serving both), never to another host.
    /// </summary>
    internal BlobClientOptions BlobOptions(Uri target)
    {
        var blob = new BlobClientOptions();
        blob.Retry.MaxRetries = options.Retry.MaxRetries;
        blob.Retry.Delay = options.Retry.Delay;
        blob.Retry.MaxDelay = options.Retry.MaxDelay;
        blob.Retry.Mode = options.Retry.Mode;
        if (workspace.ServerCertificate is { } pinned && target.Scheme == Uri.UriSchemeHttps
            && string.Equals(target.Authority, workspace.ArmEndpoint.Authority, StringComparison.OrdinalIgnoreCase))
        {
            var expected = pinned.RawData;
#pragma warning disable CA2000 // The transport owns the handler for the client's lifetime.
            blob.Transport = new HttpClientTransport(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.RawData.AsSpan().SequenceEqual(expected),
            });
#pragma warning restore CA2000
        }
        return blob;
    }

    /// <summary>A temporary folder for one snapshot, removed afterwards.</summary>
    private sealed class Staging : IDisposable
    {
        private readonly string _root;

        private Staging(string root) => _root = root;

        /// <summary>Where the snapshot goes (created by the copy, inside the staging folder).</summary>
        public string Target => Path.Combine(_root, "snapshot");

        public static Staging Create() => new(Directory.CreateTempSubdirectory("trainingjobs-upload-").FullName);

        public void Dispose()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless; failing the submit over it would not be.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
