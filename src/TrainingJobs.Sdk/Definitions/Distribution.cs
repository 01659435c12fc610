namespace TrainingJobs.Sdk.Definitions;

/// <summary>How a job is distributed over processes and nodes.</summary>
public abstract record Distribution
{
    private protected Distribution()
    {
    }

    /// <summary>The distribution type as YAML spells it (<c>pytorch</c>, <c>mpi</c>, <c>tensorflow</c>).</summary>
    public abstract string TypeName { get; }

    /// <summary>
    /// Fields a file or the service gave that this distribution type does not define (e.g. <c>worker_count</c> on
    /// <c>pytorch</c>). Kept so nothing is lost, and reported by validation.
    /// </summary>
    public ValueMap<FreeformValue> AdditionalFields { get; init; } = ValueMap<FreeformValue>.Empty;
}

/// <summary>PyTorch distributed (torchrun-style) launch.</summary>
public sealed record PyTorchDistribution : Distribution
{
    /// <summary>Processes per node (YAML default 1).</summary>
    public int? ProcessCountPerInstance { get; init; }

    /// <inheritdoc />
    public override string TypeName => "pytorch";
}

/// <summary>MPI launch.</summary>
public sealed record MpiDistribution : Distribution
{
    /// <summary>Processes per node.</summary>
    public int? ProcessCountPerInstance { get; init; }

    /// <inheritdoc />
    public override string TypeName => "mpi";
}

/// <summary>TensorFlow parameter-server / worker launch.</summary>
public sealed record TensorFlowDistribution : Distribution
{
    /// <summary>The number of workers (defaults to the instance count).</summary>
    public int? WorkerCount { get; init; }

    /// <summary>The number of parameter servers (default 0).</summary>
    public int? ParameterServerCount { get; init; }

    /// <inheritdoc />
    public override string TypeName => "tensorflow";
}
