using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a sweep job or sweep step: its trial, search space, objective and limits, and which required parts are missing.</summary>
internal static class SweepReader
{
    /// <summary>
    /// Reads the sweep fields of <paramref name="mapping"/>; a key that is neither common nor a sweep field goes to
    /// <paramref name="other"/>, or is warned about as unknown. A missing trial, sampling algorithm or objective is an error.
    /// </summary>
    public static SweepJob Read(TreeMapping mapping, string path, string baseDirectory, JobShape shape, ReadingContext context,
        Action<TreeScalar, TreeNode, string>? other = null)
    {
        JobDefinition job = new SweepJob
        {
            Trial = new CommandJob(),
            SamplingAlgorithm = new RandomSamplingAlgorithm { IsShorthand = true },
            Objective = new SweepObjective("", Goal.Maximize),
        };
        bool hasTrial = false, hasSampling = false, hasObjective = false, hasLimits = false;
        context.ForEach(mapping, path, "fields", (key, value, childPath) =>
        {
            if (CommonFields.TryRead(ref job, key.Value, value, childPath, context)) return;
            var sweep = (SweepJob)job;
            if (key.Value is "trial" or "search_space" or "sampling_algorithm" or "objective" or "limits" or "early_termination" or "resources" or "queue_settings"
                && context.RefuseNull(value, childPath, $"'{key.Value}'"))
            {
                // Reported once: a required field given as null is not also reported missing or incomplete.
                hasTrial |= key.Value == "trial";
                hasSampling |= key.Value == "sampling_algorithm";
                hasObjective |= key.Value == "objective";
                hasLimits |= key.Value == "limits";
                return;
            }
            switch (key.Value)
            {
                case "trial":
                    hasTrial = true;
                    job = ReadTrial(sweep, value, childPath, baseDirectory, context);
                    break;
                case "search_space":
                    job = sweep with { SearchSpace = context.ReadMap(value, childPath, SearchSpaceReader.ReadParameter) };
                    break;
                case "sampling_algorithm":
                    // Present even when unreadable: SamplingReader reports that, so it is not also reported missing.
                    hasSampling = true;
                    if (SamplingReader.Read(value, childPath, context) is { } sampling) job = sweep with { SamplingAlgorithm = sampling };
                    break;
                case "objective":
                    hasObjective = true;
                    if (ReadObjective(value, childPath, context) is { } objective) job = sweep with { Objective = objective };
                    break;
                case "limits":
                    // Present even when unreadable or incomplete: ReadLimits reports that, so it is not also reported missing.
                    hasLimits = true;
                    job = sweep with { Limits = ReadLimits(value, childPath, context) };
                    break;
                case "early_termination":
                    job = sweep with { EarlyTermination = EarlyTerminationReader.Read(value, childPath, context) };
                    break;
                case "resources":
                    job = sweep with { Resources = ResourceReader.ReadResources(value, childPath, context) };
                    break;
                case "queue_settings":
                    job = sweep with { QueueSettings = ResourceReader.ReadQueueSettings(value, childPath, context) };
                    break;
                default:
                    if (other is not null) other(key, value, childPath);
                    else context.UnknownKey(key, childPath, JobKindReader.Describe(shape, "sweep"));
                    break;
            }
        });
        if (!hasTrial) Missing(mapping, path, "trial", "the command each trial runs", context);
        if (!hasSampling) Missing(mapping, path, "sampling_algorithm", "random, grid or bayesian", context);
        if (!hasObjective) Missing(mapping, path, "objective", "primary_metric and goal", context);
        // azure-ai-ml's sweep schema requires limits (and max_total_trials in it), for a sweep job and a sweep step
        // alike; without them the service would pick a trial count of its own (1000).
        if (!hasLimits && !context.Options.WrittenBySdk) Missing(mapping, path, "limits", "at least max_total_trials, the number of trials to run", context);
        return (SweepJob)job;
    }

    private static void Missing(TreeMapping mapping, string path, string key, string hint, ReadingContext context) =>
        context.Error(YamlDiagnosticCodes.MissingKey, $"A sweep needs '{key}' ({hint}).", DiagnosticPath.Append(path, key), mapping);

    /// <summary>Reads the trial: a command written in place, or a command component (by reference, file or in place).</summary>
    private static SweepJob ReadTrial(SweepJob sweep, TreeNode value, string path, string baseDirectory, ReadingContext context)
    {
        if (value is TreeMapping inline && !LooksLikeComponent(inline))
        {
            return sweep with { Trial = CommandReader.Read(inline, path, JobShape.Component, context) };
        }
        var reference = ComponentReader.ReadReference(value, path, baseDirectory, context, out var kind);
        if (reference is null) return sweep;
        if (kind is not null && kind != "command")
        {
            context.Error(YamlDiagnosticCodes.ComponentKindMismatch, $"A sweep trial must be a command component, not '{kind}'.", path, value);
            return sweep;
        }
        var trial = reference.Definition?.Body as CommandJob ?? new CommandJob();
        return sweep with { Trial = trial, TrialReference = reference };
    }

    private static bool LooksLikeComponent(TreeMapping mapping) =>
        mapping.Get("$schema") is not null || mapping.Get("version") is not null || mapping.Get("is_deterministic") is not null ||
        (mapping.Get("type") is not null && mapping.Get("name") is not null);

    private static SweepObjective? ReadObjective(TreeNode node, string path, ReadingContext context)
    {
        string? metric = null, goal = null;
        var ok = context.ForEach(node, path, "objective fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "primary_metric":
                    metric = context.ReadString(value, childPath);
                    break;
                case "goal":
                    goal = context.ReadString(value, childPath);
                    break;
                default:
                    context.UnknownKey(key, childPath, "objective");
                    break;
            }
        });
        if (!ok) return null;
        if (metric is null || goal is null)
        {
            context.Error(YamlDiagnosticCodes.MissingKey, "'objective' needs both 'primary_metric' and 'goal' (maximize or minimize).", path, node);
            return null;
        }
        return new SweepObjective(metric, Goal.Parse(goal.Trim()));
    }

    private static SweepJobLimits? ReadLimits(TreeNode node, string path, ReadingContext context)
    {
        var limits = new SweepJobLimits();
        var ok = context.ForEach(node, path, "limits", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "max_total_trials":
                    limits = limits with { MaxTotalTrials = context.ReadInt(value, childPath) };
                    break;
                case "max_concurrent_trials":
                    limits = limits with { MaxConcurrentTrials = context.ReadInt(value, childPath) };
                    break;
                case "timeout":
                    limits = limits with { Timeout = context.ReadDuration(value, childPath) };
                    break;
                case "trial_timeout":
                    limits = limits with { TrialTimeout = context.ReadDuration(value, childPath) };
                    break;
                default:
                    context.UnknownKey(key, childPath, "sweep limits");
                    break;
            }
        });
        if (!ok) return null;
        // azure-ai-ml's SweepJobLimitsSchema requires max_total_trials; the SDK's own stored YAML follows the model, where it is optional.
        var lacksTotal = node is not TreeMapping || limits.MaxTotalTrials is null && !HasKey(node, "max_total_trials");
        if (lacksTotal && !context.Options.WrittenBySdk)
        {
            context.Error(YamlDiagnosticCodes.MissingKey,
                "'limits' needs 'max_total_trials', the number of trials to run (azure-ai-ml requires it; the service would otherwise pick 1000).", path, node);
            return null;
        }
        return node is TreeMapping ? limits : null;
    }

    private static bool HasKey(TreeNode node, string key) => node is TreeMapping mapping && mapping.Get(key) is not null;
}
