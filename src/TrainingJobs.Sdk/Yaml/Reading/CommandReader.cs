using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a command job, a command step of a pipeline, or the body of a command component.</summary>
internal static class CommandReader
{
    /// <summary>
    /// Reads the command fields of <paramref name="mapping"/>; a key that is neither common nor a command field goes to
    /// <paramref name="other"/> (a step's or component's own keys), or is warned about as unknown.
    /// </summary>
    public static CommandJob Read(TreeMapping mapping, string path, JobShape shape, ReadingContext context, Action<TreeScalar, TreeNode, string>? other = null)
    {
        JobDefinition job = new CommandJob();
        context.ForEach(mapping, path, "fields", (key, value, childPath) =>
        {
            if (CommonFields.TryRead(ref job, key.Value, value, childPath, context)) return;
            var command = (CommandJob)job;
            // A null 'command' is already refused as a missing command (TJ0001); the other fields are refused here.
            if (key.Value is "code" or "environment" or "environment_variables" or "resources" or "distribution" or "limits" or "queue_settings")
            {
                context.RefuseNull(value, childPath, $"'{key.Value}'");
            }
            switch (key.Value)
            {
                case "command":
                    job = command with { Command = context.ReadString(value, childPath) };
                    break;
                case "code":
                    job = command with { Code = ReadCode(value, childPath, context) };
                    break;
                case "environment":
                    job = command with { Environment = EnvironmentReader.Read(value, childPath, context) };
                    break;
                case "environment_variables":
                    job = command with { EnvironmentVariables = context.ReadStringMap(value, childPath, nullValues: false) };
                    break;
                case "resources":
                    job = command with { Resources = ResourceReader.ReadResources(value, childPath, context) };
                    break;
                case "distribution":
                    job = command with { Distribution = DistributionReader.Read(value, childPath, context) };
                    break;
                case "limits":
                    job = command with { Limits = ReadLimits(value, childPath, context) };
                    break;
                case "queue_settings":
                    job = command with { QueueSettings = ResourceReader.ReadQueueSettings(value, childPath, context) };
                    break;
                default:
                    if (other is not null) other(key, value, childPath);
                    else context.UnknownKey(key, childPath, JobKindReader.Describe(shape, "command"));
                    break;
            }
        });
        return (CommandJob)job;
    }

    private static string? ReadCode(TreeNode node, string path, ReadingContext context)
    {
        if (node is TreeMapping)
        {
            context.WrongType(node, path, "'code' must be a local path, an azureml: reference or a git URL, not a mapping");
            return null;
        }
        return context.ReadString(node, path);
    }

    private static CommandJobLimits? ReadLimits(TreeNode node, string path, ReadingContext context)
    {
        var limits = new CommandJobLimits();
        var ok = context.ForEach(node, path, "limits", (key, value, childPath) =>
        {
            if (key.Value == "timeout") limits = limits with { Timeout = context.ReadDuration(value, childPath) };
            else context.UnknownKey(key, childPath, "command job limits");
        });
        return ok && node is TreeMapping ? limits : null;
    }
}
