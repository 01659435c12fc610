using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

internal sealed partial class JobYamlReader
{
    /// <summary>The distribution names the model has a type for.</summary>
    private static readonly HashSet<string> ModelledSearchTypes = new(StringComparer.Ordinal)
    {
        "choice", "randint", "uniform", "loguniform", "quniform", "qloguniform", "normal", "lognormal", "qnormal", "qlognormal",
    };

    private SearchSpaceParameter? ReadSearchParameter(TreeNode node, string path)
    {
        var typeNode = (node as TreeMapping)?.Get("type");
        var typeText = typeNode is TreeScalar { IsNull: false } t ? t.Value.Trim().ToLowerInvariant() : null;
        if (typeText is not null && !ModelledSearchTypes.Contains(typeText) && ClosestSearchType(typeText) is { } meant)
        {
            // A near miss of a known name is a typo, not a newer form the service may know: stop it here.
            _diagnostics.Error(YamlDiagnosticCodes.InvalidValue,
                $"Search space parameter '{LastSegment(path)}' has type '{typeText}'; did you mean '{meant}'?", path, Loc(typeNode!));
            return null;
        }
        if (node is not TreeMapping mapping || typeText is null || !ModelledSearchTypes.Contains(typeText))
        {
            return ReadUnrecognizedSearchParameter(node, path, typeText is null ? node : typeNode!);
        }
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        ChoiceParameter? choice = null;
        long? upper = null;
        ForEach(mapping, path, "parameter fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "values" when typeText == "choice":
                    choice = new ChoiceParameter { Values = ReadChoiceValues(value, childPath) };
                    break;
                case "upper" when typeText == "randint":
                    upper = ReadLong(value, childPath);
                    break;
                case "min_value" or "max_value" or "mu" or "sigma" or "q":
                    if (ReadDouble(value, childPath) is { } d) numbers[key.Value] = d;
                    break;
                default:
                    UnknownKey(key, childPath, $"a search space parameter of type '{typeText}'");
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
                _diagnostics.Error(YamlDiagnosticCodes.MissingKey, $"A '{typeText}' parameter needs '{name}'.", path, Loc(node));
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
                _diagnostics.Error(YamlDiagnosticCodes.MissingKey, "A 'randint' parameter needs 'upper'.", path, Loc(node));
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

    /// <summary>The modelled type within two edits of <paramref name="typeText"/>, if any.</summary>
    private static string? ClosestSearchType(string typeText) =>
        ModelledSearchTypes.FirstOrDefault(known => EditDistance(known, typeText) <= 2);

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>
    /// Keeps an entry whose form the model has no type for (for example one the service wrote in a newer form, saved
    /// from a job read over REST) as its JSON, so that it is sent back unchanged; a warning says so.
    /// </summary>
    private UnrecognizedSearchSpaceParameter? ReadUnrecognizedSearchParameter(TreeNode node, string path, TreeNode at)
    {
        if (ReadFreeform(node, path) is not { } raw) return null;
        _diagnostics.Warning(YamlDiagnosticCodes.UnrecognizedSearchSpaceEntry,
            $"Search space parameter '{LastSegment(path)}' is not in a form the SDK models (a mapping whose 'type' is choice, randint, uniform, " +
            "loguniform, normal, lognormal or a q form of these); it is kept as written and sent unchanged.",
            path, Loc(at));
        return new UnrecognizedSearchSpaceParameter(raw);
    }

    private ValueList<ChoiceOption> ReadChoiceValues(TreeNode node, string path)
    {
        if (node is not TreeSequence sequence)
        {
            WrongType(node, path, "'values' must be a list");
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
                    else WrongType(scalar, itemPath, "a choice value must not be null");
                    break;
                case TreeMapping group:
                    // A nested group: parameter name → parameter, or → a constant value.
                    var entries = new List<KeyValuePair<string, SearchSpaceParameter>>();
                    ForEach(group, itemPath, "nested parameters", (key, value, childPath) =>
                    {
                        if (value is TreeScalar constant && ScalarResolver.Resolve(constant) is { } c)
                        {
                            entries.Add(new(key.Value, new ConstantParameter(c)));
                        }
                        else if (ReadSearchParameter(value, childPath) is { } p)
                        {
                            entries.Add(new(key.Value, p));
                        }
                    });
                    options.Add(new ChoiceOption { Group = ValueMap<SearchSpaceParameter>.From(entries) });
                    break;
                default:
                    WrongType(sequence.Items[i], itemPath, "a choice value must be a value or a mapping of nested parameters");
                    break;
            }
        }
        return ValueList<ChoiceOption>.From(options);
    }
}
