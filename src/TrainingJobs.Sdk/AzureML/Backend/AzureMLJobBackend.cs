using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using TrainingJobs.Sdk.AzureML.Arm;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// The Azure ML backend: jobs are ARM resources of one workspace, written with <see cref="JobRestMapper"/>'s PUT body
/// and read back with its reader. Local code and inputs are uploaded and short references resolved at submit (what is
/// not yet: TJ5xxx refusals); outputs are downloaded from Blob storage; streaming follows status and logs
/// (<see cref="AzureJobStream"/>); metric points in the stream come from the workspace's MLflow endpoint (<see cref="Tracking.WorkspaceMetricsReader"/>); its record (<see cref="RecordProperties"/>) joins what the client observed at submission with what the service returns.
/// </summary>
internal sealed class AzureMLJobBackend : JobBackend
{
    /// <inheritdoc/>
    public override string TelemetryName => "azureml";

    private const string NotYet = "is not available for Azure ML workspaces yet: it arrives with Azure streaming and download support (issue 11). See docs/azure.md.";

    private readonly TimeProvider _time;
    private readonly Uri? _blobServiceUri;

    public AzureMLJobBackend(AzureMLWorkspaceOptions workspace, TrainingJobsClientOptions options)
        : this(workspace, options, ArmPipeline.CredentialOf(workspace))
    {
    }

    private AzureMLJobBackend(AzureMLWorkspaceOptions workspace, TrainingJobsClientOptions options, TokenCredential credential)
    {
        var scope = workspace.ToScope();
        _time = workspace.TimeProvider;
        _blobServiceUri = workspace.BlobServiceUri;
        Operations = new ArmJobOperations(ArmPipeline.Build(workspace, credential, options), workspace.ArmEndpoint, scope,
            options.Version.ToApiVersion(), _time, credential.GetType().Name);
        Assets = new ArmAssetOperations(Operations);
        Uploader = new AssetUploader(Assets, workspace, options);
        _credential = credential;
        // One Workspaces_Get serves both: the discovery URL (run history) and the MLflow tracking URI (metrics).
        var properties = new WorkspaceProperties(Operations);
        History = new RunHistory(Operations, properties);
        Metrics = new Tracking.WorkspaceMetricsReader(Operations, properties);
        _armEndpoint = workspace.ArmEndpoint;
        var sas = ArmPipeline.BuildForSas(options);
        _datastores = () => new DatastoreContainers(Assets, _blobServiceUri, credential, Uploader.BlobOptions);
        Logs = new AzureRunLogs(History, sas);
        Streams = new AzureJobStream(Operations, sas, _time, properties, History, _datastores, Logs);
    }

    /// <summary>Makes the datastore clients a log listing reads blobs with when run history lists no log files.</summary>
    private readonly Func<DatastoreContainers> _datastores;

    /// <summary>Which log files a run has, for the stream and for evidence bundles.</summary>
    private AzureRunLogs Logs { get; }

    /// <summary>Run history: log files for the stream, and the error of a failed job.</summary>
    private RunHistory History { get; }

    /// <summary>Status and log streaming (run history and ranged blob reads).</summary>
    private AzureJobStream Streams { get; }

    private readonly TokenCredential _credential;

    private readonly Uri _armEndpoint;

    /// <summary>The job's MLflow run (metrics, params and tags) through the workspace's tracking endpoint.</summary>
    private Tracking.WorkspaceMetricsReader Metrics { get; }

    /// <summary>Blob downloads in flight at once (1: one blob at a time, the benchmark's contrast).</summary>
    internal int DownloadParallelism { get; init; } = OutputDownloader.MaxParallelDownloads;

    /// <summary>The asset look-ups and creations a submit makes.</summary>
    internal ArmAssetOperations Assets { get; }

    private AssetUploader Uploader { get; }

    /// <summary>The ARM job operations.</summary>
    internal ArmJobOperations Operations { get; }

    private AzureMLWorkspaceScope Scope => Operations.Scope;

    public override Task<IReadOnlyList<Diagnostic>> ValidateAsync(JobDefinition definition, SubmitOptions options, CancellationToken cancellationToken)
    {
        var (_, diagnostics, session) = Build(definition with { Name = definition.Name ?? "validation" });
        var baseDirectory = options.BaseDirectory ?? Directory.GetCurrentDirectory();
        var missing = session.PendingAssets.Where(Uploadable)
            .Where(p => !Path.Exists(FullPath((string)p.Source, baseDirectory)))
            .Select(p => new Diagnostic(Local.LocalDiagnosticCodes.PathNotFound, DiagnosticSeverity.Error,
                $"'{p.Source}' does not exist (looked at {FullPath((string)p.Source, baseDirectory)}); local code and inputs are uploaded from there at submit.", p.Path));
        return Task.FromResult<IReadOnlyList<Diagnostic>>([.. diagnostics, .. missing]);
    }

    /// <summary>
    /// The PUT body and this backend's diagnostics: the REST face's, with what still cannot be uploaded or looked up
    /// refused (TJ5001, TJ5002). Local code and local inputs to the default datastore are uploaded at submit, and
    /// <c>name@latest</c> of environments and data is looked up then.
    /// </summary>
    private (JsonObject Body, IReadOnlyList<Diagnostic> Diagnostics, RestMappingSession Session) Build(JobDefinition definition)
    {
        var session = new RestMappingSession(Scope);
        var payload = JobRestMapper.ToRest(definition, session);
        // The validator's findings the client reports already; the REST face also uses validator codes for rules only the
        // payload has (an optional input without a path must still have one here), and those must not be dropped.
        var reported = JobValidator.Validate(definition).Select(d => (d.Code, d.Path, d.Message)).ToHashSet();
        var diagnostics = new List<Diagnostic>();
        foreach (var d in payload.Diagnostics)
        {
            if (d.Code == RestDiagnosticCodes.PendingAsset)
            {
                var pending = session.PendingAssets.FirstOrDefault(p => p.Path == d.Path);
                if (pending is not null && Uploadable(pending))
                {
                    diagnostics.Add(d);
                    continue;
                }
                diagnostics.Add(new Diagnostic(AzureMLDiagnosticCodes.NeedsUpload, DiagnosticSeverity.Error,
                    $"{d.Message} Registering inline environments and local components, and uploading to a datastore other than '{ArmAssetOperations.DefaultDatastore}', are not built yet for Azure ML workspaces: refer to a registered asset (azureml:name:version or an ARM id) for now.", d.Path)
                { Location = d.Location });
            }
            else if (d.Code == RestDiagnosticCodes.UnresolvedLabel)
            {
                if (session.Spellings.FirstOrDefault(s => s.Path == d.Path) is { Wire: not null } spelling && LatestLookup(spelling.Path, spelling.Wire, spelling.Original) is not null) continue;
                // A registry asset by label (azureml://registries/<r>/environments/<n>/labels/latest) is sent as written:
                // the service resolves registry references, as it does for `az ml job create`, at no request here.
                if (session.Spellings.FirstOrDefault(s => s.Path == d.Path) is { Wire: { } wire } && IsRegistryReference(wire)) continue;
                diagnostics.Add(new Diagnostic(AzureMLDiagnosticCodes.NeedsLookup, DiagnosticSeverity.Error,
                    $"{d.Message} Only 'azureml:name@latest' of environments and data assets is resolved (as azure-ai-ml does, which knows no other label): name the version (azureml:name:version).", d.Path)
                { Location = d.Location });
            }
            else if (!DiagnosticCatalog.IsValidatorCode(d.Code) || !reported.Contains((d.Code, d.Path, d.Message)))
            {
                diagnostics.Add(d);
            }
        }
        return (payload.Body, diagnostics, session);
    }

    private static bool IsRegistryReference(string wire) => wire.StartsWith("azureml://registries/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Local code, and local inputs bound for the default datastore, are uploaded at submit.</summary>
    private static bool Uploadable(PendingAsset asset) =>
        asset.Source is string
        && (asset.Kind == PendingAssetKind.Code
            || (asset.Kind == PendingAssetKind.Data && asset.WireValue.StartsWith($"azureml://datastores/{ArmAssetOperations.DefaultDatastore}/paths/", StringComparison.Ordinal)));

    /// <summary>
    /// For a reference written as <c>azureml:name@latest</c> to an environment or a data asset: the collection and the
    /// name to look up; null for anything else (other labels, codes, components).
    /// </summary>
    internal static (string Collection, string Name)? LatestLookup(string path, string wire, object original)
    {
        const string Prefix = "azureml:";
        const string Latest = "@latest";
        if (!wire.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || !wire.EndsWith(Latest, StringComparison.Ordinal)) return null;
        var name = wire[Prefix.Length..^Latest.Length];
        if (name.Length == 0 || name.Contains('@', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal)) return null;
        var last = path[(path.LastIndexOf('.') + 1)..];
        return original switch
        {
            EnvironmentReference => ("environments", name),
            // A data input's path: the code path (code, trial.code, jobs.x.code) is the other string reference.
            string when last != "code" => ("data", name),
            _ => null,
        };
    }

    public override async Task<Job> SubmitAsync(JobDefinition definition, SubmitOptions options, CancellationToken cancellationToken)
    {
        var name = definition.Name ?? throw new ArgumentException("The client names a job before it reaches the backend.", nameof(definition));
        var (body, diagnostics, session) = Build(definition);
        if (diagnostics.Any(d => d.IsError)) throw new JobValidationException(diagnostics);
        var baseDirectory = options.BaseDirectory ?? Directory.GetCurrentDirectory();
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        string? codeFolder = null;
        (Uri, string, string)? datastore = null;
        // What this client observes of the submit, kept in the job's properties for its record (RecordProperties).
        var observed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pending in session.PendingAssets.Where(Uploadable))
        {
            if (replacements.ContainsKey(pending.WireValue)) continue;
            var local = LocalPath((string)pending.Source, baseDirectory, pending.Path);
            if (pending.Kind == PendingAssetKind.Code)
            {
                codeFolder ??= local;
                var code = await Uploader.EnsureCodeAsync(local, cancellationToken).ConfigureAwait(false);
                replacements[pending.WireValue] = code.Reference;
                observed.TryAdd(RecordProperties.CodeDigest, code.Sha256);
            }
            else
            {
                var leaf = pending.WireValue[(pending.WireValue.LastIndexOf('/') + 1)..];
                datastore ??= await Assets.DefaultDatastoreAsync(_blobServiceUri, cancellationToken).ConfigureAwait(false);
                var input = await Uploader.EnsureInputAsync(local, leaf, datastore.Value, cancellationToken).ConfigureAwait(false);
                replacements[pending.WireValue] = input.Reference;
                observed[RecordProperties.InputDigest(pending.Path)] = input.Sha256;
            }
        }
        await ResolveReferencesAsync(session, replacements, cancellationToken).ConfigureAwait(false);
        Replace(body, replacements);
        if (codeFolder is not null)
        {
            foreach (var (key, value) in await GitProperties.ReadAsync(codeFolder, cancellationToken).ConfigureAwait(false)) observed.TryAdd(key, value);
        }
        if (await SubmitterAsync(cancellationToken).ConfigureAwait(false) is { } submitter) observed[RecordProperties.Submitter] = submitter;
        AddProperties(body, observed);
        // The name is chosen here, so a retried PUT updates the same job instead of creating a second one.
        var json = await Operations.CreateOrUpdateAsync(name, body, cancellationToken).ConfigureAwait(false);
        return ToJob(json);
    }

    /// <summary>
    /// One look-up per distinct reference that needs one: <c>name@latest</c> of environments and data (the newest
    /// version), and computes named by <c>azureml:name</c> or a bare name (checked to exist). Pinned forms cost nothing.
    /// </summary>
    private async Task ResolveReferencesAsync(RestMappingSession session, Dictionary<string, string> replacements, CancellationToken cancellationToken)
    {
        var computePrefix = Scope.ResourceId + "/computes/";
        var references = new ArmReferences(Scope);
        foreach (var (path, wire, original) in session.Spellings.ToList())
        {
            if (replacements.ContainsKey(wire)) continue;
            if (LatestLookup(path, wire, original) is { } latest)
            {
                var version = await Assets.LatestVersionAsync(latest.Collection, latest.Name, cancellationToken).ConfigureAwait(false);
                replacements[wire] = references.AssetToWire(latest.Collection, $"azureml:{latest.Name}:{version}")!;
            }
            else if (NeedsComputeCheck(wire, original, computePrefix))
            {
                replacements[wire] = await Assets.ComputeIdAsync(wire[computePrefix.Length..], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A compute of this workspace written by name (<c>azureml:cpu</c>, <c>cpu</c>): one GET checks it; an ARM id is pinned.</summary>
    internal static bool NeedsComputeCheck(string wire, object original, string computePrefix)
    {
        if (!wire.StartsWith(computePrefix, StringComparison.OrdinalIgnoreCase) || original is not string written) return false;
        var body = written.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase) ? written["azureml:".Length..] : written;
        return !ArmReferences.IsArmId(body);
    }

    /// <summary>Replaces every string value of the body that is a key of <paramref name="replacements"/>.</summary>
    internal static void Replace(JsonNode? node, IReadOnlyDictionary<string, string> replacements)
    {
        if (replacements.Count == 0) return;
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonValue value && value.TryGetValue(out string? text) && replacements.TryGetValue(text, out var replaced)) obj[key] = replaced;
                    else Replace(obj[key], replacements);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue(out string? text) && replacements.TryGetValue(text, out var replaced)) array[i] = replaced;
                    else Replace(array[i], replacements);
                }
                break;
        }
    }

    /// <summary>The Entra object id of the identity that signs this client's requests (from its ARM token, which the credential caches), or null.</summary>
    private async Task<string?> SubmitterAsync(CancellationToken cancellationToken)
    {
        var token = await _credential.GetTokenAsync(new TokenRequestContext([ArmPipeline.ScopeFor(_armEndpoint)]), cancellationToken).ConfigureAwait(false);
        return RecordProperties.ObjectIdOf(token.Token);
    }

    /// <summary>Adds what the client observed (git lineage, digests, submitter) to the job's properties; what the job sets itself wins.</summary>
    private static void AddProperties(JsonObject body, IReadOnlyDictionary<string, string> observed)
    {
        if (observed.Count == 0 || body["properties"] is not JsonObject properties) return;
        if (properties["properties"] is not JsonObject map)
        {
            map = [];
            properties["properties"] = map;
        }
        foreach (var (key, value) in observed)
        {
            if (!map.ContainsKey(key)) map[key] = value;
        }
    }

    /// <summary>The full path of a local code or input path (a path or <c>file:</c> URI), relative to <paramref name="baseDirectory"/>.</summary>
    private static string FullPath(string text, string baseDirectory)
    {
        var local = text;
        if (local.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            local = local["file:".Length..];
            if (local.StartsWith("//", StringComparison.Ordinal)) local = local[2..];
            local = Uri.UnescapeDataString(local);
        }
        return Path.GetFullPath(local, baseDirectory);
    }

    /// <summary>The full path of a local code or input path, which must exist.</summary>
    private static string LocalPath(string text, string baseDirectory, string path)
    {
        var full = FullPath(text, baseDirectory);
        // Validation reported a missing path already (TJ4004); this is for one removed since.
        if (!Path.Exists(full)) throw new FileNotFoundException($"{path}: '{text}' does not exist (looked at {full}); nothing was submitted.", full);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    public override async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Operations.GetAsync(name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public override Task<Job> GetAsync(string name, CancellationToken cancellationToken) => GetAsync(name, cancellationToken, redacted: false);

    /// <summary>The job; with <paramref name="redacted"/>, its definition's secrets redacted (<see cref="Validation.RedactedDefinition"/>).</summary>
    private async Task<Job> GetAsync(string name, CancellationToken cancellationToken, bool redacted)
    {
        var json = await Operations.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var job = ToJob(json, redacted: redacted);
        return job.Status == JobStatus.Failed && await RunErrorAsync(name, cancellationToken).ConfigureAwait(false) is { } error ? ToJob(json, error, redacted) : job;
    }

    /// <summary>
    /// Why a failed job failed: run history's <c>error</c> of the run, as azure-ai-ml reports it (the ARM job resource has
    /// no error field). Read for failed jobs only, one request more; null when run history has none or cannot be
    /// reached, since the job itself was read and a missing reason must not hide it.
    /// </summary>
    private async Task<JobError?> RunErrorAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await History.DetailsAsync(name, cancellationToken).ConfigureAwait(false)).Error;
        }
        catch (Exception e) when (e is RequestFailedException or InvalidOperationException or JsonException)
        {
            return null;
        }
    }

    public override async IAsyncEnumerable<Job> ListAsync(JobQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var view = query.Archived switch
        {
            ArchiveFilter.All => "All",
            ArchiveFilter.ArchivedOnly => "ArchivedOnly",
            _ => "ActiveOnly",
        };
        // ARM filters by one tag key; values, further keys and the other filters are applied here.
        var tag = query.Tags.Keys.FirstOrDefault();
        var count = 0;
        await foreach (var item in Operations.ListAsync(view, tag, cancellationToken).ConfigureAwait(false))
        {
            if (query.MaxResults is { } max && count >= max) yield break;
            var read = JobRestMapper.Read(RestJobSerializer.ReadResource(item), null, Scope);
            // A job of a type the SDK does not model (AutoML, Spark) has no definition to show: lists leave it out (docs/azure.md).
            if (read.Definition is null) continue;
            var job = ToJob(read, item, Scope);
            if (!Matches(job, query)) continue;
            count++;
            yield return job;
        }
    }

    private static bool Matches(Job job, JobQuery query) =>
        (query.ExperimentName is null || string.Equals(job.ExperimentName, query.ExperimentName, StringComparison.Ordinal))
        && (query.Status is null || job.Status == query.Status.Value)
        && (query.ParentJobName is null || string.Equals(job.ParentJobName, query.ParentJobName, StringComparison.Ordinal))
        && query.Tags.All(t => job.Tags.TryGetValue(t.Key, out var value) && (t.Value is null || t.Value == value));

    // Status, logs and metric points, a pipeline's by step: see AzureJobStream.
    public override IAsyncEnumerable<JobEvent> StreamAsync(string name, StreamOptions options, CancellationToken cancellationToken) =>
        Streams.ReadAsync(name, options, GetAsync, cancellationToken);

    public override async Task<Job> WaitForCompletionAsync(string name, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            var job = await GetAsync(name, cancellationToken).ConfigureAwait(false);
            if (job.IsTerminal) return job;
            await Task.Delay(PollInterval(_time.GetElapsedTime(started)), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// azure-ai-ml's adaptive schedule (stream_logs_until_completion): 2 s at first, growing along a logistic curve to
    /// 60 s, so a short job is seen soon and a long one does not cost a request every few seconds.
    /// </summary>
    internal static TimeSpan PollInterval(TimeSpan elapsed) =>
        TimeSpan.FromSeconds(Math.Max(2, (int)(60 / (1 + 100 * Math.Exp(-elapsed.TotalSeconds / 20)))));

    public override async Task<Job> CancelAsync(string name, CancelOptions options, CancellationToken cancellationToken)
    {
        await Operations.CancelAsync(name, options.WaitForCompletion, cancellationToken).ConfigureAwait(false);
        return options.WaitForCompletion
            ? await WaitForCompletionAsync(name, cancellationToken).ConfigureAwait(false)
            : await GetAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads a finished job's default artifacts and named outputs from Blob storage (see <see cref="OutputDownloader"/>);
    /// a job still going is refused with 409, as the local backend and azure-ai-ml do. A sweep job downloads its best
    /// trial's, and its own logs into <c>hd-artifacts/</c>, as azure-ai-ml does.
    /// </summary>
    public override async Task<DownloadResult> DownloadAsync(string name, DownloadOptions options, CancellationToken cancellationToken)
    {
        var json = await Operations.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var job = ToJob(json);
        if (!job.IsTerminal)
        {
            throw new RequestFailedException(409, $"Job '{name}' is {job.Status}; download is allowed only once it is Completed, Failed or Canceled.", JobErrorCode.UserError.ToString(), null);
        }
        using var document = JsonDocument.Parse(json);
        var properties = document.RootElement.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var outputs = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("outputs", out var o) ? o : default;
        var downloader = new OutputDownloader(Assets, _blobServiceUri, _credential, Uploader.BlobOptions) { Parallelism = DownloadParallelism };
        if (job.Definition.Kind != JobKind.Sweep)
        {
            return await downloader.DownloadAsync(job.Name, outputs, options, cancellationToken).ConfigureAwait(false);
        }
        // A sweep, as azure-ai-ml downloads one: what was asked for, of the best trial (the sweep's best_child_run_id
        // property), into the same folders; then, unless one output was named, the sweep's own default artifacts
        // (its logs) into hd-artifacts/.
        DownloadResult? best = null;
        var missing = new List<string>();
        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("properties", out var map) && map.ValueKind == JsonValueKind.Object
            && map.TryGetProperty(BestTrialProperty, out var bestId) && bestId.GetString() is { Length: > 0 } bestTrial)
        {
            best = await DownloadAsync(bestTrial, options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Said, not skipped silently (azure-ai-ml only logs it at debug level).
            missing.Add($"best trial (sweep '{name}' names no {BestTrialProperty})");
        }
        if (options.OutputName is not null && !options.All)
        {
            return Combine(best, null, missing);
        }
        var own = await downloader.DownloadAsync(job.Name, outputs, new DownloadOptions { DownloadPath = options.DownloadPath, Progress = options.Progress },
            cancellationToken, artifactsFolder: SweepArtifactsFolder).ConfigureAwait(false);
        return Combine(best, own, missing);
    }

    /// <summary>The property of a sweep job that names its best trial (azure-ai-ml's SWEEP_JOB_BEST_CHILD_RUN_ID_PROPERTY_NAME).</summary>
    internal const string BestTrialProperty = "best_child_run_id";

    /// <summary>Where a sweep's own default artifacts go, as <c>az ml job download</c> puts them.</summary>
    internal const string SweepArtifactsFolder = "hd-artifacts";

    private static DownloadResult Combine(DownloadResult? trial, DownloadResult? sweep, List<string> missing) => new(
        [.. trial?.Downloaded ?? [], .. sweep?.Downloaded ?? []],
        [.. missing, .. trial?.Missing ?? [], .. sweep?.Missing ?? []],
        [.. trial?.Skipped ?? [], .. sweep?.Skipped ?? []]);

    public override Task<Job> SetArchivedAsync(string name, bool archived, CancellationToken cancellationToken) =>
        UpdateAsync(name, properties => properties["isArchived"] = archived, cancellationToken);

    public override Task<Job> UpdateTagsAsync(string name, IReadOnlyDictionary<string, string?> tags, CancellationToken cancellationToken) =>
        UpdateAsync(name, properties =>
        {
            var current = properties["tags"] as JsonObject ?? [];
            foreach (var (key, value) in tags)
            {
                if (value is null) current.Remove(key);
                else current[key] = value;
            }
            properties["tags"] = current;
        }, cancellationToken);

    /// <summary>GET, change the mutable fields, PUT: the stable api-version has no PATCH for jobs.</summary>
    private async Task<Job> UpdateAsync(string name, Action<JsonObject> change, CancellationToken cancellationToken)
    {
        var current = await Operations.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var payload = JobRestMapper.PutBodyOf(current);
        if (payload.HasErrors || payload.Body["properties"] is not JsonObject properties)
        {
            throw new InvalidOperationException($"Job '{name}' as the service returned it is not a job resource: {string.Join("; ", payload.Diagnostics.Select(d => d.Message))}");
        }
        change(properties);
        return ToJob(await Operations.CreateOrUpdateAsync(name, payload.Body, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The job's record: the job as the service returns it, what the submitting client kept in its properties (code and
    /// input digests, git state, submitter), and its MLflow run's metrics, params and tags.
    /// </summary>
    public override async Task<JobRecord> GetRecordAsync(string name, CancellationToken cancellationToken)
    {
        // The service returns the definition with its secret variables' values: a record (and a bundle, written from
        // records) shows it as the local workspace stores one, redacted.
        var job = await GetAsync(name, cancellationToken, redacted: true).ConfigureAwait(false);
        var points = await Metrics.PointsAsync(name, cancellationToken).ConfigureAwait(false);
        var (parameters, tags) = await Metrics.ParamsAndTagsAsync(name, cancellationToken).ConfigureAwait(false);
        return RecordProperties.Of(job, points, parameters, tags);
    }

    /// <summary>
    /// The job's log files as the stream finds them (<see cref="AzureRunLogs.ListAsync"/>): a command's or sweep's own,
    /// a pipeline's those of each step run, under <c>&lt;step&gt;/</c> (a pipeline's own run writes no user logs). Each
    /// is read from its SAS URL or blob when it is copied, streamed; the secrets are those of the definition (a
    /// pipeline's: all its steps'), whatever <see cref="SecretScanner"/> recognises redacted besides.
    /// </summary>
    public override async Task<JobLogFiles> GetLogFilesAsync(string name, CancellationToken cancellationToken)
    {
        var job = await GetAsync(name, cancellationToken).ConfigureAwait(false);
        var datastores = new Lazy<DatastoreContainers>(_datastores);
        var runs = new List<AzureLogRun>();
        if (job.Definition is PipelineJob pipeline)
        {
            foreach (var child in await History.ChildrenAsync(name, cancellationToken).ConfigureAwait(false)) runs.Add(AzureRunLogs.StepRun(pipeline, child));
        }
        else
        {
            runs.Add(AzureRunLogs.OwnRun(job));
        }
        var files = new List<JobLogFile>();
        foreach (var run in runs)
        {
            foreach (var log in await Logs.ListAsync(run, datastores, cancellationToken).ConfigureAwait(false))
            {
                var source = log.Source;
                files.Add(new JobLogFile(run.Step is null ? log.Name : $"{run.Step}/{log.Name}", ct => Logs.OpenAsync(source, ct)));
            }
        }
        var secrets = job.Definition is PipelineJob steps
            ? AzureRunLogs.SecretsOf([.. steps.Steps.Values.SelectMany(s => new[] { s.Job, s.Component?.Definition?.Body })])
            : runs[0].Secrets;
        return new JobLogFiles(files, secrets, null);
    }

    private Job ToJob(string json, JobError? error = null, bool redacted = false)
    {
        using var document = JsonDocument.Parse(json);
        var read = JobRestMapper.Read(RestJobSerializer.ReadResource(document.RootElement), null, Scope);
        if (read.Definition is null)
        {
            throw new NotSupportedException($"Job '{read.Name}' is of type '{read.JobType}', which this SDK does not model: {string.Join("; ", read.Diagnostics.Select(d => d.Message))}");
        }
        return ToJob(redacted ? read with { Definition = Validation.RedactedDefinition.Of(read.Definition) } : read, document.RootElement, Scope, error);
    }

    private static Job ToJob(RestJobReadResult read, JsonElement resource, AzureMLWorkspaceScope scope, JobError? error = null)
    {
        var definition = read.Definition!;
        var properties = resource.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var name = read.Name ?? definition.Name ?? "";
        return new Job(name, definition with { Name = name }, read.Status ?? JobStatus.Unknown)
        {
            ExperimentName = definition.ExperimentName ?? "Default",
            Tags = definition.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            CreatedOn = CreatedAt(resource) ?? default,
            IsArchived = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("isArchived", out var archived) && archived.ValueKind == JsonValueKind.True,
            ParentJobName = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("parentJobName", out var parent) && parent.ValueKind == JsonValueKind.String ? parent.GetString() : null,
            StudioUrl = StudioUrl(properties, name, scope),
            Error = error,
        };
    }

    /// <summary>
    /// The job's page in Azure ML Studio: the <c>Studio</c> service endpoint the service returns, else the URL
    /// azure-ai-ml builds (<c>https://ml.azure.com/runs/&lt;name&gt;?wsid=/subscriptions/…/resourcegroups/…/workspaces/…</c>).
    /// azure-ai-ml appends <c>&amp;tid=</c> from the token's tenant; the backend does not read tokens, so there is none.
    /// </summary>
    internal static Uri StudioUrl(JsonElement properties, string name, AzureMLWorkspaceScope scope)
    {
        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("services", out var services) && services.ValueKind == JsonValueKind.Object
            && services.TryGetProperty("Studio", out var studio) && studio.ValueKind == JsonValueKind.Object
            && studio.TryGetProperty("endpoint", out var endpoint) && endpoint.ValueKind == JsonValueKind.String
            && Uri.TryCreate(endpoint.GetString(), UriKind.Absolute, out var given))
        {
            return given;
        }
        return new Uri($"https://ml.azure.com/runs/{Uri.EscapeDataString(name)}?wsid=/subscriptions/{scope.SubscriptionId}/resourcegroups/{scope.ResourceGroup}/workspaces/{scope.WorkspaceName}");
    }

    public override Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        Operations.DeleteAsync(name, waitForOperation: true, cancellationToken);

    private static DateTimeOffset? CreatedAt(JsonElement resource) =>
        resource.TryGetProperty("systemData", out var system) && system.ValueKind == JsonValueKind.Object
        && system.TryGetProperty("createdAt", out var created) && created.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(created.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
}
