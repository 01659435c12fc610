using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a pipeline job, a pipeline step, or the body of a pipeline component: its settings and its steps.</summary>
internal static class PipelineReader
{
    /// <summary>
    /// Reads the pipeline fields of <paramref name="mapping"/>; a key that is neither common nor a pipeline field goes
    /// to <paramref name="other"/>, or is warned about as unknown.
    /// </summary>
    public static PipelineJob Read(TreeMapping mapping, string path, string baseDirectory, JobShape shape, ReadingContext context,
        Action<TreeScalar, TreeNode, string>? other = null)
    {
        JobDefinition job = new PipelineJob();
        context.ForEach(mapping, path, "fields", (key, value, childPath) =>
        {
            if (CommonFields.TryRead(ref job, key.Value, value, childPath, context)) return;
            var pipeline = (PipelineJob)job;
            if (key.Value is "jobs" or "settings") context.RefuseNull(value, childPath, $"'{key.Value}'");
            switch (key.Value)
            {
                case "jobs":
                    job = pipeline with { Steps = ReadSteps(value, childPath, baseDirectory, context) };
                    break;
                case "settings":
                    job = pipeline with { Settings = ReadSettings(value, childPath, context) };
                    break;
                default:
                    if (other is not null) other(key, value, childPath);
                    else context.UnknownKey(key, childPath, JobKindReader.Describe(shape, "pipeline"));
                    break;
            }
        });
        return (PipelineJob)job;
    }

    private static PipelineSettings? ReadSettings(TreeNode node, string path, ReadingContext context)
    {
        var settings = new PipelineSettings();
        var ok = context.ForEach(node, path, "pipeline settings", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "default_compute":
                    settings = settings with { DefaultCompute = context.ReadString(value, childPath) };
                    break;
                case "default_datastore":
                    settings = settings with { DefaultDatastore = context.ReadString(value, childPath) };
                    break;
                case "continue_on_step_failure":
                    settings = settings with { ContinueOnStepFailure = context.ReadBool(value, childPath) };
                    break;
                case "force_rerun":
                    settings = settings with { ForceRerun = context.ReadBool(value, childPath) };
                    break;
                default:
                    context.UnknownKey(key, childPath, "pipeline settings");
                    break;
            }
        });
        return ok && node is TreeMapping ? settings : null;
    }

    private static ValueMap<PipelineStep> ReadSteps(TreeNode node, string path, string baseDirectory, ReadingContext context)
    {
        var steps = new List<KeyValuePair<string, PipelineStep>>();
        context.ForEach(node, path, "step names to steps", (key, value, childPath) =>
        {
            if (StepReader.Read(value, childPath, baseDirectory, context) is { } step) steps.Add(new(key.Value, step));
        });
        return ValueMap<PipelineStep>.From(steps);
    }
}
