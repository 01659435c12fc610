using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml;

public static partial class YamlJobWriter
{
    private static void WriteInput(YamlEmitter e, JobInput input)
    {
        switch (input)
        {
            case LiteralInput literal:
                if (literal is { Type: null, Default: null, Min: null, Max: null, Description: null, Optional: null } && literal.Enum.IsEmpty)
                {
                    if (literal.Value is { } shorthand) e.Literal(shorthand);
                    else e.Null();
                    return;
                }
                e.BeginMap();
                if (literal.Type is { } type)
                {
                    e.Key("type");
                    e.Text(type.ToString());
                }
                if (literal.Value is { } value)
                {
                    e.Key("value");
                    e.Literal(value);
                }
                if (literal.Default is { } defaultValue)
                {
                    e.Key("default");
                    e.Literal(defaultValue);
                }
                Bound(e, "min", literal.Min, literal.Type);
                Bound(e, "max", literal.Max, literal.Type);
                StringList(e, "enum", literal.Enum);
                OptionalBool(e, "optional", literal.Optional);
                OptionalText(e, "description", literal.Description);
                e.EndMap();
                return;
            case AssetInput asset:
                e.BeginMap();
                if (asset.TypeIsExplicit || (asset.Path is null && asset.Mode is null && asset.Datastore is null))
                {
                    e.Key("type");
                    e.Text(asset.Type.ToString());
                }
                OptionalText(e, "path", asset.Path);
                OptionalText(e, "mode", asset.Mode?.ToString());
                OptionalText(e, "datastore", asset.Datastore);
                OptionalBool(e, "optional", asset.Optional);
                OptionalText(e, "description", asset.Description);
                e.EndMap();
                return;
            case BindingInput binding:
                if (binding is { Type: null, Mode: null, Description: null, Optional: null })
                {
                    e.Text(binding.Expression);
                    return;
                }
                e.BeginMap();
                OptionalText(e, "type", binding.Type?.ToString());
                OptionalText(e, "path", binding.Expression);
                OptionalText(e, "mode", binding.Mode?.ToString());
                OptionalBool(e, "optional", binding.Optional);
                OptionalText(e, "description", binding.Description);
                e.EndMap();
                return;
            default:
                e.Null();
                return;
        }
    }

    /// <summary>
    /// Writes a <c>min</c>/<c>max</c>. The model keeps bounds as doubles, so <c>max: 5</c> and <c>max: 5.0</c> are
    /// the same value; for an integer input a whole bound is written as an integer (as it was almost surely
    /// written), for other inputs as a number.
    /// </summary>
    private static void Bound(YamlEmitter e, string key, double? value, LiteralType? type)
    {
        if (value is { } v && type == LiteralType.Integer && v == Math.Floor(v) && Math.Abs(v) < 9e15)
        {
            e.Key(key);
            e.Integer((long)v);
            return;
        }
        OptionalNumber(e, key, value);
    }

    private static void WriteOutput(YamlEmitter e, JobOutput output)
    {
        if (output is { Type: null, Mode: null, Description: null, AssetName: null, AssetVersion: null, IsControl: null })
        {
            if (output.Path is { } path) e.Text(path);
            else e.Null();
            return;
        }
        e.BeginMap();
        OptionalText(e, "type", output.Type?.ToString());
        OptionalText(e, "path", output.Path);
        OptionalText(e, "mode", output.Mode?.ToString());
        OptionalText(e, "name", output.AssetName);
        OptionalText(e, "version", output.AssetVersion);
        OptionalBool(e, "is_control", output.IsControl);
        OptionalText(e, "description", output.Description);
        e.EndMap();
    }

    private static void WriteEnvironment(YamlEmitter e, JobEnvironment environment)
    {
        e.Key("environment");
        switch (environment)
        {
            case EnvironmentReference reference:
                e.Text(reference.Reference);
                return;
            case InlineEnvironment inline:
                e.BeginMap();
                OptionalText(e, "name", inline.Name);
                OptionalText(e, "version", inline.Version);
                OptionalText(e, "description", inline.Description);
                OptionalText(e, "image", inline.Image);
                if (inline.CondaSpecification is { } specification)
                {
                    e.Key("conda_file");
                    e.Freeform(specification);
                }
                else
                {
                    OptionalText(e, "conda_file", inline.CondaFile);
                }
                if (inline.Build is { } build)
                {
                    e.Key("build");
                    e.BeginMap();
                    OptionalText(e, "path", build.Path);
                    OptionalText(e, "dockerfile_path", build.DockerfilePath);
                    e.EndMap();
                }
                OptionalText(e, "python_requirements_txt", inline.PythonRequirementsTxt);
                e.EndMap();
                return;
            default:
                e.Null();
                return;
        }
    }

    private static void WriteResources(YamlEmitter e, JobResources resources)
    {
        e.Key("resources");
        e.BeginMap();
        OptionalInt(e, "instance_count", resources.InstanceCount);
        OptionalText(e, "instance_type", resources.InstanceType);
        StringList(e, "locations", resources.Locations);
        OptionalText(e, "shm_size", resources.ShmSize);
        OptionalText(e, "docker_args", resources.DockerArgs);
        OptionalInt(e, "max_instance_count", resources.MaxInstanceCount);
        Map(e, "properties", resources.Properties, static (e, value) => e.Freeform(value));
        e.EndMap();
    }

    private static void WriteDistribution(YamlEmitter e, Distribution distribution)
    {
        e.Key("distribution");
        e.BeginMap();
        e.Key("type");
        e.Text(distribution.TypeName);
        switch (distribution)
        {
            case PyTorchDistribution pytorch:
                OptionalInt(e, "process_count_per_instance", pytorch.ProcessCountPerInstance);
                break;
            case MpiDistribution mpi:
                OptionalInt(e, "process_count_per_instance", mpi.ProcessCountPerInstance);
                break;
            case TensorFlowDistribution tensorflow:
                OptionalInt(e, "worker_count", tensorflow.WorkerCount);
                OptionalInt(e, "parameter_server_count", tensorflow.ParameterServerCount);
                break;
        }
        foreach (var (name, value) in distribution.AdditionalFields)
        {
            e.Key(name);
            e.Freeform(value);
        }
        e.EndMap();
    }

    private static void WriteQueueSettings(YamlEmitter e, QueueSettings queue)
    {
        e.Key("queue_settings");
        e.BeginMap();
        OptionalText(e, "job_tier", queue.JobTier?.ToString());
        OptionalText(e, "priority", queue.Priority);
        e.EndMap();
    }

    private static void WriteIdentity(YamlEmitter e, JobIdentity identity)
    {
        e.Key("identity");
        e.BeginMap();
        e.Key("type");
        switch (identity)
        {
            case ManagedIdentity managed:
                e.Text("managed");
                OptionalText(e, "client_id", managed.ClientId);
                OptionalText(e, "object_id", managed.ObjectId);
                OptionalText(e, "resource_id", managed.ResourceId);
                break;
            case UserIdentity:
                e.Text("user_identity");
                break;
            default:
                e.Text("aml_token");
                break;
        }
        e.EndMap();
    }

    private static void WriteService(YamlEmitter e, JobService service)
    {
        e.BeginMap();
        OptionalText(e, "type", service.Type?.ToString());
        OptionalInt(e, "port", service.Port);
        OptionalText(e, "endpoint", service.Endpoint);
        OptionalText(e, "nodes", service.Nodes);
        StringMap(e, "properties", service.Properties);
        OptionalText(e, "ssh_public_keys", service.SshPublicKeys);
        OptionalText(e, "log_dir", service.LogDir);
        e.EndMap();
    }

    private static void WriteNotifications(YamlEmitter e, NotificationSettings notifications)
    {
        e.Key("notification_setting");
        e.BeginMap();
        StringList(e, "emails", notifications.Emails);
        StringList(e, "email_on", notifications.EmailOn);
        Map(e, "webhooks", notifications.Webhooks, static (e, webhook) =>
        {
            e.BeginMap();
            OptionalText(e, "webhook_type", webhook.WebhookType);
            OptionalText(e, "event_type", webhook.EventType);
            e.EndMap();
        });
        e.EndMap();
    }
}
