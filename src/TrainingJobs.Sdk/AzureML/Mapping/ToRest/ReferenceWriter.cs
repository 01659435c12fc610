using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>
/// References to workspace resources (compute, environment, code, data, datastore, component) as the ARM ids or
/// URIs the wire holds; what is local or defined in place becomes a pending asset (<see cref="PendingAssetWriter"/>).
/// Each reference is remembered in the session so that it reads back as the definition spelled it.
/// </summary>
internal static class ReferenceWriter
{
    private const string DefaultDatastore = "workspaceblobstore";

    /// <summary>The compute id; <c>local</c> is sent as written, with a warning.</summary>
    public static string? Compute(string? compute, string path, RestWriteContext context)
    {
        if (compute is null) return null;
        if (compute.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(RestDiagnosticCodes.LocalCompute, DiagnosticSeverity.Warning, path, "Compute 'local' runs the job on this machine; Azure ML needs a compute target. The value is sent as written.");
            context.Remember(path, compute, compute);
            return compute;
        }
        var wire = context.References.ComputeToWire(compute);
        context.Remember(path, wire, compute);
        return wire;
    }

    /// <summary>The environment id; a <paramref name="required"/> one that is missing is reported.</summary>
    public static string? Environment(JobEnvironment? environment, string path, bool required, RestWriteContext context)
    {
        switch (environment)
        {
            case null:
                if (required)
                {
                    context.Add(RequiredFields.MissingEnvironment(path));
                }
                return null;
            case InlineEnvironment inline:
                return PendingAssetWriter.Add(PendingAssetKind.Environment, path, PendingAssetWriter.AnonymousEnvironmentId(inline.ToString(), context), inline,
                    "The environment is defined in place; it is registered as an anonymous environment before the job is submitted.", context);
            case EnvironmentReference reference when reference.Reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase):
                return PendingAssetWriter.Add(PendingAssetKind.Environment, path, PendingAssetWriter.AnonymousEnvironmentId(reference.Reference, context), reference,
                    "The environment comes from a local file; it is registered as an anonymous environment before the job is submitted.", context);
            case EnvironmentReference reference:
                var wire = context.References.AssetToWire("environments", reference.Reference) ?? reference.Reference;
                WarnIfLabel(wire, path, context);
                context.Remember(path, wire, reference);
                return wire;
            default:
                return null;
        }
    }

    /// <summary>The code id: a remote reference as an ARM id, a local folder or file as the code version it is uploaded as.</summary>
    public static string? Code(string? code, string path, RestWriteContext context)
    {
        if (code is null) return null;
        if (IsRemoteReference(code))
        {
            var wire = context.References.AssetToWire("codes", code) ?? code;
            WarnIfLabel(wire, path, context);
            context.Remember(path, wire, code);
            return wire;
        }
        return PendingAssetWriter.Add(PendingAssetKind.Code, path, $"{context.Session.Scope.ResourceId}/codes/{WireValues.ContentName(code)}/versions/1", code,
            $"Code '{code}' is local; it is uploaded as a code version before the job is submitted.", context);
    }

    /// <summary>The wire URI of a data input: remote URIs and ARM ids as they are, <c>azureml:name:version</c> as a data id, local paths uploaded.</summary>
    public static string? DataPath(AssetInput asset, string path, RestWriteContext context)
    {
        var (dataPath, datastore) = (asset.Path, asset.Datastore);
        if (dataPath is null)
        {
            context.Add(RequiredFields.MissingInputPath(asset.Type, asset.Optional == true, path));
            return null;
        }
        if (IsRemoteReference(dataPath) || dataPath.StartsWith("${{", StringComparison.Ordinal))
        {
            var wire = dataPath.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase) && !ArmReferences.IsAzureMLUri(dataPath)
                ? context.References.AssetToWire("data", dataPath) ?? dataPath
                : dataPath;
            WarnIfLabel(wire, path, context);
            context.Remember(path, wire, dataPath);
            return wire;
        }
        var leaf = dataPath.Replace('\\', '/').TrimEnd('/').Split('/')[^1];
        if (leaf is "." or "..") leaf = "data";
        var uri = $"azureml://datastores/{datastore ?? DefaultDatastore}/paths/LocalUpload/{WireValues.ContentName(dataPath)}/{leaf}";
        return PendingAssetWriter.Add(PendingAssetKind.Data, path, uri, dataPath, $"Data '{dataPath}' is local; it is uploaded to the datastore before the job is submitted.", context);
    }

    /// <summary>The datastore id (a pipeline's default datastore).</summary>
    public static string Datastore(string datastore, string path, RestWriteContext context)
    {
        var id = context.References.DatastoreToWire(datastore);
        context.Remember(path, id, datastore);
        return id;
    }

    /// <summary>The component id of a step that runs a component: a remote one as an ARM id, else the anonymous component it is registered as.</summary>
    public static string Component(ComponentReference component, string path, RestWriteContext context)
    {
        if (component.Reference is { } reference && component.Definition is null && IsRemoteReference(reference))
        {
            var wire = context.References.AssetToWire("components", reference) ?? reference;
            WarnIfLabel(wire, path, context);
            context.Remember(path, wire, component);
            return wire;
        }
        return PendingAssetWriter.Add(PendingAssetKind.Component, path, PendingAssetWriter.AnonymousComponentId(component.ToString(), context), component,
            "The component comes from a local file or is written in place; it is registered as an anonymous component before the job is submitted.", context);
    }

    private static void WarnIfLabel(string wire, string path, RestWriteContext context)
    {
        if (!ArmReferences.IsArmId(wire) && ArmReferences.IsLabel(wire))
        {
            context.Report(RestDiagnosticCodes.UnresolvedLabel, DiagnosticSeverity.Warning, path, $"'{wire}' names a label, not a version; it must be resolved to a version before submission and is sent as written.");
        }
    }

    private static bool IsRemoteReference(string text) =>
        text.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase)
        || ArmReferences.IsArmId(text)
        || ArmReferences.HasScheme(text);
}
