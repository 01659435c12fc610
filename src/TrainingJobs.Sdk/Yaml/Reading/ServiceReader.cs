using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads one entry of a job's <c>services</c> (jupyter, ssh, tensorboard, …).</summary>
internal static class ServiceReader
{
    /// <summary>Reads the service; null (reported) when it is not a mapping.</summary>
    public static JobService? Read(TreeNode node, string path, ReadingContext context)
    {
        var service = new JobService();
        var ok = context.ForEach(node, path, "service fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    service = service with { Type = context.ReadString(value, childPath) is { } serviceType ? new JobServiceType(serviceType) : (JobServiceType?)null };
                    break;
                case "port":
                    service = service with { Port = context.ReadInt(value, childPath) };
                    break;
                case "endpoint":
                    service = service with { Endpoint = context.ReadString(value, childPath) };
                    break;
                case "nodes":
                    service = service with { Nodes = context.ReadString(value, childPath) };
                    break;
                case "properties":
                    service = service with { Properties = context.ReadStringMap(value, childPath) };
                    break;
                case "ssh_public_keys":
                    service = service with { SshPublicKeys = context.ReadString(value, childPath) };
                    break;
                case "log_dir":
                    service = service with { LogDir = context.ReadString(value, childPath) };
                    break;
                default:
                    context.UnknownKey(key, childPath, "a service");
                    break;
            }
        });
        return ok ? service : null;
    }
}
