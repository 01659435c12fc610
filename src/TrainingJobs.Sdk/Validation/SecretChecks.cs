namespace TrainingJobs.Sdk.Validation;

/// <summary>Turns secrets found in a field into warnings that name the kind of secret and never quote it.</summary>
internal static class SecretChecks
{
    private const string Advice =
        " Anything written in a job definition is stored with the job and readable by everyone who can read the job; " +
        "give the job a managed identity, or read the secret at run time from Key Vault or a workspace connection.";

    /// <summary>Reports every kind of secret in <paramref name="text"/> with <paramref name="code"/>.</summary>
    /// <param name="text">The text to scan.</param>
    /// <param name="code">The code to report.</param>
    /// <param name="where">What holds the text, in words that start a sentence ("The command").</param>
    /// <param name="path">The path of the field.</param>
    /// <param name="context">The run.</param>
    public static void Scan(string? text, string code, string where, string path, ValidationContext context)
    {
        foreach (var kind in SecretScanner.Find(text))
        {
            context.Report(code, $"{where} contains {SecretScanner.Describe(kind)}." + Advice, path);
        }
    }
}
