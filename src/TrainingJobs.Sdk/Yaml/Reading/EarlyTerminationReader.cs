using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a sweep's <c>early_termination</c> policy (bandit, median_stopping or truncation_selection).</summary>
internal static class EarlyTerminationReader
{
    /// <summary>
    /// The fields of each policy besides type, evaluation_interval and delay_evaluation, as azure-ai-ml's policy schemas
    /// define them (<c>sweep_termination.py</c>).
    /// </summary>
    private static readonly Dictionary<string, string[]> Policies = new(StringComparer.Ordinal)
    {
        ["bandit"] = ["slack_factor", "slack_amount"],
        ["median_stopping"] = [],
        ["truncation_selection"] = ["truncation_percentage"],
    };

    /// <summary>Reads the policy; null when it is empty, or (reported) not a mapping or of an unknown type.</summary>
    public static EarlyTerminationPolicy? Read(TreeNode node, string path, ReadingContext context)
    {
        if (node is TreeScalar { IsNull: true }) return null;
        if (node is not TreeMapping mapping)
        {
            context.WrongType(node, path, "'early_termination' must be a mapping with a 'type' (bandit, median_stopping, truncation_selection)");
            return null;
        }
        var typeNode = mapping.Get("type");
        if (typeNode is not TreeScalar { IsNull: false } t)
        {
            // Every policy schema of azure-ai-ml requires 'type'; without it there is no telling which fields belong.
            context.Error(YamlDiagnosticCodes.MissingKey,
                "'early_termination' needs a 'type' (bandit, median_stopping or truncation_selection).", path, node);
            return null;
        }
        // azure-ai-ml turns the REST spelling into its own (camel_to_snake: 'MedianStopping' is median_stopping),
        // so, as for identity types, case and '_' are ignored.
        var typeText = t.Value.Trim().Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "bandit" => "bandit",
            "medianstopping" => "median_stopping",
            "truncationselection" => "truncation_selection",
            _ => t.Value.Trim().ToLowerInvariant(),
        };
        int? interval = null, delay = null, percentage = null;
        double? slackFactor = null, slackAmount = null;
        context.ForEach(mapping, path, "early termination fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "evaluation_interval":
                    interval = context.ReadInt(value, childPath);
                    break;
                case "delay_evaluation":
                    delay = context.ReadInt(value, childPath);
                    break;
                case "slack_factor" when typeText == "bandit":
                    slackFactor = context.ReadDouble(value, childPath);
                    break;
                case "slack_amount" when typeText == "bandit":
                    slackAmount = context.ReadDouble(value, childPath);
                    break;
                case "truncation_percentage" when typeText == "truncation_selection":
                    percentage = context.ReadInt(value, childPath);
                    break;
                default:
                    // azure-ai-ml reads the policy as a union of one schema per type, so a key the chosen type lacks
                    // fails every member: an error there, not the unknown-field warning. An unknown type is reported
                    // once, at 'type', below.
                    if (!Policies.TryGetValue(typeText, out var fields)) break;
                    if (Policies.FirstOrDefault(p => p.Value.Contains(key.Value)).Key is { } owner)
                    {
                        context.Error(YamlDiagnosticCodes.InvalidValue,
                            $"'{key.Value}' belongs to a {owner} policy; an early termination policy of type '{typeText}' has no such field (azure-ai-ml refuses it too).",
                            childPath, key);
                    }
                    else
                    {
                        context.UnknownKeyInUnion(key, childPath, $"an early termination policy of type '{typeText}'",
                            ["type", "evaluation_interval", "delay_evaluation", .. fields]);
                    }
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
            context.Error(YamlDiagnosticCodes.InvalidValue,
                $"Early termination type '{typeText}' is not known; use bandit, median_stopping or truncation_selection.",
                DiagnosticPath.Append(path, "type"), typeNode);
            return null;
        }
        return policy with { EvaluationInterval = interval, DelayEvaluation = delay };
    }
}
