using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a job's <c>identity</c> (aml_token, managed or user_identity).</summary>
internal static class IdentityReader
{
    /// <summary>Reads the identity; null when it is empty, or (reported) not a mapping or of an unknown type.</summary>
    public static JobIdentity? Read(TreeNode node, string path, ReadingContext context)
    {
        if (node is TreeScalar { IsNull: true }) return null;
        if (node is not TreeMapping mapping)
        {
            context.WrongType(node, path, "'identity' must be a mapping with a 'type' (aml_token, managed, user_identity)");
            return null;
        }
        var typeNode = mapping.Get("type");
        var typeText = typeNode is TreeScalar { IsNull: false } t ? t.Value.Trim() : null;
        if (typeText is null)
        {
            context.Error(YamlDiagnosticCodes.MissingKey, "'identity' needs a 'type' (aml_token, managed or user_identity).", path, node);
            return null;
        }
        string? clientId = null, objectId = null, resourceId = null;
        context.ForEach(mapping, path, "identity fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "client_id":
                    clientId = context.ReadString(value, childPath);
                    break;
                case "object_id":
                    objectId = context.ReadString(value, childPath);
                    break;
                case "resource_id":
                case "msi_resource_id":
                    // azure-ai-ml's ManagedIdentitySchema spells it msi_resource_id; ignoring it would run the job
                    // under the system-assigned identity instead of the one the file names.
                    resourceId = context.ReadString(value, childPath);
                    break;
                default:
                    context.UnknownKey(key, childPath, "identity");
                    break;
            }
        });
        // Spellings vary (AMLToken, aml_token, Managed, managed_identity, UserIdentity): compare without case or '_'.
        switch (typeText.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant())
        {
            case "amltoken":
                return RefuseManagedFields(mapping, path, typeText, context) ? null : new AmlTokenIdentity();
            case "managed" or "managedidentity":
                return new ManagedIdentity { ClientId = clientId, ObjectId = objectId, ResourceId = resourceId };
            case "useridentity":
                return RefuseManagedFields(mapping, path, typeText, context) ? null : new UserIdentity();
            default:
                context.Error(YamlDiagnosticCodes.InvalidValue,
                    $"Identity type '{typeText}' is not known; use aml_token, managed or user_identity.", DiagnosticPath.Append(path, "type"), typeNode!);
                return null;
        }
    }

    /// <summary>
    /// Reports the fields that only a managed identity has on another identity type, as azure-ai-ml does (its identity
    /// is a union of schemas that each refuse unknown fields): the file names an identity that would not be used.
    /// </summary>
    private static bool RefuseManagedFields(TreeMapping mapping, string path, string typeText, ReadingContext context)
    {
        var refused = false;
        foreach (var (key, _) in mapping.Entries)
        {
            if (key.Value is not ("client_id" or "object_id" or "resource_id" or "msi_resource_id")) continue;
            context.Error(YamlDiagnosticCodes.InvalidValue,
                $"'{key.Value}' belongs to a managed identity; an identity of type '{typeText}' has no such field (azure-ai-ml refuses it too).",
                DiagnosticPath.Append(path, key.Value), key);
            refused = true;
        }
        return refused;
    }
}
