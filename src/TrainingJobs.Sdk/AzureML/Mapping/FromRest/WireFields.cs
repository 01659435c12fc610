using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>Typed wire fields whose value may not read: durations, maps with null entries, text maps.</summary>
internal static class WireFields
{
    /// <summary>An ISO-8601 duration; one that does not read is reported (TJ2013) and left out, the rest of the job is kept.</summary>
    public static TimeSpan? Duration(string? text, string path, RestReadContext context)
    {
        if (WireValues.TryDurationFromWire(text, out var value)) return value;
        context.Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, path,
            $"'{text}' is not an ISO-8601 duration the SDK can hold (such as PT2H30M, at most about 10675199 days); the field is left out of the definition.");
        return null;
    }

    /// <summary>A map without its null entries, each reported (TJ2013): there is nothing in them to read.</summary>
    public static Dictionary<string, T>? WithoutNulls<T>(Dictionary<string, T>? map, string path, string what, RestReadContext context) where T : class
    {
        if (map is null || map.Values.All(v => v is not null)) return map;
        foreach (var (name, _) in map.Where(e => e.Value is null))
        {
            context.NullEntry(DiagnosticPath.Append(path, name), what);
        }
        return map.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    /// <summary>A text map (tags, properties, environment variables); a null value reads as empty text.</summary>
    public static ValueMap<string> StringMap(Dictionary<string, string?>? map) =>
        map is null ? ValueMap<string>.Empty : ValueMap.From(map.Select(e => new KeyValuePair<string, string>(e.Key, e.Value ?? string.Empty)));
}
