using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a sweep's <c>sampling_algorithm</c>: the shorthand (<c>random</c>) or a mapping with a <c>type</c>.</summary>
internal static class SamplingReader
{
    /// <summary>Reads the sampling algorithm; null (reported) when its type is missing or unknown.</summary>
    public static SamplingAlgorithm? Read(TreeNode node, string path, ReadingContext context)
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
            context.ForEach(mapping, path, "sampling fields", (key, value, childPath) =>
            {
                switch (key.Value)
                {
                    case "type":
                        break;
                    case "seed":
                        seed = context.ReadInt(value, childPath);
                        break;
                    case "rule":
                        rule = context.ReadString(value, childPath);
                        break;
                    case "logbase":
                        logBase = context.ReadString(value, childPath);
                        break;
                    default:
                        context.UnknownKey(key, childPath, "sampling_algorithm");
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
                return new GridSamplingAlgorithm();
            case "bayesian":
                return new BayesianSamplingAlgorithm();
            default:
                context.Error(YamlDiagnosticCodes.InvalidValue,
                    $"Sampling algorithm '{typeText}' is not known; use random, grid or bayesian.", path, typeAt);
                return null;
        }
    }
}
