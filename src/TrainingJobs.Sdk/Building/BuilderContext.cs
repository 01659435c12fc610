using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Building;

/// <summary>What assembling a definition found: builder-level diagnostics and the parts filled with placeholders.</summary>
internal sealed class BuilderContext
{
    /// <summary>Diagnostics only a builder can make (codes in <see cref="BuilderDiagnosticCodes"/>).</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>
    /// Paths where the builder put a placeholder because a required part was missing; validator findings under
    /// them are about the placeholder, not the user's job, and are dropped.
    /// </summary>
    public List<string> PlaceholderPaths { get; } = [];

    /// <summary>Adds an error.</summary>
    public void Error(string code, string message, string path) =>
        Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, path));

    /// <summary>
    /// Merges validator and builder findings: validator findings first (minus those under placeholders), then
    /// builder findings at paths the validator has not already flagged, so one problem is listed once. Errors
    /// come before warnings; the order is otherwise kept.
    /// </summary>
    public IReadOnlyList<Diagnostic> Merge(IReadOnlyList<Diagnostic> fromValidator)
    {
        var kept = fromValidator.Where(d => !PlaceholderPaths.Any(p => IsUnder(d.Path, p))).ToList();
        var flagged = kept.Where(d => d.IsError).Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        kept.AddRange(Diagnostics.Where(d => !flagged.Contains(d.Path)));
        return kept.Where(d => d.IsError).Concat(kept.Where(d => !d.IsError)).ToList();
    }

    private static bool IsUnder(string path, string prefix) =>
        path == prefix || path.StartsWith(prefix + ".", StringComparison.Ordinal);
}
