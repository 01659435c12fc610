using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

internal sealed partial class JobYamlReader
{
    private JobIdentity? ReadIdentity(TreeNode node, string path)
    {
        if (node is TreeScalar { IsNull: true }) return null;
        if (node is not TreeMapping mapping)
        {
            WrongType(node, path, "'identity' must be a mapping with a 'type' (aml_token, managed, user_identity)");
            return null;
        }
        var typeNode = mapping.Get("type");
        var typeText = typeNode is TreeScalar { IsNull: false } t ? t.Value.Trim() : null;
        if (typeText is null)
        {
            _diagnostics.Error(YamlDiagnosticCodes.MissingKey, "'identity' needs a 'type' (aml_token, managed or user_identity).", path, Loc(node));
            return null;
        }
        string? clientId = null, objectId = null, resourceId = null;
        ForEach(mapping, path, "identity fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "client_id":
                    clientId = ReadString(value, childPath);
                    break;
                case "object_id":
                    objectId = ReadString(value, childPath);
                    break;
                case "resource_id":
                    resourceId = ReadString(value, childPath);
                    break;
                default:
                    UnknownKey(key, childPath, "identity");
                    break;
            }
        });
        // Spellings vary (AMLToken, aml_token, Managed, managed_identity, UserIdentity): compare without case or '_'.
        switch (typeText.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant())
        {
            case "amltoken":
                return new AmlTokenIdentity();
            case "managed" or "managedidentity":
                return new ManagedIdentity { ClientId = clientId, ObjectId = objectId, ResourceId = resourceId };
            case "useridentity":
                return new UserIdentity();
            default:
                _diagnostics.Error(YamlDiagnosticCodes.InvalidValue,
                    $"Identity type '{typeText}' is not known; use aml_token, managed or user_identity.", DiagnosticPath.Append(path, "type"), Loc(typeNode!));
                return null;
        }
    }

    private JobService? ReadService(TreeNode node, string path)
    {
        var service = new JobService();
        var ok = ForEach(node, path, "service fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    service = service with { Type = ReadString(value, childPath) is { } serviceType ? new JobServiceType(serviceType) : (JobServiceType?)null };
                    break;
                case "port":
                    service = service with { Port = ReadInt(value, childPath) };
                    break;
                case "endpoint":
                    service = service with { Endpoint = ReadString(value, childPath) };
                    break;
                case "nodes":
                    service = service with { Nodes = ReadString(value, childPath) };
                    break;
                case "properties":
                    service = service with { Properties = ReadStringMap(value, childPath) };
                    break;
                case "ssh_public_keys":
                    service = service with { SshPublicKeys = ReadString(value, childPath) };
                    break;
                case "log_dir":
                    service = service with { LogDir = ReadString(value, childPath) };
                    break;
                default:
                    UnknownKey(key, childPath, "a service");
                    break;
            }
        });
        return ok ? service : null;
    }

    private NotificationSettings? ReadNotifications(TreeNode node, string path)
    {
        var settings = new NotificationSettings();
        var ok = ForEach(node, path, "notification settings", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "emails":
                    settings = settings with { Emails = ReadStringList(value, childPath) };
                    break;
                case "email_on":
                    settings = settings with { EmailOn = ReadStringList(value, childPath) };
                    break;
                case "webhooks":
                    settings = settings with { Webhooks = ReadMap(value, childPath, ReadWebhook) };
                    break;
                default:
                    UnknownKey(key, childPath, "notification_setting");
                    break;
            }
        });
        return ok && node is TreeMapping ? settings : null;
    }

    private Webhook? ReadWebhook(TreeNode node, string path)
    {
        string? type = null, eventType = null;
        var ok = ForEach(node, path, "webhook fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "webhook_type":
                    type = ReadString(value, childPath);
                    break;
                case "event_type":
                    eventType = ReadString(value, childPath);
                    break;
                default:
                    UnknownKey(key, childPath, "a webhook");
                    break;
            }
        });
        if (!ok || node is not TreeMapping) return null;
        if (type is null)
        {
            _diagnostics.Error(YamlDiagnosticCodes.MissingKey, "A webhook needs a 'webhook_type'.", path, Loc(node));
            return null;
        }
        return new Webhook(type, eventType);
    }
}
