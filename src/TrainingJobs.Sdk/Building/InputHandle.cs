using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// A typed reference to a job input: its name and its declaration. Interpolated into a command it writes
/// <c>${{inputs.name}}</c>; passed to a pipeline step it binds the step input to <c>${{parent.inputs.name}}</c>.
/// </summary>
/// <remarks>Create handles with <see cref="Input"/>. Handles are immutable; every <c>With…</c> returns a new one.</remarks>
public abstract record InputHandle
{
    private protected InputHandle(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>The input name.</summary>
    public string Name { get; }

    /// <summary>The declaration added to the job when the handle is declared or used.</summary>
    public abstract JobInput Declaration { get; }

    /// <summary>The expression a command uses for this input: <c>${{inputs.name}}</c>.</summary>
    public string Expression => "${{inputs." + Name + "}}";

    /// <summary>Returns <see cref="Expression"/>, so that even plain string formatting writes the reference.</summary>
    public sealed override string ToString() => Expression;
}

/// <summary>A handle to a literal input (<c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>).</summary>
public sealed record LiteralInputHandle : InputHandle
{
    internal LiteralInputHandle(string name, LiteralInput declaration)
        : base(name) => Declaration = declaration;

    /// <inheritdoc />
    public override LiteralInput Declaration { get; }

    /// <summary>Returns a handle whose input has <paramref name="value"/> as its value.</summary>
    /// <param name="value">The value.</param>
    public LiteralInputHandle WithValue(LiteralValue value) => new(Name, Declaration with { Value = value });

    /// <summary>Returns a handle whose input has <paramref name="value"/> as its default.</summary>
    /// <param name="value">The default.</param>
    public LiteralInputHandle WithDefault(LiteralValue value) => new(Name, Declaration with { Default = value });

    /// <summary>Returns a handle whose input allows values in [<paramref name="min"/>, <paramref name="max"/>] (either may be null).</summary>
    /// <param name="min">The smallest allowed value.</param>
    /// <param name="max">The largest allowed value.</param>
    public LiteralInputHandle WithRange(double? min, double? max) => new(Name, Declaration with { Min = min, Max = max });

    /// <summary>Returns a handle whose input allows only <paramref name="values"/>.</summary>
    /// <param name="values">The allowed values.</param>
    public LiteralInputHandle WithEnum(params string[] values) => new(Name, Declaration with { Enum = ValueList<string>.From(values) });

    /// <summary>Returns a handle whose input is optional (<c>optional: true</c>).</summary>
    /// <param name="optional">Whether the input is optional.</param>
    public LiteralInputHandle AsOptional(bool optional = true) => new(Name, Declaration with { Optional = optional });

    /// <summary>Returns a handle whose input has a description.</summary>
    /// <param name="description">The description.</param>
    public LiteralInputHandle WithDescription(string description) => new(Name, Declaration with { Description = description });
}

/// <summary>A handle to a data or model input (<c>uri_file</c>, <c>uri_folder</c>, <c>mltable</c>, model types).</summary>
public sealed record AssetInputHandle : InputHandle
{
    internal AssetInputHandle(string name, AssetInput declaration)
        : base(name) => Declaration = declaration;

    /// <inheritdoc />
    public override AssetInput Declaration { get; }

    /// <summary>Returns a handle whose input reads from <paramref name="path"/>.</summary>
    /// <param name="path">A local path, <c>azureml:name:version</c>, a datastore URI, or an https/wasbs/abfss URL.</param>
    public AssetInputHandle WithPath(string path) => new(Name, Declaration with { Path = path });

    /// <summary>Returns a handle whose input is delivered in <paramref name="mode"/>.</summary>
    /// <param name="mode">The delivery mode.</param>
    public AssetInputHandle WithMode(InputMode mode) => new(Name, Declaration with { Mode = mode });

    /// <summary>Returns a handle whose local files are uploaded to <paramref name="datastore"/>.</summary>
    /// <param name="datastore">The datastore name.</param>
    public AssetInputHandle WithDatastore(string datastore) => new(Name, Declaration with { Datastore = datastore });

    /// <summary>Returns a handle whose input is optional (<c>optional: true</c>).</summary>
    /// <param name="optional">Whether the input is optional.</param>
    public AssetInputHandle AsOptional(bool optional = true) => new(Name, Declaration with { Optional = optional });

    /// <summary>Returns a handle whose input has a description.</summary>
    /// <param name="description">The description.</param>
    public AssetInputHandle WithDescription(string description) => new(Name, Declaration with { Description = description });
}
