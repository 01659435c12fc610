namespace TrainingJobs.Sdk.Definitions;

/// <summary>The environment a job runs in: a reference to a registered environment, or an inline definition.</summary>
public abstract record JobEnvironment
{
    private protected JobEnvironment()
    {
    }
}

/// <summary>
/// A reference to a registered environment: <c>azureml:name:version</c>, <c>azureml:name@latest</c>,
/// <c>azureml://registries/r/environments/n/versions/v</c> (or <c>/labels/l</c>), an ARM id, or a <c>file:</c> path.
/// </summary>
/// <param name="Reference">The reference exactly as written.</param>
public sealed record EnvironmentReference(string Reference) : JobEnvironment
{
    /// <summary>Whether the reference pins no version (<c>@latest</c> or another label), which hurts reproducibility.</summary>
    public bool IsLabel => Reference.Contains('@', StringComparison.Ordinal) || Reference.Contains("/labels/", StringComparison.Ordinal);
}

/// <summary>An environment defined in place: a Docker image, optionally with a conda file, or a build context.</summary>
public sealed record InlineEnvironment : JobEnvironment
{
    /// <summary>The base image, e.g. <c>mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest</c>.</summary>
    public string? Image { get; init; }

    /// <summary>The path of a conda YAML file.</summary>
    public string? CondaFile { get; init; }

    /// <summary>A conda specification given in place instead of a path (kept as a JSON tree).</summary>
    public FreeformValue? CondaSpecification { get; init; }

    /// <summary>A Docker build context.</summary>
    public BuildContext? Build { get; init; }

    /// <summary>The path of a pip requirements file.</summary>
    public string? PythonRequirementsTxt { get; init; }

    /// <summary>An optional name for the anonymous environment.</summary>
    public string? Name { get; init; }

    /// <summary>An optional version for the anonymous environment.</summary>
    public string? Version { get; init; }

    /// <summary>An optional description.</summary>
    public string? Description { get; init; }
}

/// <summary>A Docker build context for an inline environment.</summary>
/// <param name="Path">The folder (or URI) of the build context.</param>
/// <param name="DockerfilePath">The Dockerfile inside the context; defaults to <c>Dockerfile</c>.</param>
public sealed record BuildContext(string Path, string? DockerfilePath = null);
