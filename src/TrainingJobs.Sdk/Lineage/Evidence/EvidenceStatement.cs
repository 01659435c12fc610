using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>
/// The in-toto statement (SLSA provenance v1) of one job in an evidence bundle, built from its record: subjects are
/// the job's output files, resolved dependencies its inputs and code, byproducts its logs and metrics as copied into
/// the bundle.
/// </summary>
internal static class EvidenceStatement
{
    /// <summary>The name of the code dependency (its files are listed in <see cref="EvidenceBundle.CodeFiles"/>).</summary>
    public const string CodeDependency = "code";

    /// <summary>The prefix of an input dependency's name; its files are listed in <c>inputs/&lt;input&gt;.sha256</c>.</summary>
    public const string InputPrefix = "inputs/";

    /// <summary>The prefix of a subject's name: <c>outputs/&lt;output&gt;/&lt;path&gt;</c>.</summary>
    public const string OutputPrefix = "outputs/";

    /// <summary>Every output file of the job as <c>&lt;output&gt;/&lt;path&gt;</c> and its SHA-256, by output then path.</summary>
    public static IEnumerable<(string Path, string Sha256)> OutputEntries(JobRecord record) =>
        record.OutputFiles.OrderBy(o => o.Key, StringComparer.Ordinal)
            .SelectMany(o => o.Value.Select(f => ($"{o.Key}/{f.Path}", f.Sha256)));

    /// <summary>The statement's subjects: each output file, named <c>outputs/&lt;output&gt;/&lt;path&gt;</c>, with its SHA-256.</summary>
    public static IReadOnlyList<ResourceDescriptor> Subjects(JobRecord record) =>
        [.. OutputEntries(record).Select(e => new ResourceDescriptor { Name = OutputPrefix + e.Path, Digest = Digest("sha256", e.Sha256) })];

    /// <summary>
    /// An input's digest as in-toto names it: <c>dirHash1</c> for a folder, <c>sha256</c> for a file (told apart by the
    /// file list: a folder's digest is the dirHash1 of its list); null for a literal.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? InputDigest(JobRecord record, ResolvedInput input)
    {
        if (input.Sha256 is not { } sha) return null;
        var isFolder = record.InputFiles.TryGetValue(input.Name, out var files)
            ? BundleParts.DirHash1(files) == sha
            : input.Kind != "uri_file";
        return Digest(isFolder ? "dirHash1" : "sha256", sha);
    }

    /// <summary>The statement of a job with these subjects and byproducts.</summary>
    public static InTotoStatement Of(JobRecord record, IReadOnlyList<ResourceDescriptor> subjects, IReadOnlyList<ResourceDescriptor> byproducts, string toolVersion)
    {
        var job = record.Job;
        var external = new JsonObject
        {
            ["name"] = job.Name,
            ["kind"] = job.Kind.ToString(),
            ["experimentName"] = job.ExperimentName,
            ["definition"] = YamlJobWriter.Write(job.Definition),
        };
        if (job.ParentJobName is { } parent) external["parentJobName"] = parent;
        var internalParameters = new JsonObject();
        if (record.BoundCommand is { } bound) internalParameters["boundCommand"] = bound;
        if (record.ExecutedCommand is { } executed) internalParameters["executedCommand"] = executed;
        if (record.EnvironmentRequested is { } requested) internalParameters["environmentRequested"] = requested;
        if (record.EnvironmentResolution is { } used) internalParameters["environmentUsed"] = used;
        return new InTotoStatement
        {
            Subject = subjects,
            Predicate = new SlsaProvenance
            {
                BuildDefinition = new SlsaBuildDefinition
                {
                    BuildType = EvidenceBundle.BuildType,
                    ExternalParameters = external,
                    InternalParameters = internalParameters.Count > 0 ? internalParameters : null,
                    ResolvedDependencies = Dependencies(record),
                },
                RunDetails = new SlsaRunDetails
                {
                    Builder = new SlsaBuilder
                    {
                        Id = record.Compute?.Kind is null or "local" ? EvidenceBundle.LocalBuilderId : EvidenceBundle.AzureBuilderId,
                        Version = new Dictionary<string, string>(StringComparer.Ordinal) { ["tj"] = toolVersion },
                    },
                    Metadata = new SlsaBuildMetadata { InvocationId = job.Name, StartedOn = job.StartedOn, FinishedOn = job.EndedOn },
                    Byproducts = byproducts.Count > 0 ? byproducts : null,
                },
            },
        };
    }

    /// <summary>The job's inputs (each with a digest) and code, pinned by digest.</summary>
    private static List<ResourceDescriptor> Dependencies(JobRecord record)
    {
        var dependencies = new List<ResourceDescriptor>();
        foreach (var input in record.Inputs.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            if (InputDigest(record, input) is not { } digest) continue;
            dependencies.Add(new ResourceDescriptor { Name = InputPrefix + input.Name, Uri = UriOf(input.Value), Digest = digest });
        }
        if (record.CodeDigest is not null || record.Git?.Commit is not null)
        {
            var digest = new Dictionary<string, string>(StringComparer.Ordinal);
            if (record.Git?.Commit is { } commit) digest["gitCommit"] = commit;
            if (record.CodeDigest is { } tree) digest["dirHash1"] = tree;
            var codePath = record.Job.Definition is Definitions.CommandJob { Code: { } code } ? code : null;
            var uri = record.Git is { RemoteUrl: { } remote, Commit: { } at } ? $"git+{remote}@{at}" : codePath is null ? null : UriOf(codePath);
            dependencies.Add(new ResourceDescriptor { Name = CodeDependency, Uri = uri, Digest = digest });
        }
        return dependencies;
    }

    // A local path as a file: URI; anything that already is a URI (azureml://, https://) as it is.
    private static string UriOf(string value) =>
        value.Contains("://", StringComparison.Ordinal) || !Path.IsPathRooted(value) ? value : new Uri(value).AbsoluteUri;

    private static Dictionary<string, string> Digest(string algorithm, string value) => new(StringComparer.Ordinal) { [algorithm] = value };
}
