using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

internal sealed partial class JobYamlReader
{
    private SweepJob ReadSweep(TreeMapping mapping, string path, string baseDirectory, JobShape shape, Action<TreeScalar, TreeNode, string>? other = null)
    {
        JobDefinition job = new SweepJob
        {
            Trial = new CommandJob(),
            SamplingAlgorithm = new RandomSamplingAlgorithm { IsShorthand = true },
            Objective = new SweepObjective("", Goal.Maximize),
        };
        bool hasTrial = false, hasSampling = false, hasObjective = false;
        ForEach(mapping, path, "fields", (key, value, childPath) =>
        {
            if (TryReadCommon(ref job, key.Value, value, childPath)) return;
            var sweep = (SweepJob)job;
            switch (key.Value)
            {
                case "trial":
                    hasTrial = true;
                    job = ReadTrial(sweep, value, childPath, baseDirectory);
                    break;
                case "search_space":
                    job = sweep with { SearchSpace = ReadMap(value, childPath, ReadSearchParameter) };
                    break;
                case "sampling_algorithm":
                    // Present even when unreadable: ReadSampling reports that, so it is not also reported missing.
                    hasSampling = true;
                    if (ReadSampling(value, childPath) is { } sampling) job = sweep with { SamplingAlgorithm = sampling };
                    break;
                case "objective":
                    hasObjective = true;
                    if (ReadObjective(value, childPath) is { } objective) job = sweep with { Objective = objective };
                    break;
                case "limits":
                    job = sweep with { Limits = ReadSweepLimits(value, childPath) };
                    break;
                case "early_termination":
                    job = sweep with { EarlyTermination = ReadEarlyTermination(value, childPath) };
                    break;
                case "resources":
                    job = sweep with { Resources = ReadResources(value, childPath) };
                    break;
                case "queue_settings":
                    job = sweep with { QueueSettings = ReadQueueSettings(value, childPath) };
                    break;
                default:
                    if (other is not null) other(key, value, childPath);
                    else UnknownKey(key, childPath, Describe(shape, "sweep"));
                    break;
            }
        });
        if (!hasTrial) Missing(mapping, path, "trial", "the command each trial runs");
        if (!hasSampling) Missing(mapping, path, "sampling_algorithm", "random, grid or bayesian");
        if (!hasObjective) Missing(mapping, path, "objective", "primary_metric and goal");
        return (SweepJob)job;
    }

    private void Missing(TreeMapping mapping, string path, string key, string hint) =>
        _diagnostics.Error(YamlDiagnosticCodes.MissingKey, $"A sweep needs '{key}' ({hint}).", DiagnosticPath.Append(path, key), Loc(mapping));

    private SweepJob ReadTrial(SweepJob sweep, TreeNode value, string path, string baseDirectory)
    {
        if (value is TreeMapping inline && !LooksLikeComponent(inline))
        {
            return sweep with { Trial = ReadCommand(inline, path, JobShape.Component) };
        }
        var reference = ReadComponentReference(value, path, baseDirectory, out var kind);
        if (reference is null) return sweep;
        if (kind is not null && kind != "command")
        {
            _diagnostics.Error(YamlDiagnosticCodes.ComponentKindMismatch, $"A sweep trial must be a command component, not '{kind}'.", path, Loc(value));
            return sweep;
        }
        var trial = reference.Definition?.Body as CommandJob ?? new CommandJob();
        return sweep with { Trial = trial, TrialReference = reference };
    }

    private static bool LooksLikeComponent(TreeMapping mapping) =>
        mapping.Get("$schema") is not null || mapping.Get("version") is not null || mapping.Get("is_deterministic") is not null ||
        (mapping.Get("type") is not null && mapping.Get("name") is not null);

    private SamplingAlgorithm? ReadSampling(TreeNode node, string path)
    {
        string? typeText;
        TreeNode typeAt = node;
        int? seed = null;
        string? rule = null, logBase = null;
        var shorthand = node is TreeScalar;
        if (node is TreeScalar scalar)
        {
            typeText = scalar.IsNull ? null : scalar.Value.Trim();
        }
        else if (node is TreeMapping mapping)
        {
            typeAt = mapping.Get("type") ?? node;
            typeText = mapping.Get("type") is TreeScalar { IsNull: false } t ? t.Value.Trim() : null;
            ForEach(mapping, path, "sampling fields", (key, value, childPath) =>
            {
                switch (key.Value)
                {
                    case "type":
                        break;
                    case "seed":
                        seed = ReadInt(value, childPath);
                        break;
                    case "rule":
                        rule = ReadString(value, childPath);
                        break;
                    case "logbase":
                        logBase = ReadString(value, childPath);
                        break;
                    default:
                        UnknownKey(key, childPath, "sampling_algorithm");
                        break;
                }
            });
        }
        else
        {
            WrongType(node, path, "'sampling_algorithm' must be random, grid, bayesian or a mapping with a 'type'");
            return null;
        }
        switch (typeText?.ToLowerInvariant())
        {
            case "random":
                return new RandomSamplingAlgorithm { Seed = seed, Rule = rule, LogBase = logBase, IsShorthand = shorthand };
            case "grid":
                return new GridSamplingAlgorithm();
            case "bayesian":
                return new BayesianSamplingAlgorithm();
            default:
                _diagnostics.Error(YamlDiagnosticCodes.InvalidValue,
                    $"Sampling algorithm '{typeText}' is not known; use random, grid or bayesian.", path, Loc(typeAt));
                return null;
        }
    }

    private SweepObjective? ReadObjective(TreeNode node, string path)
    {
        string? metric = null, goal = null;
        var ok = ForEach(node, path, "objective fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "primary_metric":
                    metric = ReadString(value, childPath);
                    break;
                case "goal":
                    goal = ReadString(value, childPath);
                    break;
                default:
                    UnknownKey(key, childPath, "objective");
                    break;
            }
        });
        if (!ok) return null;
        if (metric is null || goal is null)
        {
            _diagnostics.Error(YamlDiagnosticCodes.MissingKey, "'objective' needs both 'primary_metric' and 'goal' (maximize or minimize).", path, Loc(node));
            return null;
        }
        return new SweepObjective(metric, Goal.Parse(goal.Trim()));
    }

    private SweepJobLimits? ReadSweepLimits(TreeNode node, string path)
    {
        var limits = new SweepJobLimits();
        var ok = ForEach(node, path, "limits", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "max_total_trials":
                    limits = limits with { MaxTotalTrials = ReadInt(value, childPath) };
                    break;
                case "max_concurrent_trials":
                    limits = limits with { MaxConcurrentTrials = ReadInt(value, childPath) };
                    break;
                case "timeout":
                    limits = limits with { Timeout = ReadDuration(value, childPath) };
                    break;
                case "trial_timeout":
                    limits = limits with { TrialTimeout = ReadDuration(value, childPath) };
                    break;
                default:
                    UnknownKey(key, childPath, "sweep limits");
                    break;
            }
        });
        return ok && node is TreeMapping ? limits : null;
    }

    private EarlyTerminationPolicy? ReadEarlyTermination(TreeNode node, string path)
    {
        if (node is TreeScalar { IsNull: true }) return null;
        if (node is not TreeMapping mapping)
        {
            WrongType(node, path, "'early_termination' must be a mapping with a 'type' (bandit, median_stopping, truncation_selection)");
            return null;
        }
        var typeNode = mapping.Get("type");
        var typeText = typeNode is TreeScalar { IsNull: false } t ? t.Value.Trim().ToLowerInvariant() : null;
        int? interval = null, delay = null, percentage = null;
        double? slackFactor = null, slackAmount = null;
        ForEach(mapping, path, "early termination fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "evaluation_interval":
                    interval = ReadInt(value, childPath);
                    break;
                case "delay_evaluation":
                    delay = ReadInt(value, childPath);
                    break;
                case "slack_factor" when typeText == "bandit":
                    slackFactor = ReadDouble(value, childPath);
                    break;
                case "slack_amount" when typeText == "bandit":
                    slackAmount = ReadDouble(value, childPath);
                    break;
                case "truncation_percentage" when typeText == "truncation_selection":
                    percentage = ReadInt(value, childPath);
                    break;
                default:
                    UnknownKey(key, childPath, $"an early termination policy of type '{typeText}'");
                    break;
            }
        });
        EarlyTerminationPolicy? policy = typeText switch
        {
            "bandit" => new BanditPolicy { SlackFactor = slackFactor, SlackAmount = slackAmount },
            "median_stopping" => new MedianStoppingPolicy(),
            "truncation_selection" => new TruncationSelectionPolicy { TruncationPercentage = percentage },
            _ => null,
        };
        if (policy is null)
        {
            _diagnostics.Error(YamlDiagnosticCodes.InvalidValue,
                $"Early termination type '{typeText}' is not known; use bandit, median_stopping or truncation_selection.", DiagnosticPath.Append(path, "type"), Loc(typeNode ?? node));
            return null;
        }
        return policy with { EvaluationInterval = interval, DelayEvaluation = delay };
    }
}
