using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage.OpenLineage;

namespace TrainingJobs.Sdk.Lineage.Exports;

/// <summary>
/// OpenLineage 2-0-2 <c>RunEvent</c>s for the jobs of a graph, as JSON lines: per job a <c>START</c> and, once it
/// ended, one <c>COMPLETE</c>, <c>FAIL</c> or <c>ABORT</c>; times from the status timeline; run ids from
/// <see cref="OpenLineageRunId"/> so every export of a job carries the same id.
/// </summary>
internal static class OpenLineageExport
{
    /// <summary>The <c>schemaURL</c> of every event.</summary>
    public const string RunEventSchema = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

    private const string ParentSchema = "https://openlineage.io/spec/facets/1-0-1/ParentRunFacet.json#/$defs/ParentRunFacet";
    private const string SourceCodeLocationSchema = "https://openlineage.io/spec/facets/1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet";
    private const string ErrorMessageSchema = "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";

    /// <summary>The custom dataset facet that carries SHA-256 digests (reference: no standard facet holds hashes).</summary>
    public const string DigestFacet = "trainingjobs_contentDigest";

    /// <summary>The events, one JSON object a line, each line ending with a line feed.</summary>
    public static string Write(LineageGraph graph)
    {
        var byName = graph.Records.ToDictionary(r => r.Job.Name, StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var record in graph.Records)
        {
            var parent = record.Job.ParentJobName is { } p ? byName.GetValueOrDefault(p) : null;
            foreach (var (type, time) in Events(record.Job)) text.Append(Event(record, parent, type, time)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>START at the first Running (or creation), then the end event at the end time of a job that ended.</summary>
    private static IEnumerable<(string Type, DateTimeOffset Time)> Events(Job job)
    {
        var started = job.StatusHistory.FirstOrDefault(c => c.Status == JobStatus.Running)?.ChangedOn ?? job.StartedOn ?? job.CreatedOn;
        yield return ("START", started);
        if (!job.Status.IsTerminal) yield break;
        var type = job.Status == JobStatus.Completed ? "COMPLETE" : job.Status == JobStatus.Canceled ? "ABORT" : "FAIL";
        var ended = job.EndedOn ?? job.StatusHistory.LastOrDefault()?.ChangedOn ?? started;
        yield return (type, ended);
    }

    /// <summary>The OpenLineage job namespace: <c>local://HOST</c> for local jobs, <c>azureml://TARGET</c> otherwise.</summary>
    public static string Namespace(JobRecord record) => record.Compute is { Kind: not "local" } compute
        ? "azureml://" + (compute.Target ?? "workspace")
        : "local://" + (record.Compute?.Host ?? "localhost");

    /// <summary>The OpenLineage job name: <c>EXPERIMENT.JOB</c>.</summary>
    public static string JobName(JobRecord record) => record.Job.ExperimentName + "." + record.Job.Name;

    private static string Event(JobRecord record, JobRecord? parent, string type, DateTimeOffset time)
    {
        var job = record.Job;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("eventType", type);
            json.WriteString("eventTime", RecordDocument.Time(time));
            json.WriteStartObject("run");
            json.WriteString("runId", OpenLineageRunId.For(job.Name, job.CreatedOn).ToString());
            json.WriteStartObject("facets");
            if (parent is not null)
            {
                json.WriteStartObject("parent");
                Base(json, ParentSchema);
                json.WriteStartObject("run");
                json.WriteString("runId", OpenLineageRunId.For(parent.Job.Name, parent.Job.CreatedOn).ToString());
                json.WriteEndObject();
                json.WriteStartObject("job");
                json.WriteString("namespace", Namespace(parent));
                json.WriteString("name", JobName(parent));
                json.WriteEndObject();
                json.WriteEndObject();
            }
            if (type == "FAIL")
            {
                json.WriteStartObject("errorMessage");
                Base(json, ErrorMessageSchema);
                json.WriteString("message", job.Error?.Message ?? $"The job ended {job.Status}" + (job.ExitCode is { } exit ? $" with exit code {exit}." : "."));
                // A job runs a command line, not one language's program.
                json.WriteString("programmingLanguage", "shell");
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("job");
            json.WriteString("namespace", Namespace(record));
            json.WriteString("name", JobName(record));
            json.WriteStartObject("facets");
            if (record.Git is { RemoteUrl: { } remote } git && Uri.IsWellFormedUriString(remote, UriKind.Absolute))
            {
                json.WriteStartObject("sourceCodeLocation");
                Base(json, SourceCodeLocationSchema);
                json.WriteString("type", "git");
                json.WriteString("url", remote);
                json.WriteString("repoUrl", remote);
                if (git.Commit is { } commit) json.WriteString("version", commit);
                if (git.Branch is { } branch) json.WriteString("branch", branch);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("inputs");
            foreach (var input in record.Inputs.Where(i => i.Sha256 is not null).OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                Dataset(json, input.Value, input.Sha256!, record.InputFiles.GetValueOrDefault(input.Name));
            }
            json.WriteEndArray();
            json.WriteStartArray("outputs");
            foreach (var (output, digest) in record.OutputDigests.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                Dataset(json, record.Outputs.GetValueOrDefault(output) ?? $"{job.Name}/outputs/{output}", digest.Sha256, record.OutputFiles.GetValueOrDefault(output));
            }
            json.WriteEndArray();
            json.WriteString("producer", LineageProducer.Uri);
            json.WriteString("schemaURL", RunEventSchema);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Dataset(Utf8JsonWriter json, string path, string sha256, IReadOnlyList<FileDigest>? files)
    {
        json.WriteStartObject();
        json.WriteString("namespace", "file");
        json.WriteString("name", path);
        json.WriteStartObject("facets");
        json.WriteStartObject(DigestFacet);
        Base(json, LineageProducer.FacetSchema("ContentDigestDatasetFacet"));
        // A folder's digest is in-toto dirHash1 over its files; a file's is its own SHA-256.
        json.WriteString("sha256", sha256);
        if (files is not null)
        {
            json.WriteNumber("fileCount", files.Count);
            json.WriteStartArray("files");
            foreach (var file in files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteString("sha256", file.Sha256);
                json.WriteNumber("size", file.Size);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Base(Utf8JsonWriter json, string schema)
    {
        json.WriteString("_producer", LineageProducer.Uri);
        json.WriteString("_schemaURL", schema);
    }
}
