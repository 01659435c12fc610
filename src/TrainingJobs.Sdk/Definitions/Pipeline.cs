namespace TrainingJobs.Sdk.Definitions;

/// <summary>
/// A step of a pipeline: a command, sweep or nested pipeline job written in place, or a node that runs a
/// component (<see cref="Component"/>) with the inputs and overrides given in <see cref="Job"/>.
/// </summary>
public sealed record PipelineStep
{
    /// <summary>The step's job: its kind, inputs (often bindings such as <c>${{parent.inputs.x}}</c>), outputs and overrides.</summary>
    public required JobDefinition Job { get; init; }

    /// <summary>The component the step runs, when it runs one.</summary>
    public ComponentReference? Component { get; init; }
}

/// <summary>
/// A reference to a component: <c>file:./train.yml</c>, a plain relative path, <c>azureml:name:version</c>,
/// <c>azureml:name@label</c>, a registry URI, or a component written in place.
/// </summary>
public sealed record ComponentReference
{
    /// <summary>The reference exactly as written; null for a component written in place.</summary>
    public string? Reference { get; init; }

    /// <summary>The component itself, when it was resolved (a local file) or written in place.</summary>
    public ComponentDefinition? Definition { get; init; }
}

/// <summary>A reusable component: a command (or pipeline) with declared inputs and outputs.</summary>
public sealed record ComponentDefinition
{
    /// <summary>The component name.</summary>
    public string? Name { get; init; }

    /// <summary>The component version (kept as text: <c>01</c> stays <c>01</c>).</summary>
    public string? Version { get; init; }

    /// <summary>Whether identical runs may be reused (default true).</summary>
    public bool? IsDeterministic { get; init; }

    /// <summary>The component body: a <see cref="CommandJob"/> or <see cref="PipelineJob"/> whose inputs are declarations.</summary>
    public required JobDefinition Body { get; init; }

    /// <summary>Extra files or folders copied next to the code when the component is registered (<c>additional_includes</c>).</summary>
    public ValueList<string> AdditionalIncludes { get; init; } = ValueList<string>.Empty;

    /// <summary>The file the component was loaded from, when it came from one.</summary>
    public string? SourcePath { get; init; }
}

/// <summary>Pipeline settings (<c>settings:</c>).</summary>
public sealed record PipelineSettings
{
    /// <summary>The compute used by steps that name none.</summary>
    public string? DefaultCompute { get; init; }

    /// <summary>The datastore used for outputs that name none.</summary>
    public string? DefaultDatastore { get; init; }

    /// <summary>Whether independent steps go on after a step fails.</summary>
    public bool? ContinueOnStepFailure { get; init; }

    /// <summary>Whether every step is run again even when a previous run could be reused.</summary>
    public bool? ForceRerun { get; init; }
}
