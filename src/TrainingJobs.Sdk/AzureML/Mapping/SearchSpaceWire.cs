using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>
/// The wire form of a sweep search space, as azure-ai-ml sends it: each parameter is
/// <c>[type, [arguments]]</c>, e.g. <c>["uniform", [0.01, 0.1]]</c>, <c>["quniform", [1, 10, 1]]</c>,
/// <c>["randint", [5]]</c>, and a choice wraps its values once more: <c>["choice", [[16, 32, 64]]]</c>, where a
/// value may be an object of nested parameters and constants.
/// </summary>
internal static class SearchSpaceWire
{
    public static JsonObject ToWire(ValueMap<SearchSpaceParameter> space)
    {
        var wire = new JsonObject();
        foreach (var (name, parameter) in space) wire[name] = ToWire(parameter);
        return wire;
    }

    public static ValueMap<SearchSpaceParameter> FromWire(JsonNode? wire)
    {
        if (wire is not JsonObject entries) return ValueMap<SearchSpaceParameter>.Empty;
        return ValueMap.From(entries.Select(e => new KeyValuePair<string, SearchSpaceParameter>(e.Key, Parameter(e.Value))));
    }

    private static JsonNode? ToWire(SearchSpaceParameter parameter) => parameter switch
    {
        ChoiceParameter choice => new JsonArray("choice", new JsonArray(new JsonArray([.. choice.Values.Select(OptionToWire)]))),
        UniformParameter u => new JsonArray(u.TypeName, Numbers(u.MinValue, u.MaxValue, u.Q)),
        NormalParameter n => new JsonArray(n.TypeName, Numbers(n.Mu, n.Sigma, n.Q)),
        RandIntParameter r => new JsonArray("randint", new JsonArray(JsonValue.Create(r.Upper))),
        ConstantParameter c => WireValues.LiteralToJson(c.Value),
        UnrecognizedSearchSpaceParameter raw => raw.Value.ToNode(),
        _ => null,
    };

    private static JsonArray Numbers(double first, double second, double? q)
    {
        var array = new JsonArray(JsonValue.Create(first), JsonValue.Create(second));
        // Added as a node: the generic Add<T> would wrap any T by reflection (not trim- or AOT-safe).
        if (q is not null) array.Add((JsonNode)JsonValue.Create(q.Value));
        return array;
    }

    private static JsonNode? OptionToWire(ChoiceOption option)
    {
        if (option.Group is { } group)
        {
            var obj = new JsonObject();
            foreach (var (key, nested) in group) obj[key] = ToWire(nested);
            return obj;
        }
        return option.Value is { } value ? WireValues.LiteralToJson(value) : null;
    }

    private static SearchSpaceParameter Parameter(JsonNode? node)
    {
        if (node is JsonArray { Count: 2 } array && array[0] is JsonValue typeValue && typeValue.TryGetValue(out string? type)
            && array[1] is JsonArray arguments && Parse(type, arguments) is { } parsed)
        {
            return parsed;
        }
        return new UnrecognizedSearchSpaceParameter(FreeformValue.FromNode(node));
    }

    private static SearchSpaceParameter? Parse(string type, JsonArray arguments)
    {
        double? At(int index) => index < arguments.Count && arguments[index] is JsonValue v && v.TryGetValue(out double d) ? d : null;
        var q = type.StartsWith('q');
        var log = type.Contains("log", StringComparison.Ordinal);
        switch (type)
        {
            case "choice" when arguments.Count == 1 && arguments[0] is JsonArray values:
                var options = new List<ChoiceOption>();
                foreach (var value in values)
                {
                    if (value is JsonObject group)
                    {
                        options.Add(new ChoiceOption { Group = ValueMap.From(group.Select(e => new KeyValuePair<string, SearchSpaceParameter>(e.Key, GroupEntry(e.Value)))) });
                    }
                    else if (WireValues.LiteralFromJson(value) is { } literal)
                    {
                        options.Add(literal);
                    }
                    else
                    {
                        return null;
                    }
                }
                return new ChoiceParameter { Values = ValueList<ChoiceOption>.From(options) };
            case "randint" when arguments.Count == 1 && arguments[0] is JsonValue upper && upper.TryGetValue(out long bound):
                return new RandIntParameter(bound);
            case "uniform" or "loguniform" or "quniform" or "qloguniform" when At(0) is { } min && At(1) is { } max && (!q || At(2) is not null):
                return new UniformParameter { MinValue = min, MaxValue = max, Log = log, Q = q ? At(2) : null };
            case "normal" or "lognormal" or "qnormal" or "qlognormal" when At(0) is { } mu && At(1) is { } sigma && (!q || At(2) is not null):
                return new NormalParameter { Mu = mu, Sigma = sigma, Log = log, Q = q ? At(2) : null };
            default:
                return null;
        }
    }

    private static SearchSpaceParameter GroupEntry(JsonNode? node) =>
        node is JsonArray ? Parameter(node)
        : WireValues.LiteralFromJson(node) is { } constant ? new ConstantParameter(constant)
        : new UnrecognizedSearchSpaceParameter(FreeformValue.FromNode(node));
}
