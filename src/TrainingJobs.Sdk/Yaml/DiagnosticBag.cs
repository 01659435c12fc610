using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>Collects diagnostics while a document is read.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>The diagnostics so far, in the order found.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>Whether any error was reported.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>Adds an error.</summary>
    public void Error(string code, string message, string path, SourceLocation? location) =>
        Add(new Diagnostic(code, DiagnosticSeverity.Error, message, path) { Location = location });

    /// <summary>Adds a warning.</summary>
    public void Warning(string code, string message, string path, SourceLocation? location) =>
        Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, path) { Location = location });

    /// <summary>Adds a diagnostic.</summary>
    public void Add(Diagnostic diagnostic)
    {
        _items.Add(diagnostic);
        if (diagnostic.IsError) HasErrors = true;
    }
}
