using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>Where and how a job runs, read back from the wire: distribution, resources and queue settings.</summary>
internal static class ResourceReader
{
    /// <summary>The distribution: as the session remembers it while the wire is unchanged; an unknown type is reported and left out.</summary>
    public static Distribution? Distribution(RestDistribution? wire, string path, RestReadContext context)
    {
        if (wire is null) return null;
        if (context.Session?.Recall<Distribution>(path, RestJson.Serialize(wire)) is { } remembered) return remembered;
        switch (wire)
        {
            case RestPyTorchDistribution p: return new PyTorchDistribution { ProcessCountPerInstance = p.ProcessCountPerInstance };
            case RestMpiDistribution m: return new MpiDistribution { ProcessCountPerInstance = m.ProcessCountPerInstance };
            case RestTensorFlowDistribution t: return new TensorFlowDistribution { WorkerCount = t.WorkerCount, ParameterServerCount = t.ParameterServerCount };
            default:
                context.Unknown(path, $"distribution type '{wire.DistributionType}'");
                return null;
        }
    }

    /// <summary>The resource configuration.</summary>
    public static JobResources? Resources(RestResourceConfiguration? wire) => wire is null ? null : new JobResources
    {
        InstanceCount = wire.InstanceCount,
        InstanceType = wire.InstanceType,
        ShmSize = wire.ShmSize,
        DockerArgs = wire.DockerArgs,
        Properties = wire.Properties is null
            ? ValueMap<FreeformValue>.Empty
            : ValueMap.From(wire.Properties.Select(e => new KeyValuePair<string, FreeformValue>(e.Key, FreeformValue.FromNode(e.Value)))),
    };

    /// <summary>The queue settings.</summary>
    public static QueueSettings? Queue(RestQueueSettings? wire) => wire is null ? null : new QueueSettings
    {
        JobTier = wire.JobTier is { } tier ? JobTier.Parse(WireNames.JobTierFromWire(tier.Value)) : (JobTier?)null,
    };
}
