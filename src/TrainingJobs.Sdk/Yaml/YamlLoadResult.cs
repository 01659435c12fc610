using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>What loading a job YAML produced: the job (when it could be read without errors) and every diagnostic.</summary>
public sealed class YamlLoadResult
{
    internal YamlLoadResult(JobDefinition? definition, IReadOnlyList<Diagnostic> diagnostics, SourceMap sourceMap, string? file)
    {
        Definition = definition;
        Diagnostics = diagnostics;
        SourceMap = sourceMap;
        File = file;
    }

    /// <summary>The job definition; null when the YAML had errors that stopped it from being read (see <see cref="Diagnostics"/>).</summary>
    public JobDefinition? Definition { get; }

    /// <summary>
    /// Every diagnostic: the YAML face's own (<c>TJ1xxx</c>) and, when <see cref="YamlLoadOptions.Validate"/> is set,
    /// the validator's, each with file, line and column where the path was written.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Where each path of the definition was written.</summary>
    public SourceMap SourceMap { get; }

    /// <summary>The file that was loaded, as given (null for text).</summary>
    public string? File { get; }

    /// <summary>Whether any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Whether the job was read and has no errors.</summary>
    public bool Succeeded => Definition is not null && !HasErrors;
}
