using System.Text;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// Writes a <see cref="JobDefinition"/> as canonical <c>az ml</c> YAML (with <c>$schema</c> and <c>type</c>).
/// Loading what it writes gives an equal definition (component and trial references are written as
/// references, so load the text with the same base folder).
/// </summary>
public static partial class YamlJobWriter
{
    private const string SchemaBase = "https://azuremlschemas.azureedge.net/latest/";

    /// <summary>Returns the job as YAML text.</summary>
    /// <param name="job">The job.</param>
    public static string Write(JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(job, writer);
        return writer.ToString();
    }

    /// <summary>Writes the job as YAML to <paramref name="writer"/>.</summary>
    /// <param name="job">The job.</param>
    /// <param name="writer">Where the YAML goes.</param>
    public static void Write(JobDefinition job, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(writer);
        var emitter = new YamlEmitter(writer);
        emitter.BeginMap();
        emitter.Key("$schema");
        emitter.Text(SchemaBase + job.Kind switch
        {
            _ when job.Kind == JobKind.Pipeline => "pipelineJob.schema.json",
            _ when job.Kind == JobKind.Sweep => "sweepJob.schema.json",
            _ => "commandJob.schema.json",
        });
        WriteJobBody(emitter, job);
        emitter.EndMap();
        emitter.Finish();
    }

    /// <summary>
    /// Writes a JSON object as a YAML block mapping with the face's scalar rules (text that would read back as another
    /// type is quoted), for output that is not a job definition, such as what the CLI shows about a job beside it.
    /// </summary>
    /// <param name="value">The object.</param>
    internal static string WriteJson(System.Text.Json.Nodes.JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new YamlEmitter(writer);
        emitter.Json(value);
        emitter.Finish();
        return writer.ToString();
    }

    /// <summary>Writes the job as YAML to a file atomically (a temporary file renamed over the target).</summary>
    /// <param name="job">The job.</param>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteFileAsync(JobDefinition job, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(path);
        var text = Write(job);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await File.WriteAllTextAsync(temp, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes <c>type</c> and every field of the job, in the order the az ml docs list them.</summary>
    private static void WriteJobBody(YamlEmitter e, JobDefinition job, ComponentReference? component = null)
    {
        e.Key("type");
        e.Text(job.Kind.ToString());
        if (component is not null) WriteComponentReference(e, "component", component);
        OptionalText(e, "name", job.Name);
        OptionalText(e, "display_name", job.DisplayName);
        OptionalText(e, "experiment_name", job.ExperimentName);
        OptionalText(e, "description", job.Description);
        StringMap(e, "tags", job.Tags);
        StringMap(e, "properties", job.Properties);
        OptionalText(e, "compute", job.Compute);
        switch (job)
        {
            case CommandJob command:
                WriteCommandFields(e, command);
                break;
            case PipelineJob pipeline:
                WritePipelineFields(e, pipeline);
                break;
            case SweepJob sweep:
                WriteSweepFields(e, sweep);
                break;
        }
        WritePorts(e, job);
        if (job.Identity is { } identity) WriteIdentity(e, identity);
        Map(e, "services", job.Services, WriteService);
        if (job.Notifications is { } notifications) WriteNotifications(e, notifications);
    }

    /// <summary>Writes <c>inputs</c> and <c>outputs</c>, each when the job has any.</summary>
    private static void WritePorts(YamlEmitter e, JobDefinition job)
    {
        Map(e, "inputs", job.Inputs, WriteInput);
        Map(e, "outputs", job.Outputs, WriteOutput);
    }

    private static void WriteCommandFields(YamlEmitter e, CommandJob job)
    {
        OptionalText(e, "code", job.Code);
        OptionalText(e, "command", job.Command);
        if (job.Environment is { } environment) WriteEnvironment(e, environment);
        StringMap(e, "environment_variables", job.EnvironmentVariables);
        if (job.Resources is { } resources) WriteResources(e, resources);
        if (job.Distribution is { } distribution) WriteDistribution(e, distribution);
        if (job.Limits is { } limits)
        {
            e.Key("limits");
            e.BeginMap();
            if (limits.Timeout is { } timeout)
            {
                e.Key("timeout");
                e.Duration(timeout);
            }
            e.EndMap();
        }
        if (job.QueueSettings is { } queue) WriteQueueSettings(e, queue);
    }

    private static void WritePipelineFields(YamlEmitter e, PipelineJob job)
    {
        if (job.Settings is { } settings)
        {
            e.Key("settings");
            e.BeginMap();
            OptionalText(e, "default_compute", settings.DefaultCompute);
            OptionalText(e, "default_datastore", settings.DefaultDatastore);
            OptionalBool(e, "continue_on_step_failure", settings.ContinueOnStepFailure);
            OptionalBool(e, "force_rerun", settings.ForceRerun);
            e.EndMap();
        }
        Map(e, "jobs", job.Steps, static (e, step) =>
        {
            e.BeginMap();
            WriteJobBody(e, step.Job, step.Component);
            e.EndMap();
        });
    }

    private static void WriteComponentReference(YamlEmitter e, string key, ComponentReference reference)
    {
        if (reference.Reference is { } written)
        {
            e.Key(key);
            e.Text(written);
        }
        else if (reference.Definition is { } definition)
        {
            e.Key(key);
            WriteComponent(e, definition);
        }
    }

    /// <summary>Writes a component written in place (a mapping with <c>$schema</c>, <c>type</c>, name and version).</summary>
    private static void WriteComponent(YamlEmitter e, ComponentDefinition component)
    {
        e.BeginMap();
        e.Key("$schema");
        e.Text(SchemaBase + (component.Body is PipelineJob ? "pipelineComponent.schema.json" : "commandComponent.schema.json"));
        var body = component.Body with { Name = component.Name };
        WriteJobBody(e, body);
        OptionalText(e, "version", component.Version);
        OptionalBool(e, "is_deterministic", component.IsDeterministic);
        if (!component.AdditionalIncludes.IsEmpty)
        {
            e.Key("additional_includes");
            e.BeginSeq();
            foreach (var include in component.AdditionalIncludes) e.Text(include);
            e.EndSeq();
        }
        e.EndMap();
    }

    private static void OptionalText(YamlEmitter e, string key, string? value)
    {
        if (value is null) return;
        e.Key(key);
        e.Text(value);
    }

    private static void OptionalInt(YamlEmitter e, string key, long? value)
    {
        if (value is not { } v) return;
        e.Key(key);
        e.Integer(v);
    }

    private static void OptionalNumber(YamlEmitter e, string key, double? value)
    {
        if (value is not { } v) return;
        e.Key(key);
        e.Number(v);
    }

    private static void OptionalBool(YamlEmitter e, string key, bool? value)
    {
        if (value is not { } v) return;
        e.Key(key);
        e.Boolean(v);
    }

    private static void StringMap(YamlEmitter e, string key, ValueMap<string> map) => Map(e, key, map, static (e, value) => e.Text(value));

    /// <summary>Writes <paramref name="key"/> with a mapping of names to values, or nothing when the map is empty.</summary>
    private static void Map<T>(YamlEmitter e, string key, ValueMap<T> map, Action<YamlEmitter, T> writeValue)
    {
        if (map.IsEmpty) return;
        e.Key(key);
        MapBody(e, map, writeValue);
    }

    /// <summary>Writes a mapping of names to values (<c>{}</c> when the map is empty).</summary>
    private static void MapBody<T>(YamlEmitter e, ValueMap<T> map, Action<YamlEmitter, T> writeValue)
    {
        e.BeginMap();
        foreach (var (name, value) in map)
        {
            e.Key(name);
            writeValue(e, value);
        }
        e.EndMap();
    }

    private static void StringList(YamlEmitter e, string key, ValueList<string> list)
    {
        if (list.IsEmpty) return;
        e.Key(key);
        e.BeginSeq(flow: list.All(s => s.Length < 40));
        foreach (var item in list) e.Text(item);
        e.EndSeq();
    }
}
