using System.Text;
using System.Text.Json;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>
/// The parts of one job's folder in an evidence bundle, each a function of the job's record: the files under
/// <c>job/</c>, <c>inputs/</c>, <c>code/</c>, <c>environment/</c>, <c>compute/</c>, <c>run/</c>, <c>metrics/</c> and
/// <c>outputs/</c>. The record is already redacted by its backend; what the script chose as names (metric keys) is
/// redacted here with the job's secrets.
/// </summary>
internal static class BundleParts
{
    /// <summary>Every metric point, one JSON object per line.</summary>
    public const string MetricsFile = "metrics/metrics.jsonl";

    /// <summary>A name usable as one path segment of a bundle: not empty, no separator, no <c>.</c>/<c>..</c>, no control character.</summary>
    public static bool IsPlainName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Any(c => c is '/' or '\\' || char.IsControl(c));

    /// <summary><c>job/definition.yaml</c> (the stored definition, secrets redacted) and <c>job/record.json</c>.</summary>
    public static IEnumerable<BundleFile> Job(BundleJob job)
    {
        yield return new BundleFile("job/definition.yaml", MediaTypes.Yaml, Encoding.UTF8.GetBytes(YamlJobWriter.Write(job.Record.Job.Definition)));
        yield return new BundleFile("job/record.json", MediaTypes.Json, Encoding.UTF8.GetBytes(RecordDocument.Write(job.Record)));
    }

    /// <summary><c>inputs/inputs.json</c>, and <c>inputs/&lt;input&gt;.sha256</c> per input whose files were digested.</summary>
    public static IEnumerable<BundleFile> Inputs(BundleJob job)
    {
        var record = job.Record;
        yield return new BundleFile("inputs/inputs.json", MediaTypes.Json, BundleJson.Bytes(json =>
        {
            json.WriteStartObject();
            Source(json, record, "inputs");
            json.WriteStartArray("inputs");
            foreach (var input in record.Inputs.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", input.Name);
                json.WriteString("kind", input.Kind);
                json.WriteString("value", input.Value);
                if (EvidenceStatement.InputDigest(record, input) is { } digest) WriteDigest(json, digest);
                if (record.InputFiles.TryGetValue(input.Name, out var files))
                {
                    json.WriteNumber("file_count", files.Count);
                    json.WriteString("files", $"inputs/{input.Name}.sha256");
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }));
        foreach (var (name, files) in record.InputFiles.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            if (!IsPlainName(name)) continue;
            yield return new BundleFile($"inputs/{name}.sha256", MediaTypes.Text, SumsOf(files));
        }
    }

    /// <summary><c>code/snapshot.json</c> (dirHash1, git state) and <c>code/files.sha256</c>, for a job with code.</summary>
    public static IEnumerable<BundleFile> Code(BundleJob job)
    {
        var record = job.Record;
        if (record.CodeDigest is null && record.Git is null) yield break;
        yield return new BundleFile("code/snapshot.json", MediaTypes.Json, BundleJson.Bytes(json =>
        {
            json.WriteStartObject();
            Source(json, record, "code");
            if (record.Job.Definition is Definitions.CommandJob { Code: { } code }) json.WriteString("path", code);
            if (record.CodeDigest is { } digest) json.WriteString("dir_hash1", digest);
            json.WriteNumber("file_count", record.CodeFiles.Count);
            if (record.Git is { } git) RecordDocument.Git(json, git);
            json.WriteString("files", EvidenceBundle.CodeFiles);
            json.WriteEndObject();
        }));
        yield return new BundleFile(EvidenceBundle.CodeFiles, MediaTypes.Text, SumsOf(record.CodeFiles));
    }

    /// <summary><c>environment/environment.json</c>: the environment asked for, and how it was mapped to the machine.</summary>
    public static IEnumerable<BundleFile> Environment(BundleJob job)
    {
        var record = job.Record;
        yield return new BundleFile("environment/environment.json", MediaTypes.Json, BundleJson.Bytes(json =>
        {
            json.WriteStartObject();
            Source(json, record, "environment");
            if (record.EnvironmentRequested is { } requested) json.WriteString("requested", requested);
            if (record.EnvironmentResolution is { } used) json.WriteString("used", job.Logs.Secrets.Redact(used));
            json.WriteEndObject();
        }));
    }

    /// <summary><c>compute/compute.json</c>.</summary>
    public static IEnumerable<BundleFile> Compute(BundleJob job)
    {
        var record = job.Record;
        yield return new BundleFile("compute/compute.json", MediaTypes.Json, BundleJson.Bytes(json =>
        {
            json.WriteStartObject();
            Source(json, record, "compute");
            if (record.Compute is { } compute) RecordDocument.ComputeFields(json, compute);
            json.WriteEndObject();
        }));
    }

    /// <summary><c>run/params.json</c> and <c>run/tags.json</c>: what the script logged through MLflow.</summary>
    public static IEnumerable<BundleFile> Run(BundleJob job)
    {
        yield return Map(job, "run/params.json", "params", job.Record.Params);
        yield return Map(job, "run/tags.json", "tags", job.Record.MlflowTags);
    }

    /// <summary>
    /// <c>metrics/metrics.jsonl</c> (every point: key, value, step, timestamp in Unix ms) and <c>metrics/summary.json</c>
    /// (each key's latest point as MLflow's <c>runs/get</c> gives it: the highest step, then the latest timestamp).
    /// </summary>
    public static IEnumerable<BundleFile> Metrics(BundleJob job)
    {
        var series = job.Record.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (Key: job.Logs.Secrets.Redact(m.Key), Points: m.Value)).ToList();
        using var lines = new MemoryStream();
        foreach (var (key, points) in series)
        {
            foreach (var point in points) lines.Write(BundleJson.Bytes(json => Point(json, key, point), indented: false));
        }
        yield return new BundleFile(MetricsFile, "application/jsonl", lines.ToArray());
        yield return new BundleFile("metrics/summary.json", MediaTypes.Json, BundleJson.Bytes(json =>
        {
            json.WriteStartObject();
            Source(json, job.Record, "metrics");
            json.WriteStartObject("latest");
            foreach (var (key, points) in series)
            {
                if (points.Count == 0) continue;
                json.WritePropertyName(key);
                Point(json, null, points.OrderBy(p => p.Step).ThenBy(p => p.LoggedOn).Last());
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }));
    }

    /// <summary><c>outputs/outputs.json</c> and <c>outputs/SHA256SUMS</c> (<c>&lt;output&gt;/&lt;path&gt;</c> per file).</summary>
    public static IEnumerable<BundleFile> Outputs(BundleJob job)
    {
        var record = job.Record;
        yield return new BundleFile("outputs/outputs.json", MediaTypes.Json, BundleJson.Bytes(json =>
        {
            json.WriteStartObject();
            Source(json, record, "outputs");
            json.WriteStartArray("outputs");
            foreach (var name in record.Outputs.Keys.Concat(record.OutputDigests.Keys).Concat(record.OutputFiles.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                if (record.Outputs.TryGetValue(name, out var path)) json.WriteString("path", path);
                if (record.OutputDigests.TryGetValue(name, out var digest))
                {
                    json.WriteString("dir_hash1", digest.Sha256);
                    json.WriteNumber("file_count", digest.FileCount);
                    json.WriteNumber("bytes", digest.Bytes);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("files", EvidenceBundle.OutputSums);
            json.WriteEndObject();
        }));
        yield return new BundleFile(EvidenceBundle.OutputSums, MediaTypes.Text,
            Sha256Sums.Format(EvidenceStatement.OutputEntries(record).Select(e => (Encoding.UTF8.GetBytes(e.Path), e.Sha256))));
    }

    /// <summary>A file list in <c>sha256sum</c> format, sorted by path bytes: its SHA-256 is the listing's <c>dirHash1</c>.</summary>
    private static byte[] SumsOf(IEnumerable<FileDigest> files) =>
        Sha256Sums.Format(files.Select(f => (Encoding.UTF8.GetBytes(f.Path), f.Sha256)));

    private static BundleFile Map(BundleJob job, string path, string part, IReadOnlyDictionary<string, string> values) =>
        new(path, MediaTypes.Json, BundleJson.Bytes(json =>
        {
            json.WriteStartObject();
            Source(json, job.Record, part);
            json.WriteStartObject("values");
            foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal)) json.WriteString(job.Logs.Secrets.Redact(key), value);
            json.WriteEndObject();
            json.WriteEndObject();
        }));

    private static void Point(Utf8JsonWriter json, string? key, MetricPoint point)
    {
        json.WriteStartObject();
        if (key is not null) json.WriteString("key", key);
        Local.Mlflow.MlflowApi.WriteDouble(json, "value", point.Value);
        json.WriteNumber("step", point.Step);
        json.WriteNumber("timestamp", point.LoggedOn.ToUnixTimeMilliseconds());
        json.WriteEndObject();
    }

    private static void WriteDigest(Utf8JsonWriter json, IReadOnlyDictionary<string, string> digest)
    {
        json.WriteStartObject("digest");
        foreach (var (algorithm, value) in digest.OrderBy(d => d.Key, StringComparer.Ordinal)) json.WriteString(algorithm, value);
        json.WriteEndObject();
    }

    private static void Source(Utf8JsonWriter json, JobRecord record, string part)
    {
        if (record.Sources.TryGetValue(part, out var source)) json.WriteString("source", RecordNames.Source(source));
    }

    /// <summary>dirHash1 of a file list (the SHA-256 of its <c>sha256sum</c> listing).</summary>
    internal static string DirHash1(IEnumerable<FileDigest> files) => ContentDigest.OfManifest(files.Select(f => (Encoding.UTF8.GetBytes(f.Path), f.Sha256)));
}
