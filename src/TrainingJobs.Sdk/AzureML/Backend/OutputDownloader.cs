using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TrainingJobs.Sdk.AzureML.Arm;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// Downloads a finished job's default artifacts and named outputs from the workspace's Blob datastores, in the
/// <c>az ml job download</c> layout (<c>artifacts/</c>, <c>named-outputs/&lt;name&gt;/</c>), located as azure-ai-ml does:
/// the output's datastore URI when the job names one, else <c>azureml/{job}/{output}/</c> then
/// <c>dataset/{job}/{output}/</c> of <c>workspaceblobstore</c>; the default artifacts at <c>ExperimentRun/dcid.{job}/</c>
/// of <c>workspaceartifactstore</c>. Blobs are fetched in parallel, each to a temporary name in its folder and renamed
/// when complete and checked (size, and Content-MD5 when the service keeps one), so an interrupted download leaves no
/// half file under a real name and a second call fetches only what is not complete yet. A blob name that would land
/// outside its output folder is refused, never written.
/// </summary>
internal sealed partial class OutputDownloader(ArmAssetOperations assets, Uri? blobServiceOverride, TokenCredential credential, Func<Uri, BlobClientOptions> blobOptions)
{
    /// <summary>Blob downloads in flight at once.</summary>
    internal const int MaxParallelDownloads = 8;

    /// <summary>The datastore of run artifacts and logs (the <c>azureml</c> container of the workspace's account).</summary>
    internal const string ArtifactDatastore = "workspaceartifactstore";

    /// <summary>The name of the default artifacts in a job's outputs and in <see cref="DownloadOptions.OutputName"/>.</summary>
    private const string DefaultOutput = "default";

    /// <summary>Blob downloads in flight at once.</summary>
    internal int Parallelism { get; init; } = MaxParallelDownloads;

    private readonly DatastoreContainers _containers = new(assets, blobServiceOverride, credential, blobOptions);

    [GeneratedRegex("^azureml://(?:subscriptions/[^/]+/resource[gG]roups/[^/]+/(?:providers/Microsoft\\.MachineLearningServices/)?workspaces/[^/]+/)?datastores/(?<store>[^/]+)/paths/(?<path>.*)$")]
    private static partial Regex DatastoreUri();

    /// <summary>
    /// Downloads what <paramref name="options"/> asks for of the job <paramref name="name"/>, whose ARM outputs are
    /// <paramref name="outputs"/>; the default artifacts go to <paramref name="artifactsFolder"/> (and are reported by that name).
    /// </summary>
    public async Task<DownloadResult> DownloadAsync(string name, JsonElement outputs, DownloadOptions options, CancellationToken cancellationToken,
        string artifactsFolder = "artifacts")
    {
        var declared = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (outputs.ValueKind == JsonValueKind.Object)
        {
            foreach (var output in outputs.EnumerateObject())
            {
                declared[output.Name] = output.Value.ValueKind == JsonValueKind.Object && output.Value.TryGetProperty("uri", out var uri) && uri.ValueKind == JsonValueKind.String ? uri.GetString() : null;
            }
        }
        var wanted = new List<(string Name, string Folder, IReadOnlyList<(string Store, string Path)> Places)>();
        if (options.All || options.OutputName is null or DefaultOutput)
        {
            wanted.Add((artifactsFolder, artifactsFolder, [Place(declared.GetValueOrDefault(DefaultOutput), name, DefaultOutput) ?? (ArtifactDatastore, $"ExperimentRun/dcid.{name}")]));
        }
        var named = options.All ? declared.Keys.Where(k => k != DefaultOutput).ToList()
            : options.OutputName is { } asked and not DefaultOutput ? [asked]
            : [];
        foreach (var output in named)
        {
            if (!IsSafeSegment(output)) throw new ArgumentException($"'{output}' is not an output name: it cannot name a folder under named-outputs/.", nameof(options));
            IReadOnlyList<(string, string)> places = Place(declared.GetValueOrDefault(output), name, output) is { } given
                ? [given]
                : [(ArmAssetOperations.DefaultDatastore, $"azureml/{name}/{output}"), (ArmAssetOperations.DefaultDatastore, $"dataset/{name}/{output}")];
            wanted.Add((output, $"named-outputs/{output}", places));
        }

        var root = Path.GetFullPath(options.DownloadPath ?? Directory.GetCurrentDirectory());
        var missing = new List<string>();
        var skipped = new ConcurrentBag<SkippedItem>();
        var files = new List<FileToFetch>();
        var found = new List<(string Name, string Folder)>();
        foreach (var (output, folder, places) in wanted)
        {
            var listed = await ListAsync(places, cancellationToken).ConfigureAwait(false);
            if (listed.Count == 0)
            {
                missing.Add(output);
                continue;
            }
            found.Add((output, folder));
            foreach (var (container, blob, relative, size, md5) in listed)
            {
                var shown = $"{folder}/{relative}";
                if (Refusal(relative) is { } why)
                {
                    skipped.Add(new SkippedItem(shown, $"blob '{blob}' {why}: it would not stay inside the download folder, so it was refused"));
                    continue;
                }
                files.Add(new FileToFetch(output, container.GetBlobClient(blob), Path.Combine(root, folder, relative.Replace('/', Path.DirectorySeparatorChar)), shown, size, md5));
            }
        }

        var totals = new ConcurrentDictionary<string, (int Files, long Bytes)>(StringComparer.Ordinal);
        foreach (var (output, _) in found) totals[output] = (0, 0);
        var progress = new ProgressCounter(options.Progress, files.Count, files.Sum(f => f.Size ?? 0));
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var outcome = await FetchAsync(file, root, token).ConfigureAwait(false);
            if (outcome.Skipped is { } reason) skipped.Add(new SkippedItem(file.Shown, reason));
            else totals.AddOrUpdate(file.Output, (1, outcome.Bytes), (_, t) => (t.Files + 1, t.Bytes + outcome.Bytes));
            progress.FileDone(file.Size ?? 0);
        }).ConfigureAwait(false);

        var downloaded = found.Select(o => new DownloadedOutput(o.Name, Path.Combine(root, o.Folder), totals[o.Name].Files, totals[o.Name].Bytes)).ToList();
        return new DownloadResult(downloaded, missing, skipped.OrderBy(s => s.Path, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The datastore and path of an output's URI when it names a datastore path (short or long form), with the
    /// <c>${{name}}</c> and <c>${{output_name}}</c> expressions the service fills in filled in; null otherwise.
    /// </summary>
    internal static (string Store, string Path)? Place(string? uri, string job, string output)
    {
        if (uri is null) return null;
        var filled = uri.Replace("${{name}}", job, StringComparison.Ordinal).Replace("${{output_name}}", output, StringComparison.Ordinal);
        if (filled.Contains("${{", StringComparison.Ordinal) || DatastoreUri().Match(filled) is not { Success: true } match) return null;
        return (match.Groups["store"].Value, Uri.UnescapeDataString(match.Groups["path"].Value).TrimEnd('/'));
    }

    /// <summary>
    /// The blobs of the first place that has any: every blob under <c>path/</c>, else the blob named <c>path</c> itself
    /// (a <c>uri_file</c> output), named by its leaf. Names ending in <c>/</c> are folder markers, not files.
    /// </summary>
    private async Task<List<(BlobContainerClient Container, string Blob, string Relative, long? Size, byte[]? Md5)>> ListAsync(IReadOnlyList<(string Store, string Path)> places, CancellationToken cancellationToken)
    {
        var listed = new List<(BlobContainerClient, string, string, long?, byte[]?)>();
        foreach (var (store, path) in places)
        {
            var container = await ContainerAsync(store, cancellationToken).ConfigureAwait(false);
            var prefix = path.Length == 0 ? "" : path + "/";
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
            {
                if (item.Name.EndsWith('/') && item.Properties.ContentLength is null or 0) continue;
                listed.Add((container, item.Name, item.Name[prefix.Length..], item.Properties.ContentLength, item.Properties.ContentHash is { Length: > 0 } hash ? hash : null));
            }
            if (listed.Count == 0 && path.Length > 0)
            {
                try
                {
                    var properties = (await container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                    listed.Add((container, path, path[(path.LastIndexOf('/') + 1)..], properties.ContentLength, properties.ContentHash is { Length: > 0 } hash ? hash : null));
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // Neither a folder nor a file: the next place, or missing.
                }
            }
            if (listed.Count > 0) break;
        }
        return listed;
    }

    /// <summary>One container client per datastore per download: one datastore GET and listSecrets each.</summary>
    private Task<BlobContainerClient> ContainerAsync(string store, CancellationToken cancellationToken) => _containers.GetAsync(store, cancellationToken);

    /// <summary>Why a blob name relative to its output folder cannot be written inside it; null when it can.</summary>
    internal static string? Refusal(string relative)
    {
        if (relative.Length == 0) return "has an empty name";
        if (relative.Contains('\\', StringComparison.Ordinal)) return "has a '\\' in its name";
        if (relative.Contains('\0', StringComparison.Ordinal)) return "has a NUL character in its name";
        if (relative.StartsWith('/')) return "names an absolute path";
        foreach (var segment in relative.Split('/'))
        {
            if (segment is ".." or ".") return $"has a '{segment}' path segment";
            if (segment.Length == 0) return "has an empty path segment";
        }
        return null;
    }

    /// <summary>A name usable as one folder name: no separators, not <c>.</c> or <c>..</c>.</summary>
    internal static bool IsSafeSegment(string name) => name.Length > 0 && Refusal(name) is null && !name.Contains('/', StringComparison.Ordinal);

    private static async Task<(long Bytes, string? Skipped)> FetchAsync(FileToFetch file, string root, CancellationToken cancellationToken)
    {
        var target = file.Target;
        // A second guard behind the name check: whatever the name, the file's full path is under the download folder.
        if (!Path.GetFullPath(target).StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return (0, "it would be written outside the download folder: refused");
        }
        if (LinkInTheWay(root, target) is { } link) return (0, $"'{link}' in the download folder is a symbolic link: not followed, nothing written through it");
        try
        {
            if (file.Size is { } size && await IsCompleteAsync(target, size, file.Md5, cancellationToken).ConfigureAwait(false)) return (size, null);
            var folder = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(folder);
            // Hidden, unique, and short enough for the file system's name limit whatever the blob's leaf is.
            var leaf = Path.GetFileName(target);
            var temporary = Path.Combine(folder, $".{leaf[..Math.Min(leaf.Length, 120)]}.{Guid.NewGuid():N}.tjpart");
            try
            {
                var (written, problem) = await WriteAsync(file, temporary, cancellationToken).ConfigureAwait(false);
                if (problem is not null) return (0, problem);
                File.Move(temporary, target, overwrite: true);
                return (written, null);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (0, $"blob '{file.Blob.Name}' was deleted while the download ran");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (0, $"could not be written: {e.Message}");
        }
    }

    /// <summary>
    /// Streams the blob to <paramref name="temporary"/>, hashing as it goes when there is an MD5 to check it against (a
    /// blob without one is not hashed: MD5 was measured at about a quarter of the download's CPU per byte); a size or MD5
    /// mismatch is a problem, not a file.
    /// </summary>
    private static async Task<(long Written, string? Problem)> WriteAsync(FileToFetch file, string temporary, CancellationToken cancellationToken)
    {
        using var response = (await file.Blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        // The blob's stored MD5: x-ms-blob-content-md5 when the read was resumed by ranges, Content-MD5 on the whole-blob
        // read this is, else the listing's. Known from the answer's headers, before its body.
        var expected = response.Details.BlobContentHash is { Length: > 0 } stored ? stored
            : response.Details.ContentHash is { Length: > 0 } whole ? whole
            : file.Md5;
        using var md5 = expected is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long written = 0;
        // Pooled: eight downloads in flight would otherwise allocate a fresh 80 KiB buffer per file.
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            await using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            int read;
            while ((read = await response.Content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                md5?.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                written += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var expectedLength = response.Details.ContentLength;
        if (written != expectedLength) return (0, $"blob '{file.Blob.Name}' arrived with {written} bytes, not the {expectedLength} the service announced: not kept");
        if (md5 is not null && md5.GetHashAndReset() is var actual && !actual.AsSpan().SequenceEqual(expected))
        {
            return (0, $"blob '{file.Blob.Name}' does not match its Content-MD5 (expected {Convert.ToBase64String(expected!)}, got {Convert.ToBase64String(actual)}): not kept");
        }
        return (written, null);
    }

    /// <summary>A file already there from an earlier download: the same size, and the same MD5 when the service gives one.</summary>
    private static async Task<bool> IsCompleteAsync(string target, long size, byte[]? md5, CancellationToken cancellationToken)
    {
        var info = new FileInfo(target);
        if (!info.Exists || info.LinkTarget is not null || info.Length != size) return false;
        if (md5 is null) return true;
        await using var stream = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var local = await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return local.AsSpan().SequenceEqual(md5);
    }

    /// <summary>The first folder or file on the way from the download folder to <paramref name="target"/> that is a symbolic link; null when none.</summary>
    private static string? LinkInTheWay(string root, string target)
    {
        var relative = Path.GetRelativePath(root, target);
        var current = root;
        foreach (var segment in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null) return Path.GetRelativePath(root, current);
            if (!info.Exists && !Directory.Exists(current)) return null;
        }
        return null;
    }

    /// <summary>
    /// Counts files done and reports each step in order: the counting and the report share a lock, so a listener never
    /// sees the count go back even though files finish on several threads.
    /// </summary>
    private sealed class ProgressCounter
    {
        private readonly IProgress<DownloadProgress>? _listener;
        private readonly int _files;
        private readonly long _bytes;
        private readonly Lock _gate = new();
        private int _filesDone;
        private long _bytesDone;

        public ProgressCounter(IProgress<DownloadProgress>? listener, int files, long bytes)
        {
            _listener = listener;
            _files = files;
            _bytes = bytes;
            _listener?.Report(new DownloadProgress(0, files, 0, bytes));
        }

        public void FileDone(long bytes)
        {
            if (_listener is null) return;
            lock (_gate)
            {
                _filesDone++;
                _bytesDone += bytes;
                _listener.Report(new DownloadProgress(_filesDone, _files, _bytesDone, _bytes));
            }
        }
    }

    /// <summary>One blob to fetch: its output, client, local path and what the listing said of it.</summary>
    private sealed record FileToFetch(string Output, BlobClient Blob, string Target, string Shown, long? Size, byte[]? Md5);
}
