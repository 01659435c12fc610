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

    /// <summary>The largest table read (1 MiB): a few hundred entries take a few KiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>
    /// Reads the table; a missing file is an empty table. It is read only when a job is submitted, so a broken
    /// table stops submits with a clear message and leaves every other verb working.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a JSON object of strings, not a regular file, or larger than <see cref="MaxBytes"/>; the message names the file and the problem.</exception>
    public static EnvironmentTable Load(string path)
    {
        if (!Path.Exists(path)) return new EnvironmentTable(new Dictionary<string, string>(StringComparer.Ordinal));
        try
        {
            var entries = JsonSerializer.Deserialize(IO.BoundedFile.ReadAllText(path, MaxBytes), LocalJsonContext.Default.DictionaryStringString)
                          ?? throw new JsonException("it is null, not an object.");
            return new EnvironmentTable(new Dictionary<string, string>(entries, StringComparer.Ordinal));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException(
                $"The workspace's environment table {path} cannot be used: {Reason(e)} It must be a JSON object that maps " +
                "environments to command prefixes, e.g. {\"azureml:sklearn-env:3\": \"conda run -n sk\"}; fix or delete it.", e);
        }
    }

    /// <summary>The problem in one line: System.Text.Json's messages say what it expected and where, without the .NET type names.</summary>
    private static string Reason(Exception e) => e switch
    {
        // A value of the wrong kind: System.Text.Json names the .NET type it wanted, which means nothing to a user.
        JsonException { Path: "$" } json when json.Message.Contains("could not be converted", StringComparison.Ordinal) =>
            "it is not a JSON object.",
        JsonException { Path: { } where, LineNumber: { } line } json when json.Message.Contains("could not be converted", StringComparison.Ordinal) =>
            $"the value at {where} (line {line + 1}) is not a string.",
        JsonException { LineNumber: { } line, BytePositionInLine: { } column } json =>
            $"invalid JSON at line {line + 1}, position {column + 1}: {FirstSentence(json.Message)}",
        _ => FirstSentence(e.Message),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        var sentence = (cut < 0 ? message : message[..(cut + 1)]).ReplaceLineEndings(" ");
        return sentence.EndsWith('.') ? sentence : sentence + ".";
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
