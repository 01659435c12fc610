using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Null-tolerant iteration: a definition built with <c>null!</c> maps or entries is checked, not crashed on.</summary>
internal static class Maps
{
    /// <summary>The entries of a map whose key and value are set; nothing for a null map.</summary>
    public static IEnumerable<(string Key, T Value)> Of<T>(ValueMap<T>? map) where T : class
    {
        if (map is null) yield break;
        foreach (var (key, value) in map)
        {
            if (key is not null && value is not null) yield return (key, value);
        }
    }

    /// <summary>The entries of a string map, keeping null values as empty strings so names are still checked.</summary>
    public static IEnumerable<(string Key, string Value)> OfText(ValueMap<string>? map)
    {
        if (map is null) yield break;
        foreach (var (key, value) in map)
        {
            if (key is not null) yield return (key, value ?? string.Empty);
        }
    }

    /// <summary>The items of a list, or nothing for a null list.</summary>
    public static IEnumerable<T> Items<T>(ValueList<T>? list) => list ?? Enumerable.Empty<T>();

    /// <summary>The keys of a map, or nothing for a null map.</summary>
    public static IEnumerable<string> Keys<T>(ValueMap<T>? map) => map is null ? [] : map.Keys.Where(k => k is not null);
}
