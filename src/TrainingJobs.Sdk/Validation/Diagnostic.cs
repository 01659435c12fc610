namespace TrainingJobs.Sdk.Validation;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Advice; the job can run as it is.</summary>
    Info = 0,

    /// <summary>The job can run, but something is likely wrong or hurts reproducibility or security.</summary>
    Warning = 1,

    /// <summary>The job cannot be submitted as it is.</summary>
    Error = 2,
}

/// <summary>Where in a file a diagnostic points (1-based line and column).</summary>
/// <param name="File">The file path, as the user gave it.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
public sealed record SourceLocation(string? File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// One problem found in a job definition: a stable code (<c>TJ</c> + 4 digits), a severity, a message and a
/// location — the path inside the definition (<c>jobs.train.inputs.lr</c>) and, for files, line and column.
/// </summary>
/// <param name="Code">The stable code, e.g. <c>TJ0003</c>.</param>
/// <param name="Severity">The severity.</param>
/// <param name="Message">What is wrong, in words a user can act on. Never contains secret values.</param>
/// <param name="Path">The dotted path inside the definition; empty for the whole job.</param>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, string Path)
{
    /// <summary>The file location, when the definition came from a file.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>Whether this is an error.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <inheritdoc />
    public override string ToString()
    {
        var severity = Severity.ToString().ToLowerInvariant();
        var where = Location is null ? (Path.Length == 0 ? "" : Path + ": ") : Location + ": ";
        return $"{where}{severity} {Code}: {Message}";
    }
}
