using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Identity;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary>
/// What the job verbs share: the client on the workspace they target (an Azure ML workspace, see
/// <see cref="WorkspaceTarget"/>, or the local one), error handling, and the json/yaml views of a job.
/// </summary>
internal static class JobVerbs
{
    /// <summary>The client on the local workspace (<c>$TRAININGJOBS_HOME</c> or <c>~/.trainingjobs</c>).</summary>
    public static TrainingJobsClient CreateLocalClient(CliContext context) =>
        new(new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = context.GetEnvironmentVariable(LocalWorkspaceOptions.HomeVariable) }));

    /// <summary>Runs a verb's body on the workspace it targets; a partial workspace selection is a usage error; service and input errors print and exit 1.</summary>
    public static void SetAction(Command command, CliContext context, Func<ParseResult, TrainingJobsClient, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(command, parse, context, body, cancellationToken));

    /// <summary><see cref="SetAction"/>'s work, for a verb that needs a workspace only sometimes (<c>validate</c> without <c>--file-only</c>).</summary>
    public static async Task<int> RunAsync(Command command, ParseResult parse, CliContext context, Func<ParseResult, TrainingJobsClient, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var (target, problem) = WorkspaceTarget.Resolve(command, parse, context);
        if (problem is not null)
        {
            await context.Error.WriteLineAsync(TerminalText.Neutralize($"error: {problem}")).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        try
        {
            var client = target is null ? CreateLocalClient(context) : new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(target.Options));
            return await body(parse, client, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationFailedException e)
        {
            // No credential of DefaultAzureCredential's chain could sign in: its message lists what each one said.
            await context.Error.WriteLineAsync(TerminalText.NeutralizeLines($"error: could not sign in to Azure: {e.Message}")).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (NotSupportedException e)
        {
            // A verb this backend does not offer yet (streaming and download from Azure ML come with the next issue).
            await context.Error.WriteLineAsync(TerminalText.NeutralizeLines($"error: {e.Message}")).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (RequestFailedException e)
        {
            // The service's error code (ResourceNotFound, AuthorizationFailed, ...) is what scripts and searches key on.
            var code = e.ErrorCode is { Length: > 0 } errorCode ? $" ({errorCode})" : "";
            await context.Error.WriteLineAsync(TerminalText.Neutralize($"error: {e.Message.Split('\n')[0]}{code}")).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (JobValidationException e)
        {
            foreach (var diagnostic in e.Diagnostics) await context.Error.WriteLineAsync(TerminalText.Neutralize(diagnostic.ToString())).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Data.Common.DbException)
        {
            // A folder that cannot be written, or a workspace database that cannot be used: say so instead of a stack trace.
            await context.Error.WriteLineAsync(TerminalText.NeutralizeLines($"error: {e.Message}")).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>Writes a job as JSON (the fields <c>az ml job show</c> prints, snake_case).</summary>
    public static string ToJson(Sdk.Jobs.Job job)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJob(json, job);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes jobs as a JSON array.</summary>
    public static string ToJson(IEnumerable<Sdk.Jobs.Job> jobs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var job in jobs) WriteJob(json, job);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Writes a job as YAML: its definition as canonical <c>az ml</c> YAML (with its current tags), then what the
    /// workspace knows about it (status, times, error, services, status history).
    /// </summary>
    public static string ToYaml(Sdk.Jobs.Job job)
    {
        var definition = job.Definition with { Tags = Sdk.Definitions.ValueMap.From(job.Tags) };
        var yaml = new StringBuilder(Sdk.Yaml.YamlJobWriter.Write(definition).TrimEnd('\n')).Append('\n');
        // The runtime fields go through the YAML face's writer too, so their text is quoted by the same rules.
        var shown = JsonNode.Parse(ToJson(job))!.AsObject();
        var runtime = new JsonObject();
        foreach (var key in new[] { "status", "creation_context", "start_time", "end_time", "exit_code", "error", "is_archived", "services", "status_history" })
        {
            if (shown.TryGetPropertyValue(key, out var value)) runtime[key] = value?.DeepClone();
        }
        yaml.Append(Sdk.Yaml.YamlJobWriter.WriteJson(runtime));
        return yaml.ToString();
    }

    private static void WriteJob(Utf8JsonWriter json, Sdk.Jobs.Job job)
    {
        json.WriteStartObject();
        json.WriteString("name", job.Name);
        json.WriteString("type", job.Kind.ToString());
        if (job.DisplayName is { } display) json.WriteString("display_name", display);
        json.WriteString("experiment_name", job.ExperimentName);
        json.WriteString("status", job.Status.ToString());
        if (job.Definition is Sdk.Definitions.CommandJob command && command.Command is { } line) json.WriteString("command", line);
        json.WriteStartObject("tags");
        foreach (var (key, value) in job.Tags) json.WriteString(key, value);
        json.WriteEndObject();
        // As az ml job show prints them: a sweep's best_child_run_id and score, a reused step's azureml.isreused and
        // azureml.reusedrunid, and whatever the definition set.
        json.WriteStartObject("properties");
        foreach (var (key, value) in job.Definition.Properties) json.WriteString(key, value);
        json.WriteEndObject();
        if (job.ParentJobName is { } parent) json.WriteString("parent_job_name", parent);
        json.WriteStartObject("creation_context");
        json.WriteString("created_at", job.CreatedOn.ToString("O", CultureInfo.InvariantCulture));
        json.WriteEndObject();
        if (job.StartedOn is { } started) json.WriteString("start_time", started.ToString("O", CultureInfo.InvariantCulture));
        if (job.EndedOn is { } ended) json.WriteString("end_time", ended.ToString("O", CultureInfo.InvariantCulture));
        if (job.ExitCode is { } exit) json.WriteNumber("exit_code", exit);
        if (job.Error is { } error)
        {
            json.WriteStartObject("error");
            json.WriteString("code", error.Code.ToString());
            json.WriteString("message", error.Message);
            json.WriteEndObject();
        }
        json.WriteBoolean("is_archived", job.IsArchived);
        if (job.TrackingUri is not null || job.StudioUrl is not null)
        {
            // As az ml job show prints them: the MLflow tracking endpoint, and for Azure ML the Studio page.
            json.WriteStartObject("services");
            if (job.TrackingUri is { } tracking)
            {
                json.WriteStartObject("Tracking");
                json.WriteString("endpoint", tracking.ToString());
                json.WriteEndObject();
            }
            if (job.StudioUrl is { } studio)
            {
                json.WriteStartObject("Studio");
                json.WriteString("endpoint", studio.ToString());
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteStartArray("status_history");
        foreach (var change in job.StatusHistory)
        {
            json.WriteStartObject();
            json.WriteString("status", change.Status.ToString());
            json.WriteString("time", change.ChangedOn.ToString("O", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Prints a job's events until it ends (logs to standard output, status and metrics as bracketed lines); returns the
    /// exit code its final status gives. As <c>az ml job stream</c> does, the run id and, for Azure ML, the job's Studio
    /// page (<c>Web View</c>) come first and again in the summary.
    /// </summary>
    public static async Task<int> StreamAsync(TrainingJobsClient client, string name, CliContext context, CancellationToken cancellationToken)
    {
        var studio = (await client.GetAsync(name, cancellationToken).ConfigureAwait(false)).StudioUrl;
        await context.Out.WriteLineAsync($"RunId: {name}").ConfigureAwait(false);
        if (studio is not null) await context.Out.WriteLineAsync($"Web View: {studio}").ConfigureAwait(false);
        JobStatusEvent? last = null;
        await foreach (var e in client.StreamAsync(name, null, cancellationToken).ConfigureAwait(false))
        {
            // A pipeline step's events are marked with the step's name; the job's own carry none.
            var step = e.StepName is { } stepName ? $"[{TerminalText.Neutralize(stepName)}] " : "";
            switch (e)
            {
                case JobLogEvent log:
                    // The job wrote these bytes: escape sequences in them must not reach the user's terminal.
                    var text = TerminalText.Neutralize(log.Text);
                    await context.Out.WriteLineAsync(step + (log.Rank == 0 ? text : $"[rank {log.Rank}] {text}")).ConfigureAwait(false);
                    break;
                case JobMetricEvent metric:
                    await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{step}[metric] {TerminalText.Neutralize(metric.Metric.Key)}={metric.Metric.Value} (step {metric.Metric.Step})")).ConfigureAwait(false);
                    break;
                case JobStatusEvent status:
                    // The exit code follows the job's own final status, not a step's.
                    if (status.StepName is null) last = status;
                    await context.Out.WriteLineAsync($"{step}[status] {status.Status}").ConfigureAwait(false);
                    break;
            }
        }
        await context.Out.WriteLineAsync().ConfigureAwait(false);
        await context.Out.WriteLineAsync("Execution Summary").ConfigureAwait(false);
        await context.Out.WriteLineAsync("=================").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"RunId: {name}").ConfigureAwait(false);
        if (studio is not null) await context.Out.WriteLineAsync($"Web View: {studio}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"Status: {last?.Status}").ConfigureAwait(false);
        if (last?.Error is { } error) await context.Error.WriteLineAsync(TerminalText.NeutralizeLines($"Error ({error.Code}): {error.Message}")).ConfigureAwait(false);
        return last?.Status == Sdk.Definitions.JobStatus.Completed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
