using System.Text;
using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.AzureML.Backend;

/// <summary>
/// What the client observes when it submits an Azure ML job, kept in the job's own <c>properties</c> (as azure-ai-ml
/// keeps git lineage there) so that any client reading the job later can build its record: the code snapshot's
/// <c>dirHash1</c>, each uploaded input's digest, and the submitter's Entra object id. Azure ML records references,
/// not content; these say which bytes were sent. The job's <see cref="JobRecord"/> joins them with what the service
/// returns and what the script reported through MLflow, each part marked with where it came from.
/// </summary>
internal static class RecordProperties
{
    /// <summary>The code snapshot's <c>dirHash1</c> (SHA-256 hex), computed over exactly the files uploaded.</summary>
    public const string CodeDigest = "trainingjobs.code.dir_hash1";

    /// <summary>The Entra object id (<c>oid</c>) of the identity whose token signed the submit.</summary>
    public const string Submitter = "trainingjobs.submitter.oid";

    /// <summary>The prefix of an uploaded input's digest property; the rest is the input's place in the definition (<c>inputs.data</c>, <c>jobs.train.inputs.data</c>).</summary>
    public const string InputDigestPrefix = "trainingjobs.digest.";

    /// <summary>The property naming the digest of the input at <paramref name="path"/> (a definition path such as <c>inputs.data.path</c>).</summary>
    public static string InputDigest(string path) => InputDigestPrefix + (path.EndsWith(".path", StringComparison.Ordinal) ? path[..^".path".Length] : path);

    /// <summary>
    /// The <c>oid</c> claim of a bearer token (a JWT: its middle part is base64url JSON), or null when the token is not
    /// a JWT or names none. The token itself is never kept: only this id.
    /// </summary>
    public static string? ObjectIdOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return claims.RootElement.ValueKind == JsonValueKind.Object && claims.RootElement.TryGetProperty("oid", out var oid) && oid.ValueKind == JsonValueKind.String
                ? oid.GetString()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Where each part of an Azure ML job's record comes from.</summary>
    private static readonly Dictionary<string, FactSource> Sources = new(StringComparer.Ordinal)
    {
        ["definition"] = FactSource.Service, ["status"] = FactSource.Service, ["compute"] = FactSource.Service, ["environment"] = FactSource.Service,
        ["code"] = FactSource.Observed, ["git"] = FactSource.Observed, ["inputs"] = FactSource.Observed, ["submitter"] = FactSource.Observed,
        ["outputs"] = FactSource.Service, ["metrics"] = FactSource.Reported, ["params"] = FactSource.Reported, ["tags"] = FactSource.Reported,
    };

    /// <summary>
    /// The record of an Azure ML job: the job as the service returns it, the facts the submitting client kept in its
    /// properties, and the MLflow run's metrics, params and tags. Per-file listings are local-only (the service keeps
    /// none): the digests here are per input and for the code as a whole.
    /// </summary>
    public static JobRecord Of(Job job, IReadOnlyList<MetricPoint> metrics, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> tags)
    {
        var properties = job.Definition.Properties;
        var inputs = new List<ResolvedInput>();
        if (job.Definition is CommandJob command)
        {
            foreach (var (name, input) in command.Inputs)
            {
                var (kind, value) = input switch
                {
                    LiteralInput literal => ("literal", literal.EffectiveValue?.ToString() ?? ""),
                    AssetInput asset => (asset.Type.ToString(), asset.Path ?? ""),
                    BindingInput binding => ("binding", binding.Expression),
                    _ => ("unknown", ""),
                };
                inputs.Add(new ResolvedInput(name, kind, value, properties.TryGetValue(InputDigest("inputs." + name), out var sha) ? sha : null));
            }
        }
        string? Property(string key) => properties.TryGetValue(key, out var value) ? value : null;
        var git = Property(GitProperties.Commit) is null && Property(GitProperties.RepositoryUrl) is null
            ? null
            : new GitState(Property(GitProperties.Commit), Property(GitProperties.Branch) is { } branch && branch != "HEAD" ? branch : null,
                string.Equals(Property(GitProperties.Dirty), "True", StringComparison.OrdinalIgnoreCase), Property(GitProperties.RepositoryUrl));
        return new JobRecord(job)
        {
            CodeDigest = Property(CodeDigest),
            Git = git,
            SubmittedBy = Property(Submitter),
            EnvironmentRequested = Lineage.RecordNames.RequestedEnvironment(job.Definition),
            Compute = new ComputeInfo("azureml", job.Definition.Compute, null, null, null),
            Inputs = inputs,
            Outputs = job.Definition is CommandJob withOutputs
                ? withOutputs.Outputs.ToDictionary(o => o.Key, o => o.Value.Path ?? $"azureml://jobs/{job.Name}/outputs/{o.Key}", StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal),
            Metrics = metrics.GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<MetricPoint>)[.. g], StringComparer.Ordinal),
            Params = parameters,
            MlflowTags = tags,
            Sources = Sources,
        };
    }
}
