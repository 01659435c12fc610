using System.Security.Cryptography;
using System.Text;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Supervision.Steps;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Local.Pipelines;

/// <summary>
/// Reuse of a deterministic step: a step whose command, code digest, environment, literal inputs and input content
/// digests equal those of an earlier completed step is not run again. It ends Completed at once, points at the
/// original job (<see cref="ReusedFlagProperty"/> and <see cref="ReusedJobProperty"/>, Azure ML's property names, and
/// <see cref="Job.ReusedJobName"/>), and its outputs are the original's folders: downstream steps and downloads read
/// those.
/// </summary>
internal static class StepReuse
{
    /// <summary>The property azure-ai-ml reads to tell a reused job (<c>REUSED_FLAG_FIELD</c>).</summary>
    public const string ReusedFlagProperty = "azureml.isreused";

    /// <summary>The property that names the job whose outputs were reused (<c>REUSED_JOB_ID</c>).</summary>
    public const string ReusedJobProperty = "azureml.reusedrunid";

    /// <summary>
    /// The step's reuse key: SHA-256 of its definition in canonical YAML with what may differ between equal runs left
    /// out (names, display names, tags, the experiment) and what a path stands for put in its place (the code's and
    /// each data input's content digest), plus how its environment resolved on this machine.
    /// </summary>
    public static string KeyOf(CommandJob job, LocalJobPlan plan)
    {
        var digests = plan.Inputs.Where(i => i.Sha256 is not null).ToDictionary(i => i.Name, i => i.Sha256!, StringComparer.Ordinal);
        var inputs = job.Inputs.Select(i => KeyValuePair.Create(i.Key, i.Value switch
        {
            // The mode decides how the job reads the data, not what it reads.
            AssetInput asset => (JobInput)(asset with { Path = "sha256:" + digests.GetValueOrDefault(i.Key, asset.Path ?? ""), Mode = null, Description = null }),
            var other => other with { Description = null },
        }));
        var canonical = job with
        {
            Name = null,
            DisplayName = null,
            ExperimentName = null,
            Description = null,
            Tags = ValueMap<string>.Empty,
            Properties = ValueMap<string>.Empty,
            Code = plan.CodeDigest is { } code ? "sha256:" + code : null,
            Inputs = ValueMap.From(inputs),
        };
        var text = YamlJobWriter.Write(canonical) + "\n# environment resolved as: " + plan.EnvironmentResolution;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Ends the step as a reuse of <paramref name="original"/>; false (nothing changed) when the original's outputs are gone.</summary>
    public static bool TryReuse(SupervisionContext context, CommandJob job, string key, string original)
    {
        var (store, layout, child) = (context.Store, context.Layout, context.Name);
        if (job.Outputs.Keys.Any(output => !Directory.Exists(layout.NamedOutputFolder(original, output)))) return false;
        foreach (var (output, digest) in store.Jobs.GetOutputDigests(original)) store.Jobs.SetOutputDigest(child, output, digest.Digest, digest.Files, digest.Bytes);
        var marked = job with
        {
            Properties = ValueMap.From(job.Properties.Where(p => p.Key is not (ReusedFlagProperty or ReusedJobProperty))
                .Append(KeyValuePair.Create(ReusedFlagProperty, "true")).Append(KeyValuePair.Create(ReusedJobProperty, original))),
        };
        store.Jobs.SetDefinition(child, YamlJobWriter.Write(RedactedDefinition.Of(marked)));
        store.Jobs.SetReuse(child, key, original);
        return store.Jobs.TryTransition(child, JobStatus.Completed, context.Now);
    }
}
