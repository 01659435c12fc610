using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>
/// The secret values a job receives (variables whose name or value <see cref="SecretScanner"/> calls secret, the
/// job's MLflow token among them), so that text the supervisor writes where others read it (the job's error message,
/// which quotes the job's log; the supervisor log) never carries them, whatever the job printed.
/// </summary>
internal sealed class SecretValues
{
    // Shorter values are not replaced: replacing "1" or "yes" everywhere would garble every message.
    private const int ShortestReplaced = 4;

    private readonly string[] _values;

    private SecretValues(string[] values) => _values = values;

    public static SecretValues None { get; } = new([]);

    /// <summary>The secrets among a job's environment variables.</summary>
    public static SecretValues Of(IEnumerable<KeyValuePair<string, string>> environment) => new(
        [.. environment.Where(v => v.Value.Length >= ShortestReplaced && (SecretScanner.IsSecretName(v.Key) || SecretScanner.Find(v.Value).Count > 0))
            .Select(v => v.Value).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)]);

    /// <summary>The text with every known secret value, and every secret the scanner recognises, redacted.</summary>
    public string Redact(string text)
    {
        foreach (var value in _values) text = text.Replace(value, SecretScanner.Redacted, StringComparison.Ordinal);
        return SecretScanner.Redact(text);
    }
}
