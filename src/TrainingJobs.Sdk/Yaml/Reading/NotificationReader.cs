using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a job's <c>notification_setting</c>: e-mails, the events they are sent on, and webhooks.</summary>
internal static class NotificationReader
{
    /// <summary>Reads the settings; null when they are empty or (reported) not a mapping.</summary>
    public static NotificationSettings? Read(TreeNode node, string path, ReadingContext context)
    {
        var settings = new NotificationSettings();
        var ok = context.ForEach(node, path, "notification settings", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "emails":
                    settings = settings with { Emails = context.ReadStringList(value, childPath) };
                    break;
                case "email_on":
                    settings = settings with { EmailOn = context.ReadStringList(value, childPath) };
                    break;
                case "webhooks":
                    settings = settings with { Webhooks = context.ReadMap(value, childPath, ReadWebhook) };
                    break;
                default:
                    context.UnknownKey(key, childPath, "notification_setting");
                    break;
            }
        });
        return ok && node is TreeMapping ? settings : null;
    }

    private static Webhook? ReadWebhook(TreeNode node, string path, ReadingContext context)
    {
        string? type = null, eventType = null;
        var ok = context.ForEach(node, path, "webhook fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "webhook_type":
                    type = context.ReadString(value, childPath);
                    break;
                case "event_type":
                    eventType = context.ReadString(value, childPath);
                    break;
                default:
                    context.UnknownKey(key, childPath, "a webhook");
                    break;
            }
        });
        if (!ok || node is not TreeMapping) return null;
        if (type is null)
        {
            context.Error(YamlDiagnosticCodes.MissingKey, "A webhook needs a 'webhook_type'.", path, node);
            return null;
        }
        return new Webhook(type, eventType);
    }
}
