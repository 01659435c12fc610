namespace TrainingJobs.Sdk.Yaml;

/// <summary>Options for <see cref="YamlJobLoader"/>.</summary>
public sealed class YamlLoadOptions
{
    /// <summary>New options with the defaults (a new instance each time: options are settable, so none is shared).</summary>
    public static YamlLoadOptions Default => new();

    /// <summary>
    /// <c>--set path=value</c> overrides, applied to the YAML before it is converted and validated, with
    /// <c>az ml</c> semantics (e.g. <c>inputs.lr=0.1</c>, <c>jobs.train.compute=azureml:gpu</c>, <c>tags.team=ml</c>).
    /// </summary>
    public IReadOnlyList<string> Overrides { get; set; } = [];

    /// <summary>Whether to run <see cref="Validation.JobValidator"/> on the loaded job and place its diagnostics in the file (default true).</summary>
    public bool Validate { get; set; } = true;

    /// <summary>
    /// The folder that relative <c>file:</c> component and trial references resolve against when loading text;
    /// when loading a file, the file's folder is used unless this is set.
    /// </summary>
    public string? BaseDirectory { get; set; }

    /// <summary>The file name to show in diagnostics (default: the path given to <see cref="YamlJobLoader.Load"/>, none for text).</summary>
    public string? SourceName { get; set; }

    /// <summary>The largest document accepted, in bytes (default 4 MiB).</summary>
    public int MaxDocumentBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The deepest nesting accepted (default 64 levels).</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>The most nodes a document may have, counting every use of an alias (default 200,000).</summary>
    public int MaxNodes { get; set; } = 200_000;

    /// <summary>How many component files deep references may go (default 16).</summary>
    public int MaxReferenceDepth { get; set; } = 16;

    /// <summary>
    /// The text is canonical YAML this SDK wrote for its own use (a local job's stored definition, a step's plan), read
    /// under the model's rules rather than azure-ai-ml's load schema: a sweep may then have no <c>limits</c>, as a sweep
    /// made in C# or read over REST may, so that what the SDK stored always reads back (older stores included).
    /// </summary>
    internal bool WrittenBySdk { get; set; }
}
