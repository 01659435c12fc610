using System.Text.Json;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// The user-editable table <c>environments.json</c> in the workspace: environment → local command prefix, e.g.
/// <c>{ "azureml:sklearn-env:3": "/opt/venvs/sk/bin/activate-and-run", "sklearn-env": "conda run -n sk" }</c>.
/// A job's command runs as <c>&lt;prefix&gt; &lt;command&gt;</c>. Keys are tried from the most to the least specific:
/// the reference as written, without <c>azureml:</c>, then the bare name (no version or label); an inline
/// environment is looked up by its name, then its image.
/// </summary>
internal sealed class EnvironmentTable
{
    private readonly Dictionary<string, string> _prefixes;

    private EnvironmentTable(Dictionary<string, string> prefixes) => _prefixes = prefixes;

    /// <summary>Reads the table; a missing file is an empty table.</summary>
    public static EnvironmentTable Load(string path)
    {
        if (!File.Exists(path)) return new EnvironmentTable(new Dictionary<string, string>(StringComparer.Ordinal));
        var entries = JsonSerializer.Deserialize(File.ReadAllText(path), LocalJsonContext.Default.DictionaryStringString)
                      ?? new Dictionary<string, string>();
        return new EnvironmentTable(new Dictionary<string, string>(entries, StringComparer.Ordinal));
    }

    /// <summary>Finds the prefix for an environment: (matched key, prefix), or null when it has no entry.</summary>
    public (string Key, string Prefix)? Find(JobEnvironment? environment)
    {
        foreach (var key in Candidates(environment))
        {
            if (_prefixes.TryGetValue(key, out var prefix)) return (key, prefix);
        }
        return null;
    }

    /// <summary>The text that names an environment in messages.</summary>
    public static string Describe(JobEnvironment? environment) => environment switch
    {
        EnvironmentReference reference => reference.Reference,
        InlineEnvironment inline => inline.Name ?? inline.Image ?? "(inline environment)",
        _ => "(none)",
    };

    private static IEnumerable<string> Candidates(JobEnvironment? environment)
    {
        if (environment is EnvironmentReference reference)
        {
            var text = reference.Reference;
            yield return text;
            var bare = text.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase) ? text["azureml:".Length..] : text;
            yield return bare;
            var cut = bare.IndexOfAny([':', '@']);
            if (cut > 0) yield return bare[..cut];
        }
        else if (environment is InlineEnvironment inline)
        {
            if (inline.Name is not null) yield return inline.Name;
            if (inline.Image is not null) yield return inline.Image;
        }
    }
}
