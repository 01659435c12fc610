namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>The search space distributions the model has a type for, and the near misses of their names (typos).</summary>
internal static class SearchTypeNames
{
    /// <summary>The distribution names the model has a type for.</summary>
    private static readonly HashSet<string> Modelled = new(StringComparer.Ordinal)
    {
        "choice", "randint", "uniform", "loguniform", "quniform", "qloguniform", "normal", "lognormal", "qnormal", "qlognormal",
    };

    /// <summary>
    /// The fields each distribution has besides <c>type</c>, as azure-ai-ml's search space schemas define them (one
    /// schema per distribution, so a field of another distribution is refused like an unknown one).
    /// </summary>
    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["choice"] = ["values"],
        ["randint"] = ["upper"],
        ["uniform"] = ["min_value", "max_value"],
        ["loguniform"] = ["min_value", "max_value"],
        ["quniform"] = ["min_value", "max_value", "q"],
        ["qloguniform"] = ["min_value", "max_value", "q"],
        ["normal"] = ["mu", "sigma"],
        ["lognormal"] = ["mu", "sigma"],
        ["qnormal"] = ["mu", "sigma", "q"],
        ["qlognormal"] = ["mu", "sigma", "q"],
    };

    /// <summary>The fields of the modelled distribution <paramref name="typeText"/> besides <c>type</c>; none for another name.</summary>
    public static IReadOnlyList<string> FieldsOf(string typeText) => Fields.TryGetValue(typeText, out var fields) ? fields : [];

    /// <summary>Whether the model has a type for the distribution <paramref name="typeText"/> (lower case).</summary>
    public static bool IsModelled(string typeText) => Modelled.Contains(typeText);

    /// <summary>The modelled type within two edits of <paramref name="typeText"/>, if any.</summary>
    public static string? Closest(string typeText) =>
        Modelled.FirstOrDefault(known => EditDistance(known, typeText) <= 2);

    /// <summary>The Levenshtein distance: insertions, deletions and substitutions, one each.</summary>
    public static int EditDistance(string a, string b)
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
}
