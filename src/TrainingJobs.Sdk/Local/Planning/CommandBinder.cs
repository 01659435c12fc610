using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// Binds a command line: <c>${{inputs.x}}</c> and <c>${{outputs.y}}</c> become values and paths; an optional
/// <c>$[[…]]</c> segment is kept (without its brackets) when every input it names has a value, and dropped otherwise.
/// </summary>
internal static partial class CommandBinder
{
    [GeneratedRegex(@"\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Binding();

    [GeneratedRegex(@"\$\[\[(.*?)\]\]", RegexOptions.Singleline)]
    private static partial Regex OptionalSegment();

    /// <summary>Binds <paramref name="command"/>; unknown references become error diagnostics (the command is then null).</summary>
    /// <param name="command">The command as written.</param>
    /// <param name="inputs">Input name → value (absent: an optional input without a value).</param>
    /// <param name="outputs">Output name → path.</param>
    /// <param name="declaredInputs">Every declared input name (given or not).</param>
    /// <param name="unresolvedInputs">Inputs already reported as unusable: not reported again here.</param>
    public static (string? Command, IReadOnlyList<Diagnostic> Diagnostics) Bind(
        string command, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> outputs, IReadOnlySet<string> declaredInputs,
        IReadOnlySet<string>? unresolvedInputs = null)
    {
        var diagnostics = new List<Diagnostic>();
        var withSegments = OptionalSegment().Replace(command, segment =>
        {
            var inner = segment.Groups[1].Value;
            foreach (Match reference in Binding().Matches(inner))
            {
                if (reference.Groups[1].Value == "inputs" && !inputs.ContainsKey(reference.Groups[2].Value)) return "";
            }
            return inner;
        });
        var bound = Binding().Replace(withSegments, reference =>
        {
            var scope = reference.Groups[1].Value;
            var name = reference.Groups[2].Value;
            if (scope == "inputs" && inputs.TryGetValue(name, out var value)) return value;
            if (scope == "outputs" && outputs.TryGetValue(name, out var path)) return path;
            if (scope == "inputs" && unresolvedInputs?.Contains(name) == true) return reference.Value;
            var message = scope switch
            {
                "inputs" when declaredInputs.Contains(name) =>
                    $"The command uses input '{name}', which has no value; give it a value or wrap its part of the command in $[[ ]] to make it optional.",
                "inputs" => $"The command uses input '{name}', which the job does not declare.",
                "outputs" => $"The command uses output '{name}', which the job does not declare.",
                _ => $"The command uses '{reference.Value}', which the local backend cannot bind (only inputs and outputs).",
            };
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.UnboundReference, DiagnosticSeverity.Error, message, "command"));
            return reference.Value;
        });
        return (diagnostics.Count == 0 ? bound : null, diagnostics);
    }
}
