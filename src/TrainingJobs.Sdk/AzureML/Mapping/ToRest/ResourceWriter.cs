using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>Where and how a job runs, on the wire: distribution, resources and queue settings.</summary>
internal static class ResourceWriter
{
    /// <summary>The distribution; a type or fields the wire does not define are reported (TJ2004).</summary>
    public static RestDistribution? Distribution(Distribution? distribution, string path, RestWriteContext context)
    {
        if (distribution is null) return null;
        if (!distribution.AdditionalFields.IsEmpty)
        {
            context.NotCarried(path, $"fields that {distribution.TypeName} distribution does not define ({string.Join(", ", distribution.AdditionalFields.Keys)})");
        }
        RestDistribution? wire = distribution switch
        {
            PyTorchDistribution p => new RestPyTorchDistribution { DistributionType = RestDistributionType.PyTorch, ProcessCountPerInstance = p.ProcessCountPerInstance },
            MpiDistribution m => new RestMpiDistribution { DistributionType = RestDistributionType.Mpi, ProcessCountPerInstance = m.ProcessCountPerInstance },
            TensorFlowDistribution t => new RestTensorFlowDistribution { DistributionType = RestDistributionType.TensorFlow, WorkerCount = t.WorkerCount, ParameterServerCount = t.ParameterServerCount },
            _ => null,
        };
        if (wire is null)
        {
            context.NotCarried(path, $"distribution type '{distribution.TypeName}'");
            return null;
        }
        context.Remember(path, RestJson.Serialize(wire), distribution);
        return wire;
    }

    /// <summary>The resource configuration; <c>locations</c> and <c>max_instance_count</c> have no place (TJ2004).</summary>
    public static RestResourceConfiguration? Resources(JobResources? resources, string path, RestWriteContext context)
    {
        if (resources is null) return null;
        if (!resources.Locations.IsEmpty) context.NotCarried(DiagnosticPath.Append(path, "locations"), "resources.locations");
        if (resources.MaxInstanceCount is not null) context.NotCarried(DiagnosticPath.Append(path, "max_instance_count"), "resources.max_instance_count");
        return new RestResourceConfiguration
        {
            InstanceCount = resources.InstanceCount,
            InstanceType = resources.InstanceType,
            ShmSize = resources.ShmSize,
            DockerArgs = resources.DockerArgs,
            Properties = resources.Properties.IsEmpty ? null : resources.Properties.ToDictionary(e => e.Key, e => e.Value.ToNode(), StringComparer.Ordinal),
        };
    }

    /// <summary>The queue settings; <c>priority</c> has no place (TJ2004).</summary>
    public static RestQueueSettings? Queue(QueueSettings? queue, string path, RestWriteContext context)
    {
        if (queue is null) return null;
        if (queue.Priority is not null) context.NotCarried(DiagnosticPath.Append(path, "priority"), "queue_settings.priority");
        return new RestQueueSettings { JobTier = queue.JobTier is { } tier ? new RestJobTier(WireNames.JobTierToWire(tier.ToString())) : null };
    }
}
