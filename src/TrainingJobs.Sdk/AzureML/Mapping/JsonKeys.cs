using System.Text;
using System.Text.Json.Nodes;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>
/// camelCase ↔ snake_case keys for the free-form pipeline-step objects, which azure-ai-ml writes with the
/// Python attribute names of the REST models (<c>process_count_per_instance</c>). Keys named in
/// <c>opaque</c> hold user maps (environment variables, properties) and are copied unchanged.
/// </summary>
internal static class JsonKeys
{
    public static JsonNode? ToSnake(JsonNode? node, params string[] opaque) => Rename(node, Snake, opaque);

    public static JsonNode? ToCamel(JsonNode? node, params string[] opaque) => Rename(node, Camel, opaque);

    private static JsonNode? Rename(JsonNode? node, Func<string, string> rename, string[] opaque)
    {
        if (node is not JsonObject obj) return node?.DeepClone();
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            var newKey = rename(key);
            result[newKey] = opaque.Contains(key) || opaque.Contains(newKey) ? value?.DeepClone() : Rename(value, rename, opaque);
        }
        return result;
    }

    public static string Snake(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                if (builder.Length > 0) builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    public static string Camel(string name)
    {
        if (!name.Contains('_', StringComparison.Ordinal)) return name;
        var builder = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_' && builder.Length > 0)
            {
                upper = true;
                continue;
            }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return builder.ToString();
    }
}
