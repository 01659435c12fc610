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
/// and read back with its reader. Step 1 of the Azure backend: nothing is uploaded or resolved yet (TJ5xxx refusals),
/// and streaming, downloads and lineage records arrive with issue 11.
/// </summary>
internal sealed class AzureMLJobBackend : JobBackend
{
    private const string NotYet = "is not available for Azure ML workspaces yet: it arrives with Azure streaming and download support (issue 11). See docs/azure.md.";

    private readonly TimeProvider _time;

    public AzureMLJobBackend(AzureMLWorkspaceOptions workspace, TrainingJobsClientOptions options)
        : this(workspace, options, ArmPipeline.CredentialOf(workspace))
    {
    }

    private AzureMLJobBackend(AzureMLWorkspaceOptions workspace, TrainingJobsClientOptions options, TokenCredential credential)
    {
        var scope = workspace.ToScope();
        _time = workspace.TimeProvider;
        Operations = new ArmJobOperations(ArmPipeline.Build(workspace, credential, options), workspace.ArmEndpoint, scope,
            options.Version.ToApiVersion(), _time, credential.GetType().Name);
    }

    /// <summary>The ARM operations (tests reach delete through here; the client has no delete yet).</summary>
    internal ArmJobOperations Operations { get; }

    private AzureMLWorkspaceScope Scope => Operations.Scope;

    public override Task<IReadOnlyList<Diagnostic>> ValidateAsync(JobDefinition definition, SubmitOptions options, CancellationToken cancellationToken)
    {
        var (_, diagnostics) = Build(definition with { Name = definition.Name ?? "validation" });
        return Task.FromResult(diagnostics);
    }

    /// <summary>The PUT body and this backend's diagnostics: the REST face's, with what needs an upload or a look-up refused.</summary>
    private (JsonObject Body, IReadOnlyList<Diagnostic> Diagnostics) Build(JobDefinition definition)
    {
        var payload = JobRestMapper.ToRest(definition, new RestMappingSession(Scope));
        // The validator's findings the client reports already; the REST face also uses validator codes for rules only the
        // payload has (an optional input without a path must still have one here), and those must not be dropped.
        var reported = JobValidator.Validate(definition).Select(d => (d.Code, d.Path, d.Message)).ToHashSet();
        var diagnostics = new List<Diagnostic>();
        foreach (var d in payload.Diagnostics)
        {
            if (d.Code == RestDiagnosticCodes.PendingAsset)
            {
                diagnostics.Add(new Diagnostic(AzureMLDiagnosticCodes.NeedsUpload, DiagnosticSeverity.Error,
                    $"{d.Message} Uploading and registering assets is not built yet for Azure ML workspaces: refer to a registered asset (azureml:name:version or an ARM id) for now.", d.Path)
                { Location = d.Location });
            }
            else if (d.Code == RestDiagnosticCodes.UnresolvedLabel)
            {
                diagnostics.Add(new Diagnostic(AzureMLDiagnosticCodes.NeedsLookup, DiagnosticSeverity.Error,
                    $"{d.Message} Resolving labels is not built yet for Azure ML workspaces: name the version (azureml:name:version) for now.", d.Path)
                { Location = d.Location });
            }
            else if (!DiagnosticCatalog.IsValidatorCode(d.Code) || !reported.Contains((d.Code, d.Path, d.Message)))
            {
                diagnostics.Add(d);
            }
        }
        return (payload.Body, diagnostics);
    }

    public override async Task<Job> SubmitAsync(JobDefinition definition, SubmitOptions options, CancellationToken cancellationToken)
    {
        var name = definition.Name ?? throw new ArgumentException("The client names a job before it reaches the backend.", nameof(definition));
        var (body, diagnostics) = Build(definition);
        if (diagnostics.Any(d => d.IsError)) throw new JobValidationException(diagnostics);
        // The name is chosen here, so a retried PUT updates the same job instead of creating a second one.
        var json = await Operations.CreateOrUpdateAsync(name, body, cancellationToken).ConfigureAwait(false);
        return ToJob(json);
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

    public override async Task<Job> GetAsync(string name, CancellationToken cancellationToken) =>
        ToJob(await Operations.GetAsync(name, cancellationToken).ConfigureAwait(false));

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
            var job = ToJob(read, item);
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

    public override IAsyncEnumerable<JobEvent> StreamAsync(string name, StreamOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Streaming " + NotYet);

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

    public override Task<DownloadResult> DownloadAsync(string name, DownloadOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Downloading outputs " + NotYet);

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

    public override Task<JobRecord> GetRecordAsync(string name, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The lineage record " + NotYet);

    private Job ToJob(string json)
    {
        using var document = JsonDocument.Parse(json);
        var read = JobRestMapper.Read(RestJobSerializer.ReadResource(document.RootElement), null, Scope);
        if (read.Definition is null)
        {
            throw new NotSupportedException($"Job '{read.Name}' is of type '{read.JobType}', which this SDK does not model: {string.Join("; ", read.Diagnostics.Select(d => d.Message))}");
        }
        return ToJob(read, document.RootElement);
    }

    private static Job ToJob(RestJobReadResult read, JsonElement resource)
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
        };
    }

    private static DateTimeOffset? CreatedAt(JsonElement resource) =>
        resource.TryGetProperty("systemData", out var system) && system.ValueKind == JsonValueKind.Object
        && system.TryGetProperty("createdAt", out var created) && created.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(created.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
}
