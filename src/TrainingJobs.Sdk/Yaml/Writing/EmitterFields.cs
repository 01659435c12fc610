using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>
/// Writes a key with its value, or nothing when the value is absent (null, or an empty map or list), so that what the
/// writer leaves out reads back as the same unset field.
/// </summary>
internal static class EmitterFields
{
    /// <summary>Writes <paramref name="key"/> with text, when there is any.</summary>
    public static void OptionalText(this YamlEmitter e, string key, string? value)
    {
        if (value is null) return;
        e.Key(key);
        e.Text(value);
    }

    /// <summary>Writes <paramref name="key"/> with a whole number, when there is one.</summary>
    public static void OptionalInt(this YamlEmitter e, string key, long? value)
    {
        if (value is not { } v) return;
        e.Key(key);
        e.Integer(v);
    }

    /// <summary>Writes <paramref name="key"/> with a number, when there is one.</summary>
    public static void OptionalNumber(this YamlEmitter e, string key, double? value)
    {
        if (value is not { } v) return;
        e.Key(key);
        e.Number(v);
    }

    /// <summary>Writes <paramref name="key"/> with a boolean, when there is one.</summary>
    public static void OptionalBool(this YamlEmitter e, string key, bool? value)
    {
        if (value is not { } v) return;
        e.Key(key);
        e.Boolean(v);
    }

    /// <summary>Writes <paramref name="key"/> with a duration, when there is one.</summary>
    public static void OptionalDuration(this YamlEmitter e, string key, TimeSpan? value)
    {
        if (value is not { } v) return;
        e.Key(key);
        e.Duration(v);
    }

    /// <summary>Writes <paramref name="key"/> with a mapping of names to text, or nothing when the map is empty.</summary>
    public static void StringMap(this YamlEmitter e, string key, ValueMap<string> map) => e.Map(key, map, static (e, value) => e.Text(value));

    /// <summary>Writes <paramref name="key"/> with a mapping of names to values, or nothing when the map is empty.</summary>
    public static void Map<T>(this YamlEmitter e, string key, ValueMap<T> map, Action<YamlEmitter, T> writeValue)
    {
        if (map.IsEmpty) return;
        e.Key(key);
        e.MapBody(map, writeValue);
    }

    /// <summary>Writes a mapping of names to values (<c>{}</c> when the map is empty).</summary>
    public static void MapBody<T>(this YamlEmitter e, ValueMap<T> map, Action<YamlEmitter, T> writeValue)
    {
        e.BeginMap();
        foreach (var (name, value) in map)
        {
            e.Key(name);
            writeValue(e, value);
        }
        e.EndMap();
    }

    /// <summary>Writes <paramref name="key"/> with a list of text (on one line when every item is short), or nothing when it is empty.</summary>
    public static void StringList(this YamlEmitter e, string key, ValueList<string> list)
    {
        if (list.IsEmpty) return;
        e.Key(key);
        e.BeginSeq(flow: list.All(s => s.Length < 40));
        foreach (var item in list) e.Text(item);
        e.EndSeq();
    }
}
