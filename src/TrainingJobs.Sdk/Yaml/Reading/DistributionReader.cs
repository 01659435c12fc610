using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a command job's <c>distribution</c> (pytorch, mpi or tensorflow).</summary>
internal static class DistributionReader
{
    /// <summary>The preview api-version azure-ai-ml sends a Ray distribution with.</summary>
    internal const string RayApiVersion = "2023-04-01-preview";

    /// <summary>Reads the distribution; null when it is empty, has no known type, or is not a mapping.</summary>
    public static Distribution? Read(TreeNode node, string path, ReadingContext context)
    {
        if (node is TreeScalar { IsNull: true }) return null;
        if (node is not TreeMapping mapping)
        {
            context.WrongType(node, path, "'distribution' must be a mapping with a 'type' (pytorch, mpi, tensorflow)");
            return null;
        }
        var typeNode = mapping.Get("type");
        var typeText = typeNode is TreeScalar { IsNull: false } t ? t.Value.Trim() : null;
        if (typeText is null)
        {
            context.Error(YamlDiagnosticCodes.MissingKey, "'distribution' needs a 'type' (pytorch, mpi or tensorflow).", path, node);
            return null;
        }
        var normalized = typeText.ToLowerInvariant();
        int? processCount = null, workerCount = null, parameterServers = null;
        var extra = new List<KeyValuePair<string, FreeformValue>>();
        context.ForEach(mapping, path, "distribution fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "process_count_per_instance" when normalized is "pytorch" or "torch.distributed" or "mpi":
                    processCount = context.ReadInt(value, childPath);
                    break;
                case "worker_count" when normalized == "tensorflow":
                    workerCount = context.ReadInt(value, childPath);
                    break;
                case "parameter_server_count" when normalized == "tensorflow":
                    parameterServers = context.ReadInt(value, childPath);
                    break;
                default:
                    // Kept, not dropped: validation reports fields that do not belong to the distribution type.
                    if (context.ReadFreeform(value, childPath) is { } f) extra.Add(new(key.Value, f));
                    break;
            }
        });
        var additional = ValueMap<FreeformValue>.From(extra);
        switch (normalized)
        {
            case "pytorch" or "torch.distributed":
                return new PyTorchDistribution { ProcessCountPerInstance = processCount, AdditionalFields = additional };
            case "mpi":
                return new MpiDistribution { ProcessCountPerInstance = processCount, AdditionalFields = additional };
            case "tensorflow":
                return new TensorFlowDistribution { WorkerCount = workerCount, ParameterServerCount = parameterServers, AdditionalFields = additional };
            case "ray":
                // azure-ai-ml loads Ray (as an experimental feature) but sends it with api-version 2023-04-01-preview;
                // 2025-12-01, the version this SDK speaks, has no Ray distribution, so the service could not run it.
                context.Error(YamlDiagnosticCodes.InvalidValue,
                    $"Distribution type '{typeText}' is a preview-only feature of Azure ML: api-version {RayApiVersion} has it, " +
                    "2025-12-01 (the version this SDK speaks) does not; use pytorch, mpi or tensorflow.",
                    DiagnosticPath.Append(path, "type"), typeNode!);
                return null;
            default:
                context.Error(YamlDiagnosticCodes.InvalidValue,
                    $"Distribution type '{typeText}' is not supported; use pytorch, mpi or tensorflow.", DiagnosticPath.Append(path, "type"), typeNode!);
                return null;
        }
    }
}
