namespace TrainingJobs.Sdk.Definitions;

/// <summary>An input of a job or step: a literal, a data/model asset, or (in pipeline steps) a binding expression.</summary>
public abstract record JobInput
{
    private protected JobInput()
    {
    }

    /// <summary>A description of the input.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the job may run without this input (<c>optional: true</c>).</summary>
    public bool? Optional { get; init; }
}

/// <summary>
/// A literal input (<c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>): either a value given to the job,
/// or a declaration with a default, bounds and allowed values.
/// </summary>
public sealed record LiteralInput : JobInput
{
    /// <summary>The declared type; null when the input was written as a bare literal (its type then is the value's).</summary>
    public LiteralType? Type { get; init; }

    /// <summary>The value.</summary>
    public LiteralValue? Value { get; init; }

    /// <summary>The default used when no value is given.</summary>
    public LiteralValue? Default { get; init; }

    /// <summary>The smallest allowed value (integer and number inputs).</summary>
    public double? Min { get; init; }

    /// <summary>The largest allowed value (integer and number inputs).</summary>
    public double? Max { get; init; }

    /// <summary>The allowed values (string inputs).</summary>
    public ValueList<string> Enum { get; init; } = ValueList<string>.Empty;

    /// <summary>The type in effect: the declared one, else the value's, else the default's.</summary>
    public LiteralType? EffectiveType => Type ?? Value?.Type ?? Default?.Type;

    /// <summary>The value in effect: the value, else the default.</summary>
    public LiteralValue? EffectiveValue => Value ?? Default;
}

/// <summary>A data or model input (<c>uri_file</c>, <c>uri_folder</c>, <c>mltable</c>, model types) with its delivery mode.</summary>
public sealed record AssetInput : JobInput
{
    /// <summary>The asset type; <see cref="AssetType.UriFolder"/> when the file gave none.</summary>
    public AssetType Type { get; init; } = AssetType.UriFolder;

    /// <summary>Whether <see cref="Type"/> was written explicitly (kept so a saved file looks like the loaded one).</summary>
    public bool TypeIsExplicit { get; init; } = true;

    /// <summary>
    /// Where the data is: a local path, <c>file://</c> URI, <c>azureml:name:version</c>, <c>azureml://datastores/…</c>,
    /// <c>https://</c>, <c>wasbs://</c>, <c>abfss://</c>, or a binding expression in pipeline steps.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>The delivery mode; null means the service default (<see cref="InputMode.ReadOnlyMount"/>).</summary>
    public InputMode? Mode { get; init; }

    /// <summary>The datastore that local files are uploaded to.</summary>
    public string? Datastore { get; init; }
}

/// <summary>
/// A pipeline-step input bound to another value: <c>${{parent.inputs.x}}</c>,
/// <c>${{parent.jobs.step.outputs.y}}</c>, and similar.
/// </summary>
public sealed record BindingInput : JobInput
{
    /// <summary>The binding expression, with its <c>${{ }}</c> delimiters.</summary>
    public required string Expression { get; init; }

    /// <summary>The declared type, if the file gave one alongside the binding.</summary>
    public PortType? Type { get; init; }

    /// <summary>The delivery mode, if the file gave one alongside the binding.</summary>
    public InputMode? Mode { get; init; }
}
