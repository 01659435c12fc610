using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage.Exports;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>
/// Writes a job's evidence bundle (<c>docs/lineage.md</c>, "Exporting and verifying a bundle"): for the job and every
/// job below it (pipeline steps, sweep trials, at any depth, each under <c>jobs/&lt;name&gt;/</c>) its definition,
/// record, input/code/output manifests, environment, compute, params, tags, metrics, logs (secrets redacted) and an
/// in-toto provenance statement, optionally DSSE-signed; then <c>manifest.json</c> and <c>SHA256SUMS</c> last.
/// </summary>
/// <remarks>
/// The bundle is built in a fresh sibling folder (<c>DIR.tmp-&lt;random&gt;</c>) and renamed to its name only when it
/// is complete, so a failure leaves nothing half-written under that name (and removes the sibling).
/// </remarks>
internal static class EvidenceBundle
{
    /// <summary>The version of the bundle layout (<c>manifest.json</c>'s <c>schema_version</c>).</summary>
    public const int SchemaVersion = 1;

    /// <summary>The bundle's index.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The folder (below the bundle) that holds each descendant job's part.</summary>
    public const string JobsFolder = "jobs";

    /// <summary>A signed statement: one DSSE envelope per line.</summary>
    public const string SignedAttestation = "attestations/provenance.intoto.jsonl";

    /// <summary>An unsigned statement: the in-toto statement itself.</summary>
    public const string UnsignedAttestation = "attestations/provenance.intoto.json";

    /// <summary>Output digests of the job (<c>outputs/SHA256SUMS</c>): what the statement's subjects must equal.</summary>
    public const string OutputSums = "outputs/SHA256SUMS";

    /// <summary>The code snapshot's file list.</summary>
    public const string CodeFiles = "code/files.sha256";

    /// <summary>The builder id of jobs this SDK's local runner ran (SLSA <c>builder.id</c>).</summary>
    public const string LocalBuilderId = "urn:trainingjobs:builder:local-runner@v1";

    /// <summary>The builder id of jobs the Azure ML service ran, as this SDK's client observed them.</summary>
    public const string AzureBuilderId = "urn:trainingjobs:builder:azureml@v1";

    /// <summary>The bundle's lineage as OpenLineage 2-0-2 run events, one per line.</summary>
    public const string OpenLineageFile = "lineage/openlineage.jsonl";

    /// <summary>The bundle's lineage as PROV-JSON.</summary>
    public const string ProvFile = "lineage/prov.json";

    /// <summary>The SLSA <c>buildType</c>: its parameters are documented in <c>docs/lineage.md</c>.</summary>
    public const string BuildType = "urn:trainingjobs:build-type:training-job@v1";

    /// <summary>
    /// The parts of each job's folder, in order: each returns the files it writes. A new part (e.g. <c>lineage/</c>
    /// exports) is one more entry here.
    /// </summary>
    private static readonly Func<BundleJob, IEnumerable<BundleFile>>[] Parts =
    [
        BundleParts.Job,
        BundleParts.Inputs,
        BundleParts.Code,
        BundleParts.Environment,
        BundleParts.Compute,
        BundleParts.Run,
        BundleParts.Metrics,
        BundleParts.Outputs,
    ];

    /// <summary>The version of this SDK, as <c>builder.version</c> and the manifest name it.</summary>
    public static string ToolVersion { get; } =
        typeof(EvidenceBundle).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Writes the bundle of job <paramref name="name"/> into <paramref name="folder"/>, which must not exist or be
    /// empty. With <paramref name="signingKey"/> (an ECDSA P-256 private key) each statement is a DSSE envelope.
    /// </summary>
    /// <exception cref="RequestFailedException">The job does not exist, or has not ended.</exception>
    /// <exception cref="IOException">The folder exists and is not empty, or cannot be written.</exception>
    public static async Task<EvidenceBundleResult> WriteAsync(TrainingJobsClient client, string name, string folder, DsseKey? signingKey, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (signingKey is { IsPrivate: false }) throw new ArgumentException("A bundle is signed with a private key.", nameof(signingKey));
        var target = Path.GetFullPath(folder);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"{target} exists and is not empty: a bundle is written into a new folder.");
        }
        if (File.Exists(target)) throw new IOException($"{target} is a file: a bundle is written into a new folder.");

        var root = await client.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (!root.Status.IsTerminal)
        {
            throw new RequestFailedException(409, $"Job '{name}' is {root.Status}; a bundle can be exported once it is Completed, Failed or Canceled.",
                JobErrorCode.UserError.ToString(), null);
        }
        var jobs = new List<(Job Job, string Folder)> { (root, "") };
        await AddDescendantsAsync(client, root.Name, jobs, cancellationToken).ConfigureAwait(false);

        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"{target} has no parent folder.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $"{Path.GetFileName(target)}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        Directory.CreateDirectory(staging);
        try
        {
            var written = new List<WrittenFile>();
            var entries = new List<ManifestJob>();
            foreach (var (job, prefix) in jobs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = await client.GetRecordAsync(job.Name, cancellationToken).ConfigureAwait(false);
                var logs = await client.GetLogFilesAsync(job.Name, cancellationToken).ConfigureAwait(false);
                var bundleJob = new BundleJob(record, logs, prefix);
                var files = new List<WrittenFile>();
                foreach (var part in Parts)
                {
                    foreach (var file in part(bundleJob)) files.Add(Write(staging, prefix, file));
                }
                var logNote = logs.Note;
                foreach (var log in logs.Files)
                {
                    var copied = await CopyLogAsync(staging, prefix, log, logs.Secrets, cancellationToken).ConfigureAwait(false);
                    if (copied.File is { } file) files.Add(file);
                    else logNote = (logNote is null ? "" : logNote + "; ") + copied.Problem;
                }
                var (attestation, note) = WriteAttestation(staging, prefix, bundleJob, files, signingKey);
                if (attestation is { } statementFile) files.Add(statementFile);
                written.AddRange(files);
                entries.Add(new ManifestJob(job.Name, job.Kind.ToString(), job.ParentJobName, prefix, attestation?.Path, note, logNote));
            }
            // The lineage of the whole bundle (the job, its steps or trials, the jobs whose outputs they read), as
            // OpenLineage run events and PROV-JSON: built from the same records, so it carries no secret either.
            var graph = await client.GetLineageAsync(root.Name, cancellationToken).ConfigureAwait(false);
            written.Add(Write(staging, "", new BundleFile(OpenLineageFile, MediaTypes.JsonLines, Encoding.UTF8.GetBytes(OpenLineageExport.Write(graph)))));
            written.Add(Write(staging, "", new BundleFile(ProvFile, MediaTypes.Json, Encoding.UTF8.GetBytes(ProvJsonExport.Write(graph)))));
            var manifest = Write(staging, "", new BundleFile(ManifestFile, MediaTypes.Json,
                BundleJson.Bytes(json => WriteManifest(json, root.Name, time.GetUtcNow(), signingKey, entries, written))));
            written.Add(manifest);
            var sums = Sha256Sums.Write(staging);
            if (!sums.Written) throw new IOException($"{Sha256Sums.FileName} was not written: {string.Join("; ", sums.Problems)}");
            if (Directory.Exists(target)) Directory.Delete(target);
            Directory.Move(staging, target);
            return new EvidenceBundleResult(target, entries.Select(e => e.Name).ToList(), sums.Files + 1, signingKey?.KeyId);
        }
        catch
        {
            try
            {
                Directory.Delete(staging, recursive: true);
            }
            catch (IOException)
            {
                // The failure that brought us here is the one to report; an unremovable staging folder is named by it.
            }
            throw;
        }
    }

    // Every job below this one, depth first, each under jobs/<name>/ (names are unique in a workspace, so the layout is flat).
    private static async Task AddDescendantsAsync(TrainingJobsClient client, string name, List<(Job Job, string Folder)> jobs, CancellationToken cancellationToken)
    {
        var children = new List<Job>();
        await foreach (var child in client.GetJobsAsync(new JobQuery { ParentJobName = name, Archived = ArchiveFilter.All }, cancellationToken).ConfigureAwait(false))
        {
            children.Add(child);
        }
        foreach (var child in children.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (!BundleParts.IsPlainName(child.Name)) throw new IOException($"Job name '{child.Name}' cannot name a bundle folder.");
            jobs.Add((child, $"{JobsFolder}/{child.Name}/"));
            await AddDescendantsAsync(client, child.Name, jobs, cancellationToken).ConfigureAwait(false);
        }
    }

    private static WrittenFile Write(string staging, string prefix, BundleFile file)
    {
        var path = prefix + file.Path;
        var full = Path.Combine(staging, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, file.Content);
        return new WrittenFile(path, file.Content.LongLength, Convert.ToHexStringLower(SHA256.HashData(file.Content)), file.MediaType);
    }

    // The job printed these bytes: each line is redacted (its secret values, its MLflow token, what the scanner
    // recognises, a private key block over its lines) as the streamed log lines are. A remote log is read as it
    // arrives, never held whole in memory.
    private static async Task<(WrittenFile? File, string? Problem)> CopyLogAsync(string staging, string prefix, JobLogFile log, Validation.SecretValues secrets,
        CancellationToken cancellationToken)
    {
        var (opened, refusal) = await log.Open(cancellationToken).ConfigureAwait(false);
        if (opened is null) return (null, $"logs/{log.Path} not copied: {refusal}");
        var path = $"{prefix}logs/{log.Path}";
        var full = Path.Combine(staging, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using (var stream = new LastByteStream(opened))
        using (var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false))
        using (var writer = new StreamWriter(full, false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            var lines = secrets.ForLines();
            var pending = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            while (pending is not null)
            {
                var next = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                writer.Write(lines.Redact(pending));
                // The last line keeps the file's own ending: a log cut mid-line stays cut. The reader has read the
                // whole source by then, so its last byte says (a network stream cannot seek back to look).
                if (next is not null || stream.LastByte == '\n') writer.Write('\n');
                pending = next;
            }
        }
        var sha = ContentDigest.OfFile(full, out var size);
        return (new WrittenFile(path, size, sha, MediaTypes.Text), null);
    }

    private static (WrittenFile? File, string Note) WriteAttestation(string staging, string prefix, BundleJob job, List<WrittenFile> files, DsseKey? key)
    {
        var subjects = EvidenceStatement.Subjects(job.Record);
        if (subjects.Count == 0)
        {
            return (null, job.Record.Job.Kind == JobKind.Command
                ? "no statement: the job produced no output files to attest"
                : "no statement: this job runs no process of its own; each of its jobs has its own statement");
        }
        var byproducts = files.Where(f => f.Path.StartsWith(prefix + "logs/", StringComparison.Ordinal) || f.Path == prefix + BundleParts.MetricsFile)
            .Select(f => new ResourceDescriptor { Name = f.Path[prefix.Length..], Digest = new Dictionary<string, string> { ["sha256"] = f.Sha256 } }).ToList();
        var statement = InTotoStatementJson.Serialize(EvidenceStatement.Of(job.Record, subjects, byproducts, ToolVersion));
        if (key is null)
        {
            return (Write(staging, prefix, new BundleFile(UnsignedAttestation, MediaTypes.InTotoStatement, [.. statement, (byte)'\n'])),
                "unsigned: the in-toto statement itself");
        }
        var envelope = Dsse.Serialize(Dsse.Sign(InTotoStatement.PayloadType, statement, key));
        return (Write(staging, prefix, new BundleFile(SignedAttestation, MediaTypes.DsseProvenance, [.. envelope, (byte)'\n'])),
            $"signed: a DSSE envelope, ECDSA P-256 key {key.KeyId}");
    }

    private static void WriteManifest(Utf8JsonWriter json, string name, DateTimeOffset createdAt, DsseKey? key, List<ManifestJob> jobs, List<WrittenFile> files)
    {
        json.WriteStartObject();
        json.WriteNumber("schema_version", SchemaVersion);
        json.WriteString("job", name);
        json.WriteString("created_at", RecordDocument.Time(createdAt));
        json.WriteStartObject("tool");
        json.WriteString("name", "tj");
        json.WriteString("version", ToolVersion);
        json.WriteEndObject();
        json.WriteBoolean("signed", key is not null);
        if (key is not null) json.WriteString("key_id", key.KeyId);
        json.WriteString("attestations", key is null
            ? $"unsigned: each job's {UnsignedAttestation} is its in-toto statement itself"
            : $"signed: each job's {SignedAttestation} holds DSSE envelopes (ECDSA P-256, key id {key.KeyId})");
        json.WriteStartArray("jobs");
        foreach (var job in jobs)
        {
            json.WriteStartObject();
            json.WriteString("name", job.Name);
            json.WriteString("kind", job.Kind);
            if (job.Parent is { } parent) json.WriteString("parent", parent);
            json.WriteString("folder", job.Folder);
            if (job.Attestation is { } attestation) json.WriteString("attestation", attestation);
            json.WriteString("attestation_note", job.AttestationNote);
            if (job.LogNote is { } logNote) json.WriteString("logs_note", logNote);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("files");
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteNumber("size", file.Size);
            json.WriteString("sha256", file.Sha256);
            json.WriteString("media_type", file.MediaType);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private sealed record ManifestJob(string Name, string Kind, string? Parent, string Folder, string? Attestation, string AttestationNote, string? LogNote);
}

/// <summary>What <see cref="EvidenceBundleWriter.WriteAsync"/> wrote.</summary>
public sealed class EvidenceBundleResult
{
    internal EvidenceBundleResult(string folder, IReadOnlyList<string> jobs, int fileCount, string? keyId)
    {
        Folder = folder;
        Jobs = jobs;
        FileCount = fileCount;
        KeyId = keyId;
    }

    /// <summary>The bundle's folder (a full path).</summary>
    public string Folder { get; }

    /// <summary>The jobs it holds: the exported one first, then every job below it (pipeline steps, sweep trials).</summary>
    public IReadOnlyList<string> Jobs { get; }

    /// <summary>How many files it holds (<c>SHA256SUMS</c> included).</summary>
    public int FileCount { get; }

    /// <summary>The signing key's id (lowercase hex SHA-256 of its public key), or null when the bundle is unsigned.</summary>
    public string? KeyId { get; }
}

/// <summary>A file of one job's part of a bundle.</summary>
/// <param name="Path">Its path relative to the job's folder in the bundle.</param>
/// <param name="MediaType">Its media type (for the manifest).</param>
/// <param name="Content">Its bytes.</param>
internal sealed record BundleFile(string Path, string MediaType, byte[] Content);

/// <summary>A file as written: path relative to the bundle, size, SHA-256, media type.</summary>
internal sealed record WrittenFile(string Path, long Size, string Sha256, string MediaType);

/// <summary>What a bundle part is written from: a job's record and logs, and its folder in the bundle.</summary>
/// <param name="Record">The job's record (secrets already redacted by the backend).</param>
/// <param name="Logs">The job's log files and secrets.</param>
/// <param name="Folder">The job's folder in the bundle: empty for the exported job, <c>jobs/&lt;name&gt;/</c> below it.</param>
internal sealed record BundleJob(JobRecord Record, JobLogFiles Logs, string Folder);

/// <summary>The media types the manifest names.</summary>
internal static class MediaTypes
{
    public const string Json = "application/json";
    public const string JsonLines = "application/jsonl";
    public const string Yaml = "application/yaml";
    public const string Text = "text/plain";
    public const string InTotoStatement = "application/vnd.in-toto+json";
    public const string DsseProvenance = "application/vnd.in-toto.provenance+dsse";
}

/// <summary>The JSON of bundle files: indented, LF line ends, UTF-8 without needless escapes, a final line feed.</summary>
internal static class BundleJson
{
    public static byte[] Bytes(Action<Utf8JsonWriter> write, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" }))
        {
            write(json);
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
