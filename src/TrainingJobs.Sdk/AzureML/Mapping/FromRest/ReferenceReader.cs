using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>
/// References read back from ARM ids and URIs: as the session remembers the definition spelling them (or the local
/// thing a pending asset stands for) while the wire is unchanged, else as short <c>azureml:</c> references.
/// </summary>
internal static class ReferenceReader
{
    /// <summary>The compute: its name in the workspace, or the id as it is.</summary>
    public static string? Compute(string? wire, string path, RestReadContext context)
    {
        if (wire is null) return null;
        return context.Session?.Recall<string>(path, wire) ?? context.References?.ComputeFromWire(wire) ?? wire;
    }

    /// <summary>The environment: the one defined in place, as written, or a reference.</summary>
    public static JobEnvironment? Environment(string? wire, string path, RestReadContext context)
    {
        if (wire is null) return null;
        if (context.Session?.FindPending(path, wire)?.Source is JobEnvironment pending) return pending;
        return context.Session?.Recall<EnvironmentReference>(path, wire)
            ?? new EnvironmentReference(Asset("environments", wire, context));
    }

    /// <summary>The code: the local path it was uploaded from, as written, or a reference.</summary>
    public static string? Code(string? wire, string path, RestReadContext context)
    {
        if (wire is null) return null;
        if (context.Session?.FindPending(path, wire)?.Source is string local) return local;
        return context.Session?.Recall<string>(path, wire) ?? Asset("codes", wire, context);
    }

    /// <summary>The path of a data input: the local path it was uploaded from, as written, a data reference, or the URI as it is.</summary>
    public static string? DataPath(string? wire, string path, RestReadContext context)
    {
        if (wire is null) return null;
        if (context.Session?.FindPending(path, wire)?.Source is string local) return local;
        return context.Session?.Recall<string>(path, wire)
            ?? (ArmReferences.IsArmId(wire) ? Asset("data", wire, context) : wire);
    }

    /// <summary>The datastore (a pipeline's default datastore): its name in the workspace, or the id as it is.</summary>
    public static string? Datastore(string? wire, string path, RestReadContext context) =>
        wire is null ? null : context.Session?.Recall<string>(path, wire) ?? context.References?.DatastoreFromWire(wire) ?? wire;

    /// <summary>
    /// An asset id as a job file writes it: <c>azureml:name:version</c> in the workspace, else
    /// <c>azureml:/subscriptions/…</c>; the prefix keeps the file from reading the id as a local path.
    /// </summary>
    public static string Asset(string collection, string wire, RestReadContext context)
    {
        var reference = context.References?.AssetFromWire(collection, wire) ?? wire;
        return ArmReferences.IsArmId(reference) ? "azureml:" + reference : reference;
    }
}
