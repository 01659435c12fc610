using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes one entry of a job's <c>services</c>.</summary>
internal static class ServiceWriter
{
    /// <summary>Writes the service as a mapping of its set fields.</summary>
    public static void Write(YamlEmitter e, JobService service)
    {
        e.BeginMap();
        e.OptionalText("type", service.Type?.ToString());
        e.OptionalInt("port", service.Port);
        e.OptionalText("endpoint", service.Endpoint);
        e.OptionalText("nodes", service.Nodes);
        e.StringMap("properties", service.Properties);
        e.OptionalText("ssh_public_keys", service.SshPublicKeys);
        e.OptionalText("log_dir", service.LogDir);
        e.EndMap();
    }
}
