using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>
/// Resolves the job's inputs: a literal is its value; an asset is a local path, digested, and copied into
/// <c>inputs/&lt;name&gt;</c> in <c>download</c> mode (else read where it is); a binding cannot run outside a pipeline.
/// </summary>
internal static class InputStep
{
    /// <summary>The resolved inputs: each input's value as the command sees it (by name), and the plan's records.</summary>
    public sealed record ResolvedInputs(IReadOnlyDictionary<string, string> Values, IReadOnlyList<PlannedInput> Planned);

    /// <summary>Resolves every input; one that cannot be resolved is reported at <c>inputs.&lt;name&gt;</c> and has no value.</summary>
    public static ResolvedInputs Resolve(PlanningContext context)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var planned = new List<PlannedInput>();
        foreach (var (name, input) in context.Job.Inputs)
        {
            var path = DiagnosticPath.Append("inputs", name);
            switch (input)
            {
                case LiteralInput literal when literal.EffectiveValue is { } value:
                    values[name] = value.ToString();
                    planned.Add(new PlannedInput(name, PlannedInputKind.Literal, value.ToString(), null));
                    break;
                case AssetInput { Path: { } assetPath } asset:
                    if (ResolveAsset(context, name, asset, assetPath, path) is not { } resolved) break;
                    values[name] = resolved.Local;
                    planned.Add(new PlannedInput(name, PlannedInputKind.Asset(asset.Type), resolved.Local, resolved.Digest));
                    break;
                case BindingInput:
                    context.Error(LocalDiagnosticCodes.UnboundReference, path, $"Input '{name}' is a binding, which only pipeline steps can use.");
                    break;
            }
        }
        return new ResolvedInputs(values, planned);
    }

    /// <summary>The path the job reads an asset at, and its digest; null when it cannot be read locally.</summary>
    private static (string Local, string Digest)? ResolveAsset(PlanningContext context, string name, AssetInput asset, string assetPath, string path)
    {
        if (LocalPathResolver.Resolve(assetPath, path, context) is not { } local) return null;
        var files = context.Files;
        IReadOnlyList<string> digestNotices = [];
        var (digest, listing) = File.Exists(local) ? files.DigestFile(local) : files.DigestFolder(local, out digestNotices);
        context.InputFiles[name] = listing;
        var lead = $"Input '{name}' entry ";
        if (asset.Mode != InputMode.Download)
        {
            context.AddNotices(path, lead, digestNotices);
            return (local, digest);
        }
        // The job reads the copy, so what the copy left out is what the user hears about (not the digest's notices).
        context.AddNotices(path, lead, files.CopyInput(local, name));
        var copied = File.Exists(local) ? context.InJobFolder("inputs", name, Path.GetFileName(local)) : context.InJobFolder("inputs", name);
        return (copied, digest);
    }
}
