using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>The interactive services of a job read back from the wire.</summary>
internal static class ServiceReader
{
    /// <summary>The services; the SSH keys and log folder azure-ai-ml keeps in the properties come back as fields.</summary>
    public static ValueMap<JobService> Read(Dictionary<string, RestJobService>? services)
    {
        if (services is null) return ValueMap<JobService>.Empty;
        return ValueMap.From(services.Select(e =>
        {
            var wire = e.Value;
            var properties = new Dictionary<string, string?>(wire.Properties ?? [], StringComparer.Ordinal);
            properties.Remove("sshPublicKeys", out var ssh);
            properties.Remove("logDir", out var logDir);
            var service = new JobService
            {
                Type = wire.JobServiceType is null ? (JobServiceType?)null : new JobServiceType(WireNames.ServiceTypeFromWire(wire.JobServiceType)),
                Port = wire.Port,
                Endpoint = wire.Endpoint,
                Nodes = wire.Nodes is null ? null : wire.Nodes.NodesValueType == RestNodesValueType.All ? "all" : wire.Nodes.NodesValueType.Value,
                SshPublicKeys = ssh,
                LogDir = logDir,
                Properties = WireFields.StringMap(properties),
            };
            return new KeyValuePair<string, JobService>(e.Key, service);
        }));
    }

    /// <summary>The wire services of a pipeline step's snake_case <c>services</c> object; one that does not read is reported and left out.</summary>
    public static Dictionary<string, RestJobService>? FromNode(JsonNode? wire, string path, RestReadContext context)
    {
        if (wire is not JsonObject services) return null;
        var result = new Dictionary<string, RestJobService>(StringComparer.Ordinal);
        foreach (var (name, service) in services)
        {
            if (NodeFields.Read<RestJobService>(service, DiagnosticPath.Append(path, name), context, "properties") is { } read) result[name] = read;
        }
        return result;
    }
}
