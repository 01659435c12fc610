using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>
/// Keeps a YAML subtree as a free-form JSON value, for fields the model does not type (resource properties,
/// extra distribution fields, inline conda specifications, search space entries in a form it does not model).
/// </summary>
internal static partial class FreeformFields
{
    /// <summary>Reads any subtree as a free-form value; reports one that JSON cannot hold.</summary>
    public static FreeformValue? ReadFreeform(this ReadingContext context, TreeNode node, string path)
    {
        try
        {
            return ToFreeform(node);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Text.Json.JsonException or ArgumentException)
        {
            context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' could not be kept as a free-form value: {ex.Message}");
            return null;
        }
    }

    /// <summary>Converts any YAML subtree to a free-form JSON value.</summary>
    private static FreeformValue ToFreeform(TreeNode node) => FreeformValue.FromNode(ToJson(node));

    private static JsonNode? ToJson(TreeNode node)
    {
        switch (node)
        {
            case TreeMapping mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Entries) obj[key.Value] = ToJson(value);
                return obj;
            case TreeSequence sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Items) array.Add(ToJson(item));
                return array;
            case TreeScalar scalar:
                var literal = ScalarResolver.Resolve(scalar);
                if (literal is not { } v) return null;
                // A number keeps its text where that is JSON (2.0 stays 2.0), so JSON written as YAML reads back unchanged.
                if ((v.Type == LiteralType.Integer || v.Type == LiteralType.Number) && scalar.Tag is null && JsonNumberText().IsMatch(scalar.Value))
                {
                    return JsonNode.Parse(scalar.Value);
                }
                if (v.Type == LiteralType.Integer) return JsonValue.Create(v.IntegerValue);
                if (v.Type == LiteralType.Number) return double.IsFinite(v.NumberValue) ? JsonValue.Create(v.NumberValue) : JsonValue.Create(scalar.Value);
                if (v.Type == LiteralType.Boolean) return JsonValue.Create(v.BooleanValue);
                return JsonValue.Create(v.StringValue);
            default:
                return null;
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumberText();
}
