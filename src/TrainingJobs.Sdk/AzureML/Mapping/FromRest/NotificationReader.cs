using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>A job's notification settings read back from the wire.</summary>
internal static class NotificationReader
{
    /// <summary>The settings, with <paramref name="webhooks"/> (the wire's, without null entries) in place of the wire's own.</summary>
    public static NotificationSettings? Read(RestNotificationSetting? wire, Dictionary<string, RestWebhook>? webhooks) => wire is null ? null : new NotificationSettings
    {
        Emails = ValueList<string>.From(wire.Emails ?? []),
        EmailOn = ValueList<string>.From((wire.EmailOn ?? []).Select(e => e.Value)),
        Webhooks = ValueMap.From((webhooks ?? []).Select(e =>
            new KeyValuePair<string, Webhook>(e.Key, new Webhook(e.Value.WebhookType.Value, e.Value.EventType)))),
    };
}
