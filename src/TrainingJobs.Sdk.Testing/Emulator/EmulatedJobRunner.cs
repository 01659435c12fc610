using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Testing.Emulator.Blob;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>
/// Runs the command jobs PUT to the emulator with the local backend: downloads the code version from Blob storage,
/// submits the job to a local workspace under the data folder, mirrors its status onto the ARM job, and at the end
/// uploads its logs and artifacts to <c>ExperimentRun/dcid.&lt;job&gt;/</c> of the <c>azureml</c> container
/// (<c>workspaceartifactstore</c>) and its named outputs where the job's outputs point (by default
/// <c>azureml/&lt;job&gt;/&lt;output&gt;/</c> of the workspace container). The image and compute are ignored: jobs run
/// on the emulator's machine. Log files are uploaded as they grow, to append blobs (<see cref="EmulatedLogUploader"/>),
/// and listed by run history's details (<see cref="LogFiles"/>).
/// </summary>
internal sealed partial class EmulatedJobRunner : IAsyncDisposable
{
    /// <summary>The container of the <c>workspaceartifactstore</c> datastore, as in a real workspace's storage account.</summary>
    public const string ArtifactContainer = "azureml";

    /// <summary>The local workspace the emulated jobs run in (also read by the workspace's MLflow endpoint).</summary>
    internal static string LocalHome(string dataDirectory) => Path.Combine(dataDirectory, "local");

    private readonly EmulatedWorkspace _workspace;
    private readonly string _dataDirectory;
    private readonly Lazy<TrainingJobsClient> _local;
    private readonly ConcurrentDictionary<string, Run> _runs = new(StringComparer.Ordinal);

    public EmulatedJobRunner(EmulatedWorkspace workspace, string dataDirectory)
    {
        _workspace = workspace;
        _dataDirectory = dataDirectory;
        // Made at the first run: a workspace that only manages jobs (RunJobs off, or no job submitted) never creates one.
        _local = new(() => new TrainingJobsClient(new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = LocalHome(dataDirectory) })));
    }

    [GeneratedRegex("datastores/(?<store>[^/]+)/paths/(?<path>.*)$")]
    private static partial Regex DatastorePath();

    /// <summary>Whether the runner has taken the job (then it, not the cancel operation, decides the final status).</summary>
    public bool Tracks(string name) => _runs.ContainsKey(name);

    /// <summary>Whether a run of the job is still going (downloading, running or uploading).</summary>
    public bool IsActive(string name) => _runs.TryGetValue(name, out var run) && !run.Task.IsCompleted;

    /// <summary>The run of a job, for tests to await; a completed task when the job was never run.</summary>
    public Task WhenFinished(string name) => _runs.TryGetValue(name, out var run) ? run.Task : Task.CompletedTask;

    /// <summary>Starts running a job that was just created.</summary>
    public void Start(string name, JsonObject job)
    {
        // The task is set before the run is visible, so a cancel that follows the PUT always finds it active.
        var run = new Run();
        run.Task = Task.Run(() => RunAsync(name, job, run));
        _runs[name] = run;
    }

    /// <summary>Asks a run to stop: before the local submit it just ends; after it the local job is canceled (its processes end).</summary>
    public void Cancel(string name)
    {
        if (!_runs.TryGetValue(name, out var run))
        {
            return;
        }
        run.Cancel.Cancel();
        if (run.Submitted)
        {
            _ = CancelLocalAsync(name);
        }
    }

    private async Task CancelLocalAsync(string name)
    {
        try
        {
            await _local.Value.CancelAsync(name).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The job may have ended on its own meanwhile; the status stream reports what happened either way.
        }
    }

    private async Task RunAsync(string name, JsonObject job, Run run)
    {
        try
        {
            _workspace.SetJobStatus(name, "Starting");
            var properties = (JsonObject)job["properties"]!;
            if (string.Equals(properties["jobType"]?.GetValue<string>(), "Pipeline", StringComparison.OrdinalIgnoreCase))
            {
                await RunPipelineAsync(name, properties, run).ConfigureAwait(false);
                return;
            }
            var read = JobRestMapper.ReadJob(job.ToJsonString());
            if (read.Definition is not CommandJob command)
            {
                Finish(name, "Failed", "NotSupported", $"The emulator runs command and pipeline jobs only; a {read.JobType ?? "job of unknown type"} job is kept but not run.");
                return;
            }
            var code = Path.Combine(_dataDirectory, "code", name);
            Directory.CreateDirectory(code);
            if (properties["codeId"]?.GetValue<string>() is { Length: > 0 } codeId)
            {
                if (_workspace.Assets.CodeUriOf(codeId) is not { } codeUri)
                {
                    Finish(name, "Failed", "CodeNotFound", $"The code version '{codeId}' is not in this workspace.");
                    return;
                }
                await DownloadAsync(_workspace.BlobServiceUri, codeUri, code, run.Cancel.Token).ConfigureAwait(false);
            }
            var inputs = new List<KeyValuePair<string, JobInput>>();
            foreach (var (input, value) in command.Inputs)
            {
                inputs.Add(KeyValuePair.Create(input, await LocalInputAsync(name, input, value, run.Cancel.Token).ConfigureAwait(false)));
            }
            run.Cancel.Token.ThrowIfCancellationRequested();
            var definition = command with
            {
                Name = name,
                Code = code,
                // Images and computes mean nothing on the emulator's machine: the command runs with its tools.
                Environment = null,
                Compute = null,
                Inputs = ValueMap<JobInput>.From(inputs),
                Outputs = ValueMap<JobOutput>.From(command.Outputs.Select(o => KeyValuePair.Create(o.Key, o.Value with { Path = null }))),
            };
            try
            {
                await _local.Value.SubmitAsync(definition).ConfigureAwait(false);
            }
            catch (JobValidationException e)
            {
                Finish(name, "Failed", "LocalValidationFailed",
                    "The local backend refused the job: " + string.Join("; ", e.Diagnostics.Where(d => d.IsError).Select(d => $"{d.Code} {d.Message}")));
                return;
            }
            run.Submitted = true;
            if (run.Cancel.IsCancellationRequested)
            {
                _ = CancelLocalAsync(name);
            }
            _workspace.SetJobStatus(name, "Queued");
            JobStatusEvent? final = null;
            var jobFolder = Path.Combine(LocalHome(_dataDirectory), "jobs", name);
            var logs = new EmulatedLogUploader(Container(_workspace.BlobServiceUri, ArtifactContainer), Path.Combine(jobFolder, "artifacts"), ArtifactPrefix(name));
            run.Logs = logs;
            logs.Start();
            // The job's own log events drive the upload, so its logs grow in Blob storage while it runs.
            await foreach (var e in _local.Value.StreamAsync(name, new StreamOptions { IncludeLogs = true, IncludeMetrics = false }).ConfigureAwait(false))
            {
                if (e is JobLogEvent line)
                {
                    if (line.Position.TryGetLogOffset(line.File, out var next))
                    {
                        logs.Advance(line.File, next);
                    }
                    continue;
                }
                if (e is not JobStatusEvent status)
                {
                    continue;
                }
                if (status.Status.IsTerminal)
                {
                    final = status;
                    break;
                }
                _workspace.SetJobStatus(name, status.Status.ToString());
            }
            var local = await _local.Value.GetAsync(name).ConfigureAwait(false);
            _workspace.SetJobStatus(name, "Finalizing");
            var uploadedLogs = await logs.CompleteAsync().ConfigureAwait(false);
            await UploadResultsAsync(name, properties, uploadedLogs).ConfigureAwait(false);
            var outcome = (final?.Status ?? local.Status).ToString();
            var error = final?.Error ?? local.Error;
            Finish(name, outcome, error?.Code.ToString(), error?.Message, local.ExitCode);
        }
        catch (OperationCanceledException) when (run.Cancel.IsCancellationRequested && !run.Submitted)
        {
            Finish(name, "Canceled", null, null);
        }
        catch (Exception e)
        {
            // A run that broke off does not leave its log pump waiting for events that will not come.
            run.Logs?.Stop();
            Finish(name, "Failed", "EmulatorError", $"The emulator could not run the job: {e.Message}");
        }
    }

    /// <summary>
    /// An input as the local run takes it: a folder on the workspace's default datastore (an earlier pipeline step's
    /// output, say) is downloaded from Blob storage into the emulator's data folder; any other input is passed as it is.
    /// </summary>
    private async Task<JobInput> LocalInputAsync(string job, string input, JobInput value, CancellationToken cancellationToken)
    {
        if (value is not AssetInput { Path: { } path } asset || DatastorePath().Match(path) is not { Success: true } match
            || match.Groups["store"].Value != EmulatedAssets.DefaultDatastore)
        {
            return value;
        }
        var folder = Path.Combine(_dataDirectory, "inputs", job, input);
        Directory.CreateDirectory(folder);
        var blobs = new Uri($"{_workspace.BlobServiceUri.AbsoluteUri.TrimEnd('/')}/{_workspace.ContainerName}/{match.Groups["path"].Value.TrimEnd('/')}");
        await DownloadAsync(_workspace.BlobServiceUri, blobs, folder, cancellationToken).ConfigureAwait(false);
        return asset with { Path = folder, Mode = null, Datastore = null };
    }

    private void Finish(string name, string status, string? code, string? message, int? exitCode = null) =>
        _workspace.FinishJob(name, status, code, message, exitCode);

    private static BlobContainerClient Container(Uri serviceUri, string container) =>
        new(new Uri($"{serviceUri.AbsoluteUri.TrimEnd('/')}/{container}"), new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey));

    private static async Task DownloadAsync(Uri blobService, Uri codeUri, string folder, CancellationToken cancellationToken)
    {
        var parts = new BlobUriBuilder(codeUri);
        // Read from Azurite itself, whatever host the client's upload URL named (a fault proxy's): the emulator's own
        // reads meet no injected faults.
        var container = new BlobContainerClient(new Uri($"{blobService.GetLeftPart(UriPartial.Authority)}/{parts.AccountName}/{parts.BlobContainerName}"),
            new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey));
        var prefix = parts.BlobName.TrimEnd('/') + "/";
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            var relative = item.Name[prefix.Length..];
            var target = Path.GetFullPath(Path.Combine(folder, relative));
            // A blob name with ".." must not write outside the code folder.
            if (!target.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The code blob '{item.Name}' lies outside its folder.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await container.GetBlobClient(item.Name).DownloadToAsync(target, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Where a job's artifacts (logs included) lie in the <c>azureml</c> container.</summary>
    private static string ArtifactPrefix(string name) => $"ExperimentRun/dcid.{name}/";

    /// <summary>
    /// The log files of a job that have a blob, each with a read-only SAS URL, as run history's <c>logFiles</c> lists
    /// them (relative name → URL); empty for a job the runner did not run.
    /// </summary>
    public IReadOnlyList<(string File, Uri Url)> LogFiles(string name)
    {
        if (!_runs.TryGetValue(name, out var run) || run.Logs is not { } logs)
        {
            return [];
        }
        // Signed locally; made with the URL clients are told of, since a SAS does not sign the host.
        var container = Container(_workspace.ClientBlobServiceUri, ArtifactContainer);
        return logs.Created().Select(f => (f.File, EmulatedLogUploader.ReadSas(container, f.Blob))).ToList();
    }

    private async Task UploadResultsAsync(string name, JsonObject properties, IReadOnlyCollection<string> uploadedLogs)
    {
        var service = _workspace.BlobServiceUri;
        var jobFolder = Path.Combine(LocalHome(_dataDirectory), "jobs", name);
        // The logs are in their append blobs already: uploading them again would replace blobs a client may be reading.
        await UploadFolderAsync(Container(service, ArtifactContainer), Path.Combine(jobFolder, "artifacts"), ArtifactPrefix(name), uploadedLogs).ConfigureAwait(false);
        if (properties["outputs"] is not JsonObject outputs)
        {
            return;
        }
        foreach (var (output, value) in outputs)
        {
            var (container, prefix) = (_workspace.ContainerName, $"azureml/{name}/{output}/");
            if (value?["uri"]?.GetValue<string>() is { } uri && DatastorePath().Match(uri) is { Success: true } match)
            {
                var store = match.Groups["store"].Value;
                if (string.Equals(store, EmulatedAssets.ArtifactDatastore, StringComparison.OrdinalIgnoreCase))
                {
                    container = ArtifactContainer;
                }
                if (store is EmulatedAssets.DefaultDatastore or EmulatedAssets.ArtifactDatastore)
                {
                    prefix = match.Groups["path"].Value;
                }
            }
            await UploadFolderAsync(Container(service, container), Path.Combine(jobFolder, "outputs", output), prefix, []).ConfigureAwait(false);
        }
    }

    internal static async Task UploadFolderAsync(BlobContainerClient container, string folder, string prefix, IReadOnlyCollection<string> skip)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (skip.Contains(relative))
            {
                continue;
            }
            // The job's supervisor may still append to its own log (system_logs/supervisor.txt) after the terminal
            // status: a file stream's length is read once and a longer body then breaks every retry ("content would
            // exceed Content-Length"), so what is uploaded is a copy taken now, whole up to its end.
            var snapshot = Path.Combine(Path.GetTempPath(), $"tj-emulator-{Guid.NewGuid():N}");
            try
            {
                File.Copy(file, snapshot);
                await using var stream = File.OpenRead(snapshot);
                await container.GetBlobClient(prefix + relative).UploadAsync(stream, overwrite: true).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(snapshot);
            }
        }
    }

    /// <summary>Cancels every run still going and waits for them, so no job process outlives the emulator.</summary>
    /// <returns>A task that completes when every run has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var (name, run) in _runs)
        {
            if (!run.Task.IsCompleted)
            {
                Cancel(name);
            }
        }
        foreach (var run in _runs.Values)
        {
            try
            {
                await run.Task.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // RunAsync reports its own failures on the job; nothing is left to say at dispose.
            }
            run.Cancel.Dispose();
        }
    }

    private sealed class Run
    {
        public CancellationTokenSource Cancel { get; } = new();

        public Task Task { get; set; } = Task.CompletedTask;

        public volatile bool Submitted;

        /// <summary>The uploader of the job's logs, once the local job was submitted.</summary>
        public volatile EmulatedLogUploader? Logs;
    }
}
