namespace TrainingJobs.Sdk.Validation;

/// <summary>Thrown by builders' <c>Build()</c> when a definition has errors; lists every problem at once.</summary>
public sealed class JobValidationException : Exception
{
    /// <summary>Creates the exception from the diagnostics found (warnings are kept for context).</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    public JobValidationException(IReadOnlyList<Diagnostic> diagnostics)
        : base(FormatMessage(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every diagnostic found, errors and warnings.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    private static string FormatMessage(IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.Where(d => d.IsError).ToList();
        return $"The job definition has {errors.Count} error(s):" + Environment.NewLine +
               string.Join(Environment.NewLine, errors.Select(e => "  " + e));
    }
}
