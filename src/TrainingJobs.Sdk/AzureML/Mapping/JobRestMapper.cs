using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Mapping.FromRest;
using TrainingJobs.Sdk.AzureML.Mapping.ToRest;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>
/// The REST face: converts <see cref="JobDefinition"/>s to the ARM <c>Jobs_CreateOrUpdate</c> body of
/// api-version 2025-12-01 and reads job resources (GET, PUT responses, list pages) back. Never throws for bad
/// content: what cannot be converted is reported as diagnostics (codes TJ2000–TJ2999, see <see cref="RestDiagnosticCodes"/>).
/// </summary>
public static class JobRestMapper
{
    /// <summary>The api-version whose payloads this face speaks: the newest <see cref="TrainingJobsClientOptions.ServiceVersion"/>.</summary>
    internal static string ApiVersion { get; } = TrainingJobsClientOptions.LatestVersion.ToApiVersion();

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Builds the PUT body of a job.</summary>
    /// <param name="job">The job.</param>
    /// <param name="session">The conversion session (workspace, and what must be created before the PUT).</param>
    /// <returns>The body (<c>{"properties": {…}}</c>) and the diagnostics.</returns>
    public static RestPayload ToRest(JobDefinition job, RestMappingSession session)
    {
        var resource = ToResource(job, session, out var diagnostics);
        return new RestPayload(RestJobSerializer.WritePutBody(resource), diagnostics);
    }

    /// <summary>Reads one job resource (a GET or PUT response body).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="session">The session the job was written in, to restore what the wire does not carry; null for canonical forms.</param>
    public static RestJobReadResult ReadJob(string json, RestMappingSession? session = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return Read(RestJobSerializer.ReadResource(json), session);
        }
        catch (Exception e) when (IsBadContent(e))
        {
            return RestJobReadResult.Invalid(RestReadErrors.Describe(e));
        }
    }

    /// <summary>
    /// Reads a job resource, a <c>Jobs_List</c> page (<c>{"value": […], "nextLink": …}</c>) or a bare array of job
    /// resources (what <c>az ml job list</c> prints): one result per job, in order; a job of a type the SDK does not
    /// model gives a result without a definition and a TJ2006 error, an item that is not a job resource a TJ2007 error.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="session">The session the jobs were written in, if any.</param>
    /// <param name="scope">
    /// The workspace a job without an <c>id</c> belongs to, so that its ids read back as short <c>azureml:</c>
    /// references; a job's own <c>id</c> takes precedence. Null: ids of a job without <c>id</c> stay ARM ids.
    /// </param>
    public static IReadOnlyList<RestJobReadResult> ReadJobs(string json, RestMappingSession? session = null, AzureMLWorkspaceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
                && !root.TryGetProperty("properties", out _))
            {
                return [.. value.EnumerateArray().Select(item => ReadItem(item, session, scope))];
            }
            // A bare array of job resources is what `az ml job list` prints: read it like a list page.
            if (root.ValueKind == JsonValueKind.Array)
            {
                return [.. root.EnumerateArray().Select(item => ReadItem(item, session, scope))];
            }
            return [Read(RestJobSerializer.ReadResource(root), session, scope)];
        }
        catch (Exception e) when (IsBadContent(e))
        {
            return [RestJobReadResult.Invalid(RestReadErrors.Describe(e))];
        }
    }

    /// <summary>
    /// The PUT body for a job resource as GET returned it: its <c>properties</c> without the read-only fields, and
    /// with every field the SDK does not know kept, so a GET → PUT changes nothing else.
    /// </summary>
    /// <param name="json">The job resource (JSON text).</param>
    /// <returns>The body, or an empty body and a TJ2007 error when the text is not a job resource.</returns>
    public static RestPayload PutBodyOf(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return new RestPayload(RestJobSerializer.WritePutBody(RestJobSerializer.ReadResource(json)), []);
        }
        catch (Exception e) when (IsBadContent(e))
        {
            return new RestPayload(new JsonObject(), RestJobReadResult.Invalid(RestReadErrors.Describe(e)).Diagnostics);
        }
    }

    /// <summary>Formats a payload as indented JSON text.</summary>
    /// <param name="node">The payload.</param>
    public static string Format(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(Indented);
    }

    /// <summary>
    /// The exceptions bad payload content can raise while it is read (wrong JSON types, out-of-range numbers or
    /// dates); they become a TJ2007 diagnostic, never an exception out of the mapping API.
    /// </summary>
    private static bool IsBadContent(Exception e) =>
        e is JsonException or FormatException or OverflowException or InvalidOperationException or ArgumentException;

    internal static RestJobResource ToResource(JobDefinition job, RestMappingSession session, out IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(session);
        var context = new RestWriteContext(session);
        var resource = JobToRest.Convert(job, context);
        diagnostics = context.Diagnostics;
        return resource;
    }

    private static RestJobReadResult ReadItem(JsonElement item, RestMappingSession? session, AzureMLWorkspaceScope? scope)
    {
        try
        {
            return Read(RestJobSerializer.ReadResource(item), session, scope);
        }
        catch (Exception e) when (IsBadContent(e))
        {
            return RestJobReadResult.Invalid(RestReadErrors.Describe(e));
        }
    }

    internal static RestJobReadResult Read(RestJobResource resource, RestMappingSession? session, AzureMLWorkspaceScope? fallbackScope = null)
    {
        var scope = AzureMLWorkspaceScope.FromResourceId(resource.Id) ?? fallbackScope;
        var context = new RestReadContext(session, scope);
        var definition = JobFromRest.Convert(resource, context);
        return new RestJobReadResult(
            resource.Name,
            resource.Properties?.JobType.Value,
            resource.Properties?.Status is { } status ? JobStatus.Parse(status.Value) : (JobStatus?)null,
            definition,
            context.Diagnostics,
            RestJobSerializer.WriteResource(resource));
    }
}

/// <summary>A REST payload built from a definition.</summary>
/// <param name="Body">The payload.</param>
/// <param name="Diagnostics">What could not be carried, and what must happen before the PUT.</param>
public sealed record RestPayload(JsonObject Body, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Whether any diagnostic is an error (the payload would be rejected or is incomplete).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The payload as indented JSON.</summary>
    public string ToJson() => JobRestMapper.Format(Body);
}

/// <summary>One job read from a REST payload.</summary>
/// <param name="Name">The job name.</param>
/// <param name="JobType">The wire job type (<c>Command</c>, <c>Pipeline</c>, <c>Sweep</c>, <c>AutoML</c>, …).</param>
/// <param name="Status">The status, as the service reported it (unknown values kept).</param>
/// <param name="Definition">The definition; null when the job type is not modelled or the payload is invalid.</param>
/// <param name="Diagnostics">What could not be read.</param>
/// <param name="Raw">The job resource as read (every field kept, including those the SDK does not know).</param>
public sealed record RestJobReadResult(
    string? Name,
    string? JobType,
    JobStatus? Status,
    JobDefinition? Definition,
    IReadOnlyList<Diagnostic> Diagnostics,
    JsonObject? Raw)
{
    /// <summary>Whether the job is of a type the SDK models (command, pipeline, sweep).</summary>
    public bool IsModelled => Definition is not null;

    internal static RestJobReadResult Invalid(string message) => new(null, null, null, null,
        [new Diagnostic(RestDiagnosticCodes.InvalidPayload, DiagnosticSeverity.Error, $"The payload is not a job resource: {message}", "")], null);
}
