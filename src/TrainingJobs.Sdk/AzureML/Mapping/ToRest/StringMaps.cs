using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>Text maps (tags, properties, environment variables) in their two wire forms.</summary>
internal static class StringMaps
{
    /// <summary>The typed wire form: null for an empty map, so the field is left out.</summary>
    public static Dictionary<string, string?>? ToWire(ValueMap<string> map) =>
        map.IsEmpty ? null : map.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    /// <summary>The free-form wire form of a pipeline step.</summary>
    public static JsonObject ToJsonObject(ValueMap<string> map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map) obj[key] = value;
        return obj;
    }
}
