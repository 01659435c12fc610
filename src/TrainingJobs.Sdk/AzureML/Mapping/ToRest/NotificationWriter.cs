using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>A job's notification settings (emails, webhooks) on the wire.</summary>
internal static class NotificationWriter
{
    /// <summary>The wire notification setting; null when the job has none.</summary>
    public static RestNotificationSetting? Write(NotificationSettings? settings) => settings is null ? null : new RestNotificationSetting
    {
        Emails = settings.Emails.IsEmpty ? null : [.. settings.Emails],
        EmailOn = settings.EmailOn.IsEmpty ? null : [.. settings.EmailOn.Select(e => new RestEmailOn(e))],
        Webhooks = settings.Webhooks.IsEmpty ? null : settings.Webhooks.ToDictionary(
            e => e.Key, e => new RestWebhook { WebhookType = new RestWebhookType(e.Value.WebhookType), EventType = e.Value.EventType }, StringComparer.Ordinal),
    };
}
