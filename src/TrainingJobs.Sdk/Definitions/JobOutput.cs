namespace TrainingJobs.Sdk.Definitions;

/// <summary>
/// An output of a job or step. All fields are optional: a bare <c>model:</c> key is an output of the default
/// type (<c>uri_folder</c>) in the default mode (<c>rw_mount</c>).
/// </summary>
public sealed record JobOutput
{
    /// <summary>The output type: an asset type (<c>uri_folder</c>, …) or, for control outputs, a literal type; null for the default.</summary>
    public PortType? Type { get; init; }

    /// <summary>Where the output is written (e.g. <c>azureml://datastores/${{default_datastore}}/paths/${{name}}/</c>), or a binding in pipeline steps.</summary>
    public string? Path { get; init; }

    /// <summary>The write mode; null means the service default.</summary>
    public OutputMode? Mode { get; init; }

    /// <summary>A description.</summary>
    public string? Description { get; init; }

    /// <summary>The asset name to register the output as.</summary>
    public string? AssetName { get; init; }

    /// <summary>The asset version to register the output as; needs <see cref="AssetName"/>.</summary>
    public string? AssetVersion { get; init; }

    /// <summary>Whether this is a control output of a pipeline step.</summary>
    public bool? IsControl { get; init; }

    /// <summary>The type in effect (the default is <c>uri_folder</c>).</summary>
    public PortType EffectiveType => Type ?? PortType.UriFolder;
}
