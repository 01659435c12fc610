using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads the fields every job kind shares (names, tags, compute, inputs and outputs, identity, services, notifications).</summary>
internal static class CommonFields
{
    /// <summary>
    /// Reads a shared field into <paramref name="job"/>; false when <paramref name="key"/> is not a shared one. A null
    /// shared field is refused as azure-ai-ml refuses it (none of these fields allows null there) and reads as absent.
    /// </summary>
    public static bool TryRead(ref JobDefinition job, string key, TreeNode value, string path, ReadingContext context)
    {
        if (!ReadShared(ref job, key, value, path, context)) return false;
        if (key is not ("$schema" or "type")) context.RefuseNull(value, path, $"'{key}'");
        return true;
    }

    private static bool ReadShared(ref JobDefinition job, string key, TreeNode value, string path, ReadingContext context)
    {
        switch (key)
        {
            case "$schema":
            case "type":
                return true;
            case "name":
                job = job with { Name = context.ReadString(value, path) };
                return true;
            case "display_name":
                job = job with { DisplayName = context.ReadString(value, path) };
                return true;
            case "experiment_name":
                job = job with { ExperimentName = context.ReadString(value, path) };
                return true;
            case "description":
                job = job with { Description = context.ReadString(value, path) };
                return true;
            case "tags":
                job = job with { Tags = context.ReadStringMap(value, path) };
                return true;
            case "properties":
                job = job with { Properties = context.ReadStringMap(value, path) };
                return true;
            case "compute":
                job = job with { Compute = context.ReadString(value, path) };
                return true;
            case "inputs":
                job = job with { Inputs = context.ReadMap(value, path, InputReader.Read) };
                return true;
            case "outputs":
                job = job with { Outputs = context.ReadMap(value, path, OutputReader.Read) };
                return true;
            case "identity":
                job = job with { Identity = IdentityReader.Read(value, path, context) };
                return true;
            case "services":
                job = job with { Services = context.ReadMap(value, path, ServiceReader.Read) };
                return true;
            case "notification_setting":
                job = job with { Notifications = NotificationReader.Read(value, path, context) };
                return true;
            default:
                return false;
        }
    }
}
