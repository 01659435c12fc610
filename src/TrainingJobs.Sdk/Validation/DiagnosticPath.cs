using System.Text;

namespace TrainingJobs.Sdk.Validation;

/// <summary>
/// Builds the location a diagnostic names inside a definition (<see cref="Diagnostic.Path"/>), the one helper every
/// face uses (YAML reader, REST face, validator, builders, local backend), so a path means the same everywhere and the
/// YAML source map finds what the validator reports: <c>jobs.train.inputs.lr</c>, <c>search_space.lr</c>,
/// <c>command[0]</c>. A key that is not a plain segment (it holds <c>.</c>, <c>[</c>, <c>]</c>, <c>'</c> or white
/// space, or is empty) is quoted as JSONPath quotes it, <c>inputs['learning.rate']</c>, so a dotted port name
/// (a parameter group) cannot be read as nesting.
/// </summary>
internal static class DiagnosticPath
{
    /// <summary>The path of the whole definition.</summary>
    public const string Root = "";

    /// <summary>Appends one mapping key (a field or a user's name), quoted when it is not a plain segment.</summary>
    /// <param name="path">The parent path (<see cref="Root"/> for the definition).</param>
    /// <param name="key">The key, as written.</param>
    public static string Append(string path, string key)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(key);
        if (!IsPlain(key)) return path + Quote(key);
        return path.Length == 0 ? key : path + "." + key;
    }

    /// <summary>Appends a field and then a user's key under it: <c>Append(path, "inputs", name)</c>.</summary>
    public static string Append(string path, string field, string key) => Append(Append(path, field), key);

    /// <summary>
    /// Appends a dotted path of fields the code itself names (<c>limits.timeout</c>), segment by segment; never
    /// quoted, so it must not hold a user's name (use <see cref="Append(string, string)"/> for those).
    /// </summary>
    public static string Field(string path, string fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var segment in fields.Split('.')) path = Append(path, segment);
        return path;
    }

    /// <summary>Appends a sequence index: <c>command[2]</c>.</summary>
    public static string Index(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>Whether <paramref name="key"/> is written as it is (otherwise it is quoted).</summary>
    public static bool IsPlain(string key)
    {
        if (key.Length == 0) return false;
        foreach (var c in key)
        {
            if (c is '.' or '[' or ']' or '\'' or '\\' || char.IsWhiteSpace(c)) return false;
        }
        return true;
    }

    /// <summary>
    /// The path one segment up (<c>inputs['a.b']</c> → <c>inputs</c>, <c>command[0]</c> → <c>command</c>), or
    /// <see cref="Root"/>; a dot or bracket inside a quoted key is not a separator.
    /// </summary>
    public static string Parent(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var cut = -1;
        var quoted = false;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '\'' && i + 1 < path.Length && path[i + 1] == ']') quoted = false;
                continue;
            }
            if (c == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                cut = i;
                quoted = true;
            }
            else if (c is '.' or '[') cut = i;
        }
        return cut < 0 ? Root : path[..cut];
    }

    /// <summary>
    /// Reads a System.Text.Json path (<c>$.properties.limits['x.y'][0]</c>) as a definition path
    /// (<c>properties.limits['x.y'][0]</c>), so a payload's read error names its field like every other diagnostic.
    /// </summary>
    public static string FromJsonPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$") return Root;
        var path = Root;
        var i = jsonPath[0] == '$' ? 1 : 0;
        while (i < jsonPath.Length)
        {
            if (jsonPath[i] == '.')
            {
                var end = i + 1;
                while (end < jsonPath.Length && jsonPath[end] is not ('.' or '[')) end++;
                path = Append(path, jsonPath[(i + 1)..end]);
                i = end;
            }
            else if (jsonPath[i] == '[' && i + 1 < jsonPath.Length && jsonPath[i + 1] == '\'')
            {
                var key = new StringBuilder();
                var j = i + 2;
                for (; j < jsonPath.Length && !(jsonPath[j] == '\'' && j + 1 < jsonPath.Length && jsonPath[j + 1] == ']'); j++)
                {
                    if (jsonPath[j] == '\\' && j + 1 < jsonPath.Length) j++;
                    key.Append(jsonPath[j]);
                }
                path = Append(path, key.ToString());
                i = j + 2;
            }
            else if (jsonPath[i] == '[')
            {
                var end = jsonPath.IndexOf(']', i);
                if (end < 0) end = jsonPath.Length;
                path += jsonPath[i..Math.Min(end + 1, jsonPath.Length)];
                i = end + 1;
            }
            else
            {
                // Not a form System.Text.Json writes: keep the rest as one key rather than guess.
                return Append(path, jsonPath[i..]);
            }
        }
        return path;
    }

    private static string Quote(string key) =>
        "['" + key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
}
