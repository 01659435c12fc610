using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes a job's <c>notification_setting</c>.</summary>
internal static class NotificationWriter
{
    /// <summary>Writes <c>notification_setting</c>: e-mails, the events they are sent on, and webhooks.</summary>
    public static void Write(YamlEmitter e, NotificationSettings notifications)
    {
        e.Key("notification_setting");
        e.BeginMap();
        e.StringList("emails", notifications.Emails);
        e.StringList("email_on", notifications.EmailOn);
        e.Map("webhooks", notifications.Webhooks, static (e, webhook) =>
        {
            e.BeginMap();
            e.OptionalText("webhook_type", webhook.WebhookType);
            e.OptionalText("event_type", webhook.EventType);
            e.EndMap();
        });
        e.EndMap();
    }
}
