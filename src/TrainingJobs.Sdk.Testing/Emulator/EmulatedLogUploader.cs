using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>
/// Mirrors the log files of one running job into append blobs under <c>ExperimentRun/dcid.&lt;job&gt;/</c> as they grow,
/// as a real compute does, so a client can read them while the job runs. It is driven by the local job's own log events
/// (<see cref="Advance"/>): a background pump appends the bytes between what was uploaded and what the job has written.
/// The pump appends all that is pending at once, so a burst of lines costs one append, not one per line.
/// </summary>
internal sealed class EmulatedLogUploader
{
    private readonly BlobContainerClient _container;
    private readonly string _artifactsFolder;
    private readonly string _prefix;
    private readonly object _gate = new();
    private readonly Dictionary<string, LogFile> _files = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private bool _signaled;
    private bool _done;
    private Task _pump = Task.CompletedTask;

    public EmulatedLogUploader(BlobContainerClient container, string artifactsFolder, string prefix)
    {
        _container = container;
        _artifactsFolder = artifactsFolder;
        _prefix = prefix;
    }

    /// <summary>Starts the pump.</summary>
    public void Start() => _pump = Task.Run(PumpAsync);

    /// <summary>The job has written <paramref name="file"/> (relative to its artifacts) up to <paramref name="offset"/>.</summary>
    public void Advance(string file, long offset)
    {
        lock (_gate)
        {
            if (!_files.TryGetValue(file, out var log)) _files[file] = log = new LogFile();
            if (offset <= log.Wanted) return;
            log.Wanted = offset;
            if (_signaled) return;
            _signaled = true;
        }
        _signal.Release();
    }

    /// <summary>Uploads what is still pending, each file to its full length on disk (a last line without a line break included), and stops the pump.</summary>
    /// <returns>The relative names of the files this uploader owns (the final artifact upload leaves them alone).</returns>
    public async Task<IReadOnlyCollection<string>> CompleteAsync()
    {
        lock (_gate) _done = true;
        _signal.Release();
        await _pump.ConfigureAwait(false);
        List<string> names;
        lock (_gate) names = [.. _files.Keys];
        foreach (var file in names)
        {
            var length = new FileInfo(Path.Combine(_artifactsFolder, file)).Length;
            Advance(file, length);
            await UploadPendingAsync(file).ConfigureAwait(false);
        }
        return names;
    }

    /// <summary>Stops the pump after what it is uploading now, without the final upload (the run broke off).</summary>
    public void Stop()
    {
        lock (_gate) _done = true;
        _signal.Release();
    }

    /// <summary>The log files with a blob already (relative name → blob name).</summary>
    public IReadOnlyList<(string File, string Blob)> Created()
    {
        lock (_gate)
        {
            return _files.Where(f => f.Value.Created).Select(f => (f.Key, _prefix + f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            await _signal.WaitAsync().ConfigureAwait(false);
            List<string> names;
            bool done;
            lock (_gate)
            {
                _signaled = false;
                names = [.. _files.Keys];
                done = _done;
            }
            foreach (var file in names) await UploadPendingAsync(file).ConfigureAwait(false);
            if (done) return;
        }
    }

    private async Task UploadPendingAsync(string file)
    {
        long from, to;
        LogFile log;
        lock (_gate)
        {
            log = _files[file];
            (from, to) = (log.Uploaded, log.Wanted);
        }
        if (to <= from && log.Created) return;
        var blob = _container.GetAppendBlobClient(_prefix + file);
        if (!log.Created)
        {
            await blob.CreateIfNotExistsAsync().ConfigureAwait(false);
            lock (_gate) log.Created = true;
        }
        await using var stream = new FileStream(Path.Combine(_artifactsFolder, file), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(from, SeekOrigin.Begin);
        var buffer = new byte[Math.Min(blob.AppendBlobMaxAppendBlockBytes, 1 << 22)];
        while (from < to)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, to - from))).ConfigureAwait(false);
            if (read == 0) break;
            using var block = new MemoryStream(buffer, 0, read, writable: false);
            await blob.AppendBlockAsync(block).ConfigureAwait(false);
            from += read;
            lock (_gate) log.Uploaded = from;
        }
    }

    /// <summary>A read-only SAS URL to a blob of the container, valid for 30 minutes as azure-ai-ml's are.</summary>
    public static Uri ReadSas(BlobContainerClient container, string blob) =>
        // The expiry is checked by Azurite against the real clock, not the emulator's TimeProvider.
        container.GetBlobClient(blob).GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(30));

    private sealed class LogFile
    {
        public long Uploaded;
        public long Wanted;
        public bool Created;
    }
}
