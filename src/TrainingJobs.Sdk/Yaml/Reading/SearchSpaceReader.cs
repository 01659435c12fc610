using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads the entries of a sweep's <c>search_space</c>: modelled distributions, choices with nested groups, and forms kept as written.</summary>
internal static class SearchSpaceReader
{
    /// <summary>Reads one search space parameter; null (reported) when it cannot be read.</summary>
    public static SearchSpaceParameter? ReadParameter(TreeNode node, string path, ReadingContext context)
    {
        // azure-ai-ml reads each entry as a union of the distribution schemas, and a union refuses null.
        if (context.RefuseNull(node, path, $"Search space parameter '{ReadingContext.LastSegment(path)}'")) return null;
        var typeNode = (node as TreeMapping)?.Get("type");
        var typeText = typeNode is TreeScalar { IsNull: false } t ? t.Value.Trim().ToLowerInvariant() : null;
        if (typeText is not null && !SearchTypeNames.IsModelled(typeText) && SearchTypeNames.Closest(typeText) is { } meant)
        {
            // A near miss of a known name is a typo, not a newer form the service may know: stop it here.
            context.Error(YamlDiagnosticCodes.InvalidValue,
                $"Search space parameter '{ReadingContext.LastSegment(path)}' has type '{typeText}'; did you mean '{meant}'?", path, typeNode!);
            return null;
        }
        if (node is not TreeMapping mapping || typeText is null || !SearchTypeNames.IsModelled(typeText))
        {
            return ReadUnrecognized(node, path, typeText is null ? node : typeNode!, context);
        }
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        ChoiceParameter? choice = null;
        long? upper = null;
        context.ForEach(mapping, path, "parameter fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "values" when typeText == "choice":
                    choice = new ChoiceParameter { Values = ReadChoiceValues(value, childPath, context) };
                    break;
                case "upper" when typeText == "randint":
                    upper = context.ReadLong(value, childPath);
                    break;
                case "min_value" or "max_value" or "mu" or "sigma" or "q" when SearchTypeNames.FieldsOf(typeText).Contains(key.Value):
                    if (context.ReadDouble(value, childPath) is { } d) numbers[key.Value] = d;
                    break;
                default:
                    context.UnknownKeyInUnion(key, childPath, $"a search space parameter of type '{typeText}'", ["type", .. SearchTypeNames.FieldsOf(typeText)]);
                    break;
            }
        });
        double? Get(string name) => numbers.TryGetValue(name, out var v) ? v : null;
        // Reports the first missing field; the q forms also need 'q'.
        bool Has(params string[] names)
        {
            foreach (var name in typeText.StartsWith('q') ? [.. names, "q"] : names)
            {
                if (numbers.ContainsKey(name)) continue;
                context.Error(YamlDiagnosticCodes.MissingKey, $"A '{typeText}' parameter needs '{name}'.", path, node);
                return false;
            }
            return true;
        }
        switch (typeText)
        {
            case "choice":
                return choice ?? new ChoiceParameter();
            case "randint":
                if (upper is { } u) return new RandIntParameter(u);
                context.Error(YamlDiagnosticCodes.MissingKey, "A 'randint' parameter needs 'upper'.", path, node);
                return null;
            case "uniform" or "loguniform" or "quniform" or "qloguniform":
                if (!Has("min_value", "max_value")) return null;
                return new UniformParameter { MinValue = numbers["min_value"], MaxValue = numbers["max_value"], Log = typeText.Contains("log", StringComparison.Ordinal), Q = Get("q") };
            case "normal" or "lognormal" or "qnormal" or "qlognormal":
                if (!Has("mu", "sigma")) return null;
                return new NormalParameter { Mu = numbers["mu"], Sigma = numbers["sigma"], Log = typeText.Contains("log", StringComparison.Ordinal), Q = Get("q") };
            default:
                return null;
        }
    }

    /// <summary>
    /// Keeps an entry whose form the model has no type for (for example one the service wrote in a newer form, saved
    /// from a job read over REST) as its JSON, so that it is sent back unchanged; a warning says so.
    /// </summary>
    private static UnrecognizedSearchSpaceParameter? ReadUnrecognized(TreeNode node, string path, TreeNode at, ReadingContext context)
    {
        if (context.ReadFreeform(node, path) is not { } raw) return null;
        context.Warning(YamlDiagnosticCodes.UnrecognizedSearchSpaceEntry,
            $"Search space parameter '{ReadingContext.LastSegment(path)}' is not in a form the SDK models (a mapping whose 'type' is choice, randint, uniform, " +
            "loguniform, normal, lognormal or a q form of these); it is kept as written and sent unchanged.",
            path, at);
        return new UnrecognizedSearchSpaceParameter(raw);
    }

    private static ValueList<ChoiceOption> ReadChoiceValues(TreeNode node, string path, ReadingContext context)
    {
        if (node is not TreeSequence sequence)
        {
            context.WrongType(node, path, "'values' must be a list");
            return ValueList<ChoiceOption>.Empty;
        }
        var options = new List<ChoiceOption>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = DiagnosticPath.Index(path, i);
            switch (sequence.Items[i])
            {
                case TreeScalar scalar:
                    if (ScalarResolver.Resolve(scalar) is { } literal) options.Add(new ChoiceOption { Value = literal });
                    // azure-ai-ml's items are a union of number, text and mapping, none of which takes null.
                    else if (!context.RefuseNull(scalar, itemPath, $"Item {i} of 'values'"))
                        context.WrongType(scalar, itemPath, "a choice value must not be null");
                    break;
                case TreeMapping group:
                    // A nested group: parameter name → parameter, or → a constant value.
                    var entries = new List<KeyValuePair<string, SearchSpaceParameter>>();
                    context.ForEach(group, itemPath, "nested parameters", (key, value, childPath) =>
                    {
                        if (value is TreeScalar constant && ScalarResolver.Resolve(constant) is { } c)
                        {
                            entries.Add(new(key.Value, new ConstantParameter(c)));
                        }
                        else if (ReadParameter(value, childPath, context) is { } p)
                        {
                            entries.Add(new(key.Value, p));
                        }
                    });
                    options.Add(new ChoiceOption { Group = ValueMap<SearchSpaceParameter>.From(entries) });
                    break;
                default:
                    context.WrongType(sequence.Items[i], itemPath, "a choice value must be a value or a mapping of nested parameters");
                    break;
            }
        }
        return ValueList<ChoiceOption>.From(options);
    }
}
