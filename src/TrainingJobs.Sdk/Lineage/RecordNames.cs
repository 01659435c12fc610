using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Lineage;

/// <summary>The words records and their exports use (a <see cref="FactSource"/>, a requested environment): one owner, so every face says the same.</summary>
internal static class RecordNames
{
    /// <summary>The environment a definition asks for, as its YAML names it: a reference, an image (with its conda file) or a build context.</summary>
    public static string? RequestedEnvironment(JobDefinition definition) => (definition as CommandJob)?.Environment switch
    {
        EnvironmentReference reference => reference.Reference,
        InlineEnvironment { Image: { } image } inline => inline.CondaFile is { } conda ? $"image {image}, conda file {conda}" : $"image {image}",
        InlineEnvironment { Build: { } build } => $"build {build.Path}" + (build.DockerfilePath is { } file ? $" ({file})" : ""),
        _ => null,
    };

    /// <summary><c>observed</c>, <c>service</c> or <c>reported</c>.</summary>
    /// <param name="source">The source.</param>
    public static string Source(FactSource source) => source switch
    {
        FactSource.Service => "service",
        FactSource.Reported => "reported",
        _ => "observed",
    };
}
