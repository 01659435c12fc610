using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

internal sealed partial class JobYamlReader
{
    /// <summary>Reads a command job, a command node of a pipeline, or the body of a command component.</summary>
    private CommandJob ReadCommand(TreeMapping mapping, string path, JobShape shape, Action<TreeScalar, TreeNode, string>? other = null)
    {
        JobDefinition job = new CommandJob();
        ForEach(mapping, path, "fields", (key, value, childPath) =>
        {
            if (TryReadCommon(ref job, key.Value, value, childPath)) return;
            var command = (CommandJob)job;
            switch (key.Value)
            {
                case "command":
                    job = command with { Command = ReadString(value, childPath) };
                    break;
                case "code":
                    job = command with { Code = ReadCode(value, childPath) };
                    break;
                case "environment":
                    job = command with { Environment = ReadEnvironment(value, childPath) };
                    break;
                case "environment_variables":
                    job = command with { EnvironmentVariables = ReadStringMap(value, childPath) };
                    break;
                case "resources":
                    job = command with { Resources = ReadResources(value, childPath) };
                    break;
                case "distribution":
                    job = command with { Distribution = ReadDistribution(value, childPath) };
                    break;
                case "limits":
                    job = command with { Limits = ReadCommandLimits(value, childPath) };
                    break;
                case "queue_settings":
                    job = command with { QueueSettings = ReadQueueSettings(value, childPath) };
                    break;
                default:
                    if (other is not null) other(key, value, childPath);
                    else UnknownKey(key, childPath, Describe(shape, "command"));
                    break;
            }
        });
        return (CommandJob)job;
    }

    private string? ReadCode(TreeNode node, string path)
    {
        if (node is TreeMapping)
        {
            WrongType(node, path, "'code' must be a local path, an azureml: reference or a git URL, not a mapping");
            return null;
        }
        return ReadString(node, path);
    }

    private JobResources? ReadResources(TreeNode node, string path)
    {
        var resources = new JobResources();
        var ok = ForEach(node, path, "resource fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "instance_count":
                    resources = resources with { InstanceCount = ReadInt(value, childPath) };
                    break;
                case "instance_type":
                    resources = resources with { InstanceType = ReadString(value, childPath) };
                    break;
                case "locations":
                    resources = resources with { Locations = ReadStringList(value, childPath) };
                    break;
                case "shm_size":
                    resources = resources with { ShmSize = ReadString(value, childPath) };
                    break;
                case "docker_args":
                    resources = resources with { DockerArgs = ReadString(value, childPath) };
                    break;
                case "max_instance_count":
                    resources = resources with { MaxInstanceCount = ReadInt(value, childPath) };
                    break;
                case "properties":
                    var entries = new List<KeyValuePair<string, FreeformValue>>();
                    ForEach(value, childPath, "properties", (k, v, p) =>
                    {
                        if (ReadFreeform(v, p) is { } f) entries.Add(new(k.Value, f));
                    });
                    resources = resources with { Properties = ValueMap<FreeformValue>.From(entries) };
                    break;
                default:
                    UnknownKey(key, childPath, "resources");
                    break;
            }
        });
        return ok && node is TreeMapping ? resources : null;
    }

    private Distribution? ReadDistribution(TreeNode node, string path)
    {
        if (node is TreeScalar { IsNull: true }) return null;
        if (node is not TreeMapping mapping)
        {
            WrongType(node, path, "'distribution' must be a mapping with a 'type' (pytorch, mpi, tensorflow)");
            return null;
        }
        var typeNode = mapping.Get("type");
        var typeText = typeNode is TreeScalar { IsNull: false } t ? t.Value.Trim() : null;
        if (typeText is null)
        {
            _diagnostics.Error(YamlDiagnosticCodes.MissingKey, "'distribution' needs a 'type' (pytorch, mpi or tensorflow).", path, Loc(node));
            return null;
        }
        var normalized = typeText.ToLowerInvariant();
        int? processCount = null, workerCount = null, parameterServers = null;
        var extra = new List<KeyValuePair<string, FreeformValue>>();
        ForEach(mapping, path, "distribution fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "process_count_per_instance" when normalized is "pytorch" or "torch.distributed" or "mpi":
                    processCount = ReadInt(value, childPath);
                    break;
                case "worker_count" when normalized == "tensorflow":
                    workerCount = ReadInt(value, childPath);
                    break;
                case "parameter_server_count" when normalized == "tensorflow":
                    parameterServers = ReadInt(value, childPath);
                    break;
                default:
                    // Kept, not dropped: validation reports fields that do not belong to the distribution type.
                    if (ReadFreeform(value, childPath) is { } f) extra.Add(new(key.Value, f));
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
            default:
                _diagnostics.Error(YamlDiagnosticCodes.InvalidValue,
                    $"Distribution type '{typeText}' is not supported; use pytorch, mpi or tensorflow.", DiagnosticPath.Append(path, "type"), Loc(typeNode!));
                return null;
        }
    }

    private CommandJobLimits? ReadCommandLimits(TreeNode node, string path)
    {
        var limits = new CommandJobLimits();
        var ok = ForEach(node, path, "limits", (key, value, childPath) =>
        {
            if (key.Value == "timeout") limits = limits with { Timeout = ReadDuration(value, childPath) };
            else UnknownKey(key, childPath, "command job limits");
        });
        return ok && node is TreeMapping ? limits : null;
    }

    private QueueSettings? ReadQueueSettings(TreeNode node, string path)
    {
        var settings = new QueueSettings();
        var ok = ForEach(node, path, "queue settings", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "job_tier":
                    settings = settings with { JobTier = ReadString(value, childPath) is { } tier ? (JobTier?)JobTier.Parse(tier) : null };
                    break;
                case "priority":
                    settings = settings with { Priority = ReadString(value, childPath) };
                    break;
                default:
                    UnknownKey(key, childPath, "queue_settings");
                    break;
            }
        });
        return ok && node is TreeMapping ? settings : null;
    }


}
