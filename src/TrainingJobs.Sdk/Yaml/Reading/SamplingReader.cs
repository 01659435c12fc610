using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a sweep's <c>sampling_algorithm</c>: the shorthand (<c>random</c>) or a mapping with a <c>type</c>.</summary>
internal static class SamplingReader
{
    /// <summary>Reads the sampling algorithm; null (reported) when its type is missing or unknown, or a grid or bayesian one has random-only fields.</summary>
    public static SamplingAlgorithm? Read(TreeNode node, string path, ReadingContext context)
    {
        string? typeText;
        TreeNode typeAt = node;
        int? seed = null;
        string? rule = null, logBase = null;
        var shorthand = node is TreeScalar;
        var randomOnly = new List<(TreeScalar Key, string Path)>();
        if (node is TreeScalar scalar)
        {
            typeText = scalar.IsNull ? null : scalar.Value.Trim();
        }
        else if (node is TreeMapping mapping)
        {
            typeAt = mapping.Get("type") ?? node;
            typeText = mapping.Get("type") is TreeScalar { IsNull: false } t ? t.Value.Trim() : null;
            context.ForEach(mapping, path, "sampling fields", (key, value, childPath) =>
            {
                switch (key.Value)
                {
                    case "type":
                        break;
                    case "seed":
                        seed = context.ReadInt(value, childPath);
                        randomOnly.Add((key, childPath));
                        break;
                    case "rule":
                        rule = context.ReadString(value, childPath);
                        randomOnly.Add((key, childPath));
                        break;
                    case "logbase":
                        logBase = context.ReadString(value, childPath);
                        randomOnly.Add((key, childPath));
                        break;
                    default:
                        // sampling_algorithm is a union of one schema per type in azure-ai-ml: an unknown key is an error there.
                        context.UnknownKeyInUnion(key, childPath, "sampling_algorithm",
                            string.Equals(typeText, "random", StringComparison.OrdinalIgnoreCase) ? ["type", "seed", "rule", "logbase"] : ["type"]);
                        break;
                }
            });
        }
        else
        {
            context.WrongType(node, path, "'sampling_algorithm' must be random, grid, bayesian or a mapping with a 'type'");
            return null;
        }
        switch (typeText?.ToLowerInvariant())
        {
            case "random":
                return new RandomSamplingAlgorithm { Seed = seed, Rule = rule, LogBase = logBase, IsShorthand = shorthand };
            case "grid":
                return RandomOnlyFieldsRefused(randomOnly, "grid", context) ? null : new GridSamplingAlgorithm();
            case "bayesian":
                return RandomOnlyFieldsRefused(randomOnly, "bayesian", context) ? null : new BayesianSamplingAlgorithm();
            default:
                context.Error(YamlDiagnosticCodes.InvalidValue,
                    $"Sampling algorithm '{typeText}' is not known; use random, grid or bayesian.", path, typeAt);
                return null;
        }
    }

    /// <summary>
    /// Reports <c>seed</c>, <c>rule</c> and <c>logbase</c> on grid or bayesian sampling: azure-ai-ml's grid and bayesian
    /// schemas have only <c>type</c> and refuse them, and the model has nowhere to keep them, so dropping them would
    /// lose what the author asked for without a word.
    /// </summary>
    private static bool RandomOnlyFieldsRefused(List<(TreeScalar Key, string Path)> fields, string type, ReadingContext context)
    {
        foreach (var (key, path) in fields)
        {
            context.Error(YamlDiagnosticCodes.InvalidValue,
                $"'{key.Value}' belongs to random sampling; {type} sampling has no such field (azure-ai-ml refuses it too).", path, key);
        }
        return fields.Count > 0;
    }
}
