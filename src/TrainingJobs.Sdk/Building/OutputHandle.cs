using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// A typed reference to a job output: its name and its declaration. Interpolated into a command it writes
/// <c>${{outputs.name}}</c>; given to a pipeline step's output it binds it to <c>${{parent.outputs.name}}</c>.
/// </summary>
/// <remarks>Create handles with <see cref="Output"/>. Handles are immutable; every <c>With…</c> returns a new one.</remarks>
public sealed record OutputHandle
{
    internal OutputHandle(string name, JobOutput declaration)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Declaration = declaration;
    }

    /// <summary>The output name.</summary>
    public string Name { get; }

    /// <summary>The declaration added to the job when the handle is declared or used.</summary>
    public JobOutput Declaration { get; }

    /// <summary>The expression a command uses for this output: <c>${{outputs.name}}</c>.</summary>
    public string Expression => "${{outputs." + Name + "}}";

    /// <summary>Returns a handle whose output is written in <paramref name="mode"/>.</summary>
    /// <param name="mode">The write mode.</param>
    public OutputHandle WithMode(OutputMode mode) => new(Name, Declaration with { Mode = mode });

    /// <summary>Returns a handle whose output is written to <paramref name="path"/>.</summary>
    /// <param name="path">A datastore URI such as <c>azureml://datastores/workspaceblobstore/paths/models/</c>.</param>
    public OutputHandle WithPath(string path) => new(Name, Declaration with { Path = path });

    /// <summary>Returns a handle whose output is registered as an asset when the job ends.</summary>
    /// <param name="assetName">The asset name.</param>
    /// <param name="assetVersion">The asset version; null lets the service pick the next one.</param>
    public OutputHandle RegisterAs(string assetName, string? assetVersion = null) =>
        new(Name, Declaration with { AssetName = assetName, AssetVersion = assetVersion });

    /// <summary>Returns a handle whose output has a description.</summary>
    /// <param name="description">The description.</param>
    public OutputHandle WithDescription(string description) => new(Name, Declaration with { Description = description });

    /// <summary>Returns <see cref="Expression"/>, so that even plain string formatting writes the reference.</summary>
    public override string ToString() => Expression;
}
