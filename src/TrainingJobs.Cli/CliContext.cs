namespace TrainingJobs.Cli;

/// <summary>What a verb may touch: where it writes, and the process environment it reads settings from.</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error)
{
    /// <summary>Reads an environment variable (tests may replace this).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Whether standard error is a terminal (then long verbs show progress on it).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The working folder that relative paths resolve against.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();
}
