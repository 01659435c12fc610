using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Lineage;

/// <summary>
/// The one JSON form of a <see cref="JobRecord"/> (<c>docs/schemas/job-record.schema.json</c>, version
/// <see cref="SchemaVersion"/>): what <c>tj job lineage -o json</c> prints and an evidence bundle's
/// <c>job/record.json</c> holds. Deterministic: fields in a fixed order, maps sorted by key (ordinal), UTF-8, LF line
/// ends, so the same record always gives the same bytes (and the same SHA-256). Every part says where it came from
/// (<c>source</c>: observed, service or reported).
/// </summary>
internal static class RecordDocument
{
    /// <summary>The version of the record schema this writes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The record as indented JSON text, ending with a line feed.</summary>
    public static string Write(JobRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            Write(json, record);
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes the record as one JSON object.</summary>
    public static void Write(Utf8JsonWriter json, JobRecord record)
    {
        var job = record.Job;
        json.WriteStartObject();
        json.WriteNumber("schema_version", SchemaVersion);
        json.WriteString("name", job.Name);
        json.WriteString("kind", job.Kind.ToString());
        json.WriteString("experiment_name", job.ExperimentName);
        if (job.DisplayName is { } display) json.WriteString("display_name", display);
        if (job.ParentJobName is { } parent) json.WriteString("parent_job_name", parent);
        if (job.ReusedJobName is { } reused) json.WriteString("reused_job_name", reused);
        json.WriteString("definition_yaml", YamlJobWriter.Write(job.Definition));

        json.WriteStartObject("status");
        Source(json, record, "status");
        json.WriteString("value", job.Status.ToString());
        json.WriteString("created_at", Time(job.CreatedOn));
        if (job.StartedOn is { } started) json.WriteString("started_at", Time(started));
        if (job.EndedOn is { } ended) json.WriteString("ended_at", Time(ended));
        if (job.ExitCode is { } exitCode) json.WriteNumber("exit_code", exitCode);
        if (job.Error is { } error)
        {
            json.WriteStartObject("error");
            json.WriteString("code", error.Code.ToString());
            json.WriteString("message", error.Message);
            json.WriteEndObject();
        }
        json.WriteStartArray("timeline");
        foreach (var change in job.StatusHistory)
        {
            json.WriteStartObject();
            json.WriteString("status", change.Status.ToString());
            json.WriteString("time", Time(change.ChangedOn));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();

        if (record.SubmittedBy is { } submitter)
        {
            json.WriteStartObject("submitter");
            Source(json, record, "submitter");
            json.WriteString("id", submitter);
            json.WriteEndObject();
        }

        if (record.CodeDigest is not null || record.Git is not null)
        {
            json.WriteStartObject("code");
            Source(json, record, "code");
            if (record.CodeDigest is { } digest) json.WriteString("dir_hash1", digest);
            if (record.Git is { } git) Git(json, git);
            Files(json, record.CodeFiles);
            json.WriteEndObject();
        }

        if (record.EnvironmentRequested is not null || record.EnvironmentResolution is not null)
        {
            json.WriteStartObject("environment");
            Source(json, record, "environment");
            if (record.EnvironmentRequested is { } requested) json.WriteString("requested", requested);
            if (record.EnvironmentResolution is { } used) json.WriteString("used", used);
            json.WriteEndObject();
        }

        if (record.Compute is { } compute)
        {
            json.WriteStartObject("compute");
            Source(json, record, "compute");
            ComputeFields(json, compute);
            json.WriteEndObject();
        }

        if (record.BoundCommand is not null || record.ExecutedCommand is not null)
        {
            json.WriteStartObject("command");
            if (record.BoundCommand is { } bound) json.WriteString("bound", bound);
            if (record.ExecutedCommand is { } executed) json.WriteString("executed", executed);
            json.WriteEndObject();
        }

        json.WriteStartArray("inputs");
        foreach (var input in record.Inputs.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", input.Name);
            Source(json, record, "inputs");
            json.WriteString("kind", input.Kind);
            json.WriteString("value", input.Value);
            if (input.Sha256 is { } sha) json.WriteString("sha256", sha);
            if (record.InputFiles.TryGetValue(input.Name, out var files)) Files(json, files);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("outputs");
        foreach (var name in record.Outputs.Keys.Concat(record.OutputDigests.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            Source(json, record, "outputs");
            if (record.Outputs.TryGetValue(name, out var path)) json.WriteString("path", path);
            if (record.OutputDigests.TryGetValue(name, out var digest))
            {
                json.WriteString("dir_hash1", digest.Sha256);
                json.WriteNumber("file_count", digest.FileCount);
                json.WriteNumber("bytes", digest.Bytes);
            }
            if (record.OutputFiles.TryGetValue(name, out var files)) Files(json, files);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("metrics");
        Source(json, record, "metrics");
        json.WriteStartObject("series");
        foreach (var (key, points) in record.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            json.WriteStartArray(key);
            foreach (var point in points)
            {
                json.WriteStartObject();
                // JSON has no number for NaN or the infinities: MLflow's strings stand for them, as its REST API writes them.
                Local.Mlflow.MlflowApi.WriteDouble(json, "value", point.Value);
                json.WriteNumber("step", point.Step);
                json.WriteNumber("timestamp", point.LoggedOn.ToUnixTimeMilliseconds());
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndObject();

        Map(json, record, "params", record.Params);
        Map(json, record, "tags", record.MlflowTags);

        json.WriteStartObject("models");
        Source(json, record, "models");
        json.WriteStartArray("mlflow_models");
        foreach (var model in record.MlflowModels) json.WriteStringValue(model);
        json.WriteEndArray();
        json.WriteStartArray("mlflow_dataset_inputs");
        foreach (var dataset in record.MlflowDatasetInputs) json.WriteStringValue(dataset);
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartArray("warnings");
        foreach (var warning in record.Warnings) json.WriteStringValue(warning);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A time as the record writes it: UTC, ISO 8601 with milliseconds.</summary>
    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Source(Utf8JsonWriter json, JobRecord record, string part)
    {
        if (record.Sources.TryGetValue(part, out var source)) json.WriteString("source", RecordNames.Source(source));
    }

    /// <summary>Writes where a job ran as fields of the current object (a record's <c>compute</c>, a bundle's <c>compute/compute.json</c>).</summary>
    internal static void ComputeFields(Utf8JsonWriter json, ComputeInfo compute)
    {
        json.WriteString("kind", compute.Kind);
        if (compute.Target is { } target) json.WriteString("target", target);
        if (compute.Host is { } host) json.WriteString("host", host);
        if (compute.OperatingSystem is { } os) json.WriteString("operating_system", os);
        if (compute.ProcessorCount is { } processors) json.WriteNumber("processor_count", processors);
    }

    /// <summary>Writes a git state as the <c>git</c> object of a record (and of an evidence bundle's <c>code/snapshot.json</c>).</summary>
    internal static void Git(Utf8JsonWriter json, GitState git)
    {
        json.WriteStartObject("git");
        if (git.Commit is { } commit) json.WriteString("commit", commit);
        if (git.Branch is { } branch) json.WriteString("branch", branch);
        json.WriteBoolean("dirty", git.IsDirty);
        if (git.RemoteUrl is { } remote) json.WriteString("remote_url", remote);
        json.WriteEndObject();
    }

    private static void Files(Utf8JsonWriter json, IReadOnlyList<FileDigest> files)
    {
        json.WriteStartArray("files");
        foreach (var file in files)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteString("sha256", file.Sha256);
            json.WriteNumber("size", file.Size);
            if (file.IsLink) json.WriteBoolean("is_link", true);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void Map(Utf8JsonWriter json, JobRecord record, string part, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(part);
        Source(json, record, part);
        json.WriteStartObject("values");
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal)) json.WriteString(key, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
