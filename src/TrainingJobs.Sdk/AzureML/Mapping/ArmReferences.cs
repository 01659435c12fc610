using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>
/// Turns the short references a job file may use into the ARM ids the REST payload needs, and back. Only the
/// syntax is handled here; whether the asset exists is the service's concern.
/// </summary>
internal sealed class ArmReferences(AzureMLWorkspaceScope scope)
{
    private const string Prefix = "azureml:";

    public AzureMLWorkspaceScope Scope { get; } = scope;

    /// <summary>Whether the text is a full ARM id.</summary>
    public static bool IsArmId(string text) => text.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the text names a version by label (<c>name@latest</c>, <c>…/labels/latest</c>).</summary>
    public static bool IsLabel(string text) =>
        (text.Contains('@', StringComparison.Ordinal) && !text.Contains("://", StringComparison.Ordinal))
        || text.Contains("/labels/", StringComparison.Ordinal);

    /// <summary>Whether the text is a registry or datastore URI (<c>azureml://…</c>), which the wire takes as it is.</summary>
    public static bool IsAzureMLUri(string text) => text.StartsWith("azureml://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the text is a URL with a scheme (https, wasbs, abfss, git+https…).</summary>
    public static bool HasScheme(string text)
    {
        var colon = text.IndexOf("://", StringComparison.Ordinal);
        return colon > 0 && text[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
    }

    /// <summary>The compute id for <c>azureml:name</c>, a bare name or an ARM id.</summary>
    public string ComputeToWire(string text)
    {
        // A step may take its compute from a pipeline input (${{parent.inputs.compute}}): the service resolves it.
        if (BindingText.IsBinding(text)) return text;
        var body = StripPrefix(text);
        if (IsArmId(body) || body.Contains('/', StringComparison.Ordinal)) return body;
        return $"{Scope.ResourceId}/computes/{body}";
    }

    /// <summary>The short form of a compute id in this workspace (<c>azureml:name</c>), else the id as it is.</summary>
    public string ComputeFromWire(string wire) =>
        ChildName(wire, "computes") is { } name ? Prefix + name : wire;

    /// <summary>The datastore id for <c>azureml:name</c> or a bare name.</summary>
    public string DatastoreToWire(string text)
    {
        var body = StripPrefix(text);
        return IsArmId(body) || body.Contains('/', StringComparison.Ordinal) ? body : $"{Scope.ResourceId}/datastores/{body}";
    }

    /// <summary>The short form of a datastore id in this workspace.</summary>
    public string DatastoreFromWire(string wire) =>
        ChildName(wire, "datastores") is { } name ? Prefix + name : wire;

    /// <summary>
    /// The ARM id of <c>azureml:name:version</c> in a collection (<c>environments</c>, <c>codes</c>,
    /// <c>components</c>, <c>data</c>); <c>azureml:/subscriptions/…</c> loses its prefix; anything else
    /// (labels, registry URIs) is returned as it is, or null when it is not an asset reference at all.
    /// </summary>
    public string? AssetToWire(string collection, string text)
    {
        if (IsAzureMLUri(text)) return text;
        if (IsArmId(text)) return text;
        if (!text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var body = text[Prefix.Length..];
        if (IsArmId(body)) return body;
        if (IsLabel(body)) return text;
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == body.Length - 1) return text;
        return $"{Scope.ResourceId}/{collection}/{body[..colon]}/versions/{body[(colon + 1)..]}";
    }

    /// <summary>The short form <c>azureml:name:version</c> of an asset id in this workspace, else the id as it is.</summary>
    public string AssetFromWire(string collection, string wire)
    {
        var rest = ChildPath(wire, collection);
        if (rest is null) return wire;
        var parts = rest.Split('/');
        return parts.Length == 3 && parts[1].Equals("versions", StringComparison.OrdinalIgnoreCase)
            ? $"{Prefix}{parts[0]}:{parts[2]}"
            : wire;
    }

    private static string StripPrefix(string text) =>
        text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && !IsAzureMLUri(text) ? text[Prefix.Length..] : text;

    private string? ChildName(string wire, string collection)
    {
        var rest = ChildPath(wire, collection);
        return rest is not null && !rest.Contains('/', StringComparison.Ordinal) ? rest : null;
    }

    private string? ChildPath(string wire, string collection)
    {
        var prefix = $"{Scope.ResourceId}/{collection}/";
        return wire.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && wire.Length > prefix.Length ? wire[prefix.Length..] : null;
    }
}
