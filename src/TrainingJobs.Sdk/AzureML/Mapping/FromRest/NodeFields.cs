using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>Fields of a pipeline step's free-form JSON node: text, text maps, and snake_case objects read as wire models.</summary>
internal static class NodeFields
{
    /// <summary>Reads a snake_case step field as its wire model; one that does not read is reported (TJ2013) and left out.</summary>
    public static T? Read<T>(JsonNode? snake, string path, RestReadContext context, params string[] opaque) where T : class
    {
        if (snake is null) return null;
        try
        {
            if (JsonKeys.ToCamel(snake, opaque).Deserialize(RestJson.TypeInfo<T>()) is { } read) return read;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            context.Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, path,
                $"The value {Shown(snake)} is not of the shape this field has ({RestReadErrors.UserTerms(e.Message)}); it is left out of the definition.");
            return null;
        }
        context.Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, path, $"The value {Shown(snake)} cannot be read; it is left out of the definition.");
        return null;
    }

    /// <summary>A JSON value as a diagnostic shows it: compact, cut at 80 characters.</summary>
    public static string Shown(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    /// <summary>The text at <paramref name="key"/>; null when absent or not a JSON string.</summary>
    public static string? Text(JsonObject node, string key) =>
        node[key] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    /// <summary>A text map; a value that is not a string keeps its JSON text.</summary>
    public static ValueMap<string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? ValueMap.From(map.Select(e => new KeyValuePair<string, string>(e.Key, e.Value is JsonValue v && v.TryGetValue(out string? s) ? s : e.Value?.ToJsonString() ?? string.Empty)))
            : ValueMap<string>.Empty;
}
