using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes where and how a job runs: <c>resources</c> and <c>queue_settings</c> (of a command job or a sweep).</summary>
internal static class ResourceWriter
{
    /// <summary>Writes <c>resources</c>.</summary>
    public static void WriteResources(YamlEmitter e, JobResources resources)
    {
        e.Key("resources");
        e.BeginMap();
        e.OptionalInt("instance_count", resources.InstanceCount);
        e.OptionalText("instance_type", resources.InstanceType);
        e.StringList("locations", resources.Locations);
        e.OptionalText("shm_size", resources.ShmSize);
        e.OptionalText("docker_args", resources.DockerArgs);
        e.OptionalInt("max_instance_count", resources.MaxInstanceCount);
        e.Map("properties", resources.Properties, static (e, value) => e.Freeform(value));
        e.EndMap();
    }

    /// <summary>Writes <c>queue_settings</c>.</summary>
    public static void WriteQueueSettings(YamlEmitter e, QueueSettings queue)
    {
        e.Key("queue_settings");
        e.BeginMap();
        e.OptionalText("job_tier", queue.JobTier?.ToString());
        e.OptionalText("priority", queue.Priority);
        e.EndMap();
    }
}
