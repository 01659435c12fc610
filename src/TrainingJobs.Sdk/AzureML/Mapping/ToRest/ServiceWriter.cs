using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>The interactive services of a job (SSH, TensorBoard, Jupyter, …) on the wire.</summary>
internal static class ServiceWriter
{
    /// <summary>The wire services; null when the job has none.</summary>
    public static Dictionary<string, RestJobService>? Write(ValueMap<JobService> services)
    {
        if (services.IsEmpty) return null;
        var wire = new Dictionary<string, RestJobService>(StringComparer.Ordinal);
        foreach (var (name, service) in services)
        {
            var properties = service.Properties.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal);
            // azure-ai-ml carries the SSH keys and the TensorBoard log folder as service properties.
            if (service.SshPublicKeys is not null) properties["sshPublicKeys"] = service.SshPublicKeys;
            if (service.LogDir is not null) properties["logDir"] = service.LogDir;
            wire[name] = new RestJobService
            {
                JobServiceType = service.Type is { } serviceType ? WireNames.ServiceTypeToWire(serviceType.ToString()) : null,
                Port = service.Port,
                Endpoint = service.Endpoint,
                Nodes = service.Nodes is null ? null : new RestNodes { NodesValueType = string.Equals(service.Nodes, "all", StringComparison.OrdinalIgnoreCase) ? RestNodesValueType.All : new RestNodesValueType(service.Nodes) },
                Properties = properties.Count == 0 ? null : properties,
            };
        }
        return wire;
    }
}
