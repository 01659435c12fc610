namespace TrainingJobs.Sdk.Definitions;

/// <summary>The compute resources a job asks for (<c>resources:</c>).</summary>
public sealed record JobResources
{
    /// <summary>The number of nodes (default 1).</summary>
    public int? InstanceCount { get; init; }

    /// <summary>The VM size, e.g. <c>Standard_NC6s_v3</c>.</summary>
    public string? InstanceType { get; init; }

    /// <summary>Allowed locations (serverless compute).</summary>
    public ValueList<string> Locations { get; init; } = ValueList<string>.Empty;

    /// <summary>The shared-memory size of the container, <c>&lt;n&gt;&lt;b|k|m|g&gt;</c> (default <c>2g</c>).</summary>
    public string? ShmSize { get; init; }

    /// <summary>Extra arguments for <c>docker run</c>.</summary>
    public string? DockerArgs { get; init; }

    /// <summary>The most nodes an elastic job may use.</summary>
    public int? MaxInstanceCount { get; init; }

    /// <summary>Extra properties passed to the service as they are.</summary>
    public ValueMap<FreeformValue> Properties { get; init; } = ValueMap<FreeformValue>.Empty;
}

/// <summary>The limits of a command job.</summary>
public sealed record CommandJobLimits
{
    /// <summary>The longest the job may run; it is stopped after that.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>The limits of a sweep job.</summary>
public sealed record SweepJobLimits
{
    /// <summary>The most trials to run (service default 1000).</summary>
    public int? MaxTotalTrials { get; init; }

    /// <summary>The most trials to run at once.</summary>
    public int? MaxConcurrentTrials { get; init; }

    /// <summary>The longest the whole sweep may run.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The longest one trial may run.</summary>
    public TimeSpan? TrialTimeout { get; init; }
}

/// <summary>Queue settings (<c>queue_settings:</c>).</summary>
public sealed record QueueSettings
{
    /// <summary>The job tier.</summary>
    public JobTier? JobTier { get; init; }

    /// <summary>The priority (<c>low</c>, <c>medium</c>, <c>high</c>).</summary>
    public string? Priority { get; init; }
}
