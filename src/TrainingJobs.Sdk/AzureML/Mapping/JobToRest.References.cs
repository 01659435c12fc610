using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>References: compute, environment, code, data and components.</summary>
internal sealed partial class JobToRest
{
    private string? Compute(string? compute, string path)
    {
        if (compute is null) return null;
        if (compute.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            Report(RestDiagnosticCodes.LocalCompute, DiagnosticSeverity.Warning, path, "Compute 'local' runs the job on this machine; Azure ML needs a compute target. The value is sent as written.");
            _session.Remember(path, compute, compute);
            return compute;
        }
        var wire = _refs.ComputeToWire(compute);
        _session.Remember(path, wire, compute);
        return wire;
    }

    private string? Environment(JobEnvironment? environment, string path, bool required)
    {
        switch (environment)
        {
            case null:
                if (required)
                {
                    _diagnostics.Add(RequiredFields.MissingEnvironment(path));
                }
                return null;
            case InlineEnvironment inline:
                return Pending(PendingAssetKind.Environment, path, AnonymousEnvironmentId(inline.ToString()), inline,
                    "The environment is defined in place; it is registered as an anonymous environment before the job is submitted.");
            case EnvironmentReference reference when reference.Reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase):
                return Pending(PendingAssetKind.Environment, path, AnonymousEnvironmentId(reference.Reference), reference,
                    "The environment comes from a local file; it is registered as an anonymous environment before the job is submitted.");
            case EnvironmentReference reference:
                var wire = _refs.AssetToWire("environments", reference.Reference) ?? reference.Reference;
                WarnIfLabel(wire, path);
                _session.Remember(path, wire, reference);
                return wire;
            default:
                return null;
        }
    }

    private string? Code(string? code, string path)
    {
        if (code is null) return null;
        if (IsRemoteReference(code))
        {
            var wire = _refs.AssetToWire("codes", code) ?? code;
            WarnIfLabel(wire, path);
            _session.Remember(path, wire, code);
            return wire;
        }
        return Pending(PendingAssetKind.Code, path, $"{_session.Scope.ResourceId}/codes/{WireValues.ContentName(code)}/versions/1", code,
            $"Code '{code}' is local; it is uploaded as a code version before the job is submitted.");
    }

    /// <summary>The wire URI of a data input: remote URIs and ARM ids as they are, <c>azureml:name:version</c> as a data id, local paths uploaded.</summary>
    private string? DataPath(AssetInput asset, string path)
    {
        var (dataPath, datastore) = (asset.Path, asset.Datastore);
        if (dataPath is null)
        {
            _diagnostics.Add(RequiredFields.MissingInputPath(asset.Type, asset.Optional == true, path));
            return null;
        }
        if (IsRemoteReference(dataPath) || dataPath.StartsWith("${{", StringComparison.Ordinal))
        {
            var wire = dataPath.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase) && !ArmReferences.IsAzureMLUri(dataPath)
                ? _refs.AssetToWire("data", dataPath) ?? dataPath
                : dataPath;
            WarnIfLabel(wire, path);
            _session.Remember(path, wire, dataPath);
            return wire;
        }
        var leaf = dataPath.Replace('\\', '/').TrimEnd('/').Split('/')[^1];
        if (leaf is "." or "..") leaf = "data";
        var uri = $"azureml://datastores/{datastore ?? DefaultDatastore}/paths/LocalUpload/{WireValues.ContentName(dataPath)}/{leaf}";
        return Pending(PendingAssetKind.Data, path, uri, dataPath, $"Data '{dataPath}' is local; it is uploaded to the datastore before the job is submitted.");
    }

    private string? Component(PipelineStep step, string path)
    {
        var component = step.Component;
        if (component?.Reference is { } reference && component.Definition is null && IsRemoteReference(reference))
        {
            var wire = _refs.AssetToWire("components", reference) ?? reference;
            WarnIfLabel(wire, path);
            _session.Remember(path, wire, component);
            return wire;
        }
        if (component is not null)
        {
            return Pending(PendingAssetKind.Component, path, AnonymousComponentId(component.ToString()), component,
                "The component comes from a local file or is written in place; it is registered as an anonymous component before the job is submitted.");
        }
        return null;
    }

    private string Pending(PendingAssetKind kind, string path, string wire, object source, string message)
    {
        _session.AddPending(new PendingAsset(kind, path, wire, source));
        Report(RestDiagnosticCodes.PendingAsset, DiagnosticSeverity.Info, path, message);
        return wire;
    }

    private string AnonymousEnvironmentId(string content) =>
        $"{_session.Scope.ResourceId}/environments/{AnonymousEnvironment}/versions/{WireValues.ContentName(content)}";

    private string AnonymousComponentId(string content) =>
        $"{_session.Scope.ResourceId}/components/{AnonymousComponent}/versions/{WireValues.ContentName(content)}";

    private void WarnIfLabel(string wire, string path)
    {
        if (!ArmReferences.IsArmId(wire) && ArmReferences.IsLabel(wire))
        {
            Report(RestDiagnosticCodes.UnresolvedLabel, DiagnosticSeverity.Warning, path, $"'{wire}' names a label, not a version; it must be resolved to a version before submission and is sent as written.");
        }
    }

    private static bool IsRemoteReference(string text) =>
        text.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase)
        || ArmReferences.IsArmId(text)
        || ArmReferences.HasScheme(text);
}
