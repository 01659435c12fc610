using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads where and how a job runs: <c>resources</c> and <c>queue_settings</c> (of a command job or a sweep).</summary>
internal static class ResourceReader
{
    /// <summary>Reads <c>resources</c>; null when it is not a mapping.</summary>
    public static JobResources? ReadResources(TreeNode node, string path, ReadingContext context)
    {
        var resources = new JobResources();
        var ok = context.ForEach(node, path, "resource fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "instance_count":
                    resources = resources with { InstanceCount = context.ReadInt(value, childPath) };
                    break;
                case "instance_type":
                    resources = resources with { InstanceType = context.ReadString(value, childPath) };
                    break;
                case "locations":
                    resources = resources with { Locations = context.ReadStringList(value, childPath) };
                    break;
                case "shm_size":
                    resources = resources with { ShmSize = context.ReadString(value, childPath) };
                    break;
                case "docker_args":
                    resources = resources with { DockerArgs = context.ReadString(value, childPath) };
                    break;
                case "max_instance_count":
                    resources = resources with { MaxInstanceCount = context.ReadInt(value, childPath) };
                    break;
                case "properties":
                    var entries = new List<KeyValuePair<string, FreeformValue>>();
                    context.ForEach(value, childPath, "properties", (k, v, p) =>
                    {
                        if (context.ReadFreeform(v, p) is { } f) entries.Add(new(k.Value, f));
                    });
                    resources = resources with { Properties = ValueMap<FreeformValue>.From(entries) };
                    break;
                default:
                    context.UnknownKey(key, childPath, "resources");
                    break;
            }
        });
        return ok && node is TreeMapping ? resources : null;
    }

    /// <summary>Reads <c>queue_settings</c>; null when it is not a mapping.</summary>
    public static QueueSettings? ReadQueueSettings(TreeNode node, string path, ReadingContext context)
    {
        var settings = new QueueSettings();
        var ok = context.ForEach(node, path, "queue settings", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "job_tier":
                    settings = settings with { JobTier = context.ReadString(value, childPath) is { } tier ? (JobTier?)JobTier.Parse(tier) : null };
                    break;
                case "priority":
                    settings = settings with { Priority = context.ReadString(value, childPath) };
                    break;
                default:
                    context.UnknownKey(key, childPath, "queue_settings");
                    break;
            }
        });
        return ok && node is TreeMapping ? settings : null;
    }
}
