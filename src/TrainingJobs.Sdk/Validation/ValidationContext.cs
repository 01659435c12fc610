namespace TrainingJobs.Sdk.Validation;

/// <summary>Collects the diagnostics of one validation run and tracks how deep the walk is.</summary>
internal sealed class ValidationContext
{
    /// <summary>How many nested jobs (steps, components, trials) the validator enters before it stops.</summary>
    /// <remarks>Real pipelines nest a handful of levels; the bound keeps a pathological definition from exhausting the stack.</remarks>
    public const int MaxDepth = 48;

    private readonly List<Diagnostic> _found = [];

    /// <summary>The current nesting depth (0 for the job being validated).</summary>
    public int Depth { get; private set; }

    /// <summary>Adds a diagnostic; the severity comes from the catalog so a code always has the same one.</summary>
    public void Report(string code, string message, string path) =>
        _found.Add(new Diagnostic(code, ValidationCodes.SeverityOf(code), message, path));

    /// <summary>Adds a diagnostic made by a rule shared with another face (<see cref="RequiredFields"/>).</summary>
    public void Add(Diagnostic diagnostic) => _found.Add(diagnostic);

    /// <summary>Runs <paramref name="check"/> one level deeper, or reports <see cref="ValidationCodes.NestingTooDeep"/>.</summary>
    public void Descend(string path, Action check)
    {
        if (Depth >= MaxDepth)
        {
            Report(ValidationCodes.NestingTooDeep,
                $"The definition nests more than {MaxDepth} levels of steps, components or trials here; this part was not checked.", path);
            return;
        }
        Depth++;
        try
        {
            Guarded(path, check);
        }
        finally
        {
            Depth--;
        }
    }

    /// <summary>
    /// Runs <paramref name="check"/> and turns an unexpected failure into a diagnostic, so that validation never throws
    /// for content. Only the exception type is reported: its message could quote the definition, secrets included.
    /// </summary>
    public void Guarded(string path, Action check)
    {
        try
        {
            check();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not InsufficientExecutionStackException)
        {
            Report(ValidationCodes.ValidatorFault,
                $"The validator could not check this part of the definition ({ex.GetType().Name}); please report it.", path);
        }
    }

    /// <summary>The diagnostics found: errors first, then warnings, then advice, each group in the order found.</summary>
    public IReadOnlyList<Diagnostic> Results() =>
        _found.OrderByDescending(d => d.Severity).ToArray();
}
