using System.Text;
using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// Binds a command line: <c>${{inputs.x}}</c> and <c>${{outputs.y}}</c> become values and paths; an optional
/// <c>$[[…]]</c> segment is kept (without its brackets) when every input it names has a value, and dropped otherwise.
/// Paths (data inputs and outputs) are quoted for the shell where they land (a workspace or file path may hold spaces
/// or quotes); literal values go in as the text Azure ML substitutes, unquoted.
/// </summary>
internal static partial class CommandBinder
{
    // Expressions are found by the validator's ExpressionScanner, so the binder binds exactly what validation checked.

    [GeneratedRegex(@"\$\[\[(.*?)\]\]", RegexOptions.Singleline)]
    private static partial Regex OptionalSegment();

    /// <summary>Binds <paramref name="command"/>; unknown references become error diagnostics (the command is then null).</summary>
    /// <param name="command">The command as written.</param>
    /// <param name="inputs">Input name → value (absent: an optional input without a value).</param>
    /// <param name="outputs">Output name → path.</param>
    /// <param name="declaredInputs">Every declared input name (given or not).</param>
    /// <param name="unresolvedInputs">Inputs already reported as unusable: not reported again here.</param>
    /// <param name="pathInputs">Inputs whose value is a path (quoted for the shell, like every output).</param>
    public static (string? Command, IReadOnlyList<Diagnostic> Diagnostics) Bind(
        string command, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> outputs, IReadOnlySet<string> declaredInputs,
        IReadOnlySet<string>? unresolvedInputs = null, IReadOnlySet<string>? pathInputs = null)
    {
        var diagnostics = new List<Diagnostic>();
        var withSegments = OptionalSegment().Replace(command, segment =>
        {
            var inner = segment.Groups[1].Value;
            foreach (var reference in ExpressionScanner.Locate(inner))
            {
                if (reference.Token.Root == "inputs" && !inputs.ContainsKey(reference.Token.Rest)) return "";
            }
            return inner;
        });
        var quoting = QuoteStates(withSegments);
        var bound = new StringBuilder(withSegments.Length);
        var copied = 0;
        foreach (var reference in ExpressionScanner.Locate(withSegments))
        {
            bound.Append(withSegments, copied, reference.Index - copied);
            bound.Append(BindOne(reference, withSegments.Substring(reference.Index, reference.Length)));
            copied = reference.Index + reference.Length;
        }
        bound.Append(withSegments, copied, withSegments.Length - copied);
        return (diagnostics.Count == 0 ? bound.ToString() : null, diagnostics);

        string BindOne(LocatedExpression reference, string written)
        {
            var (scope, name) = (reference.Token.Root, reference.Token.Rest);
            if (scope == "inputs" && inputs.TryGetValue(name, out var value))
            {
                return pathInputs?.Contains(name) == true ? QuotePath(value, quoting[reference.Index]) : value;
            }
            if (scope == "outputs" && outputs.TryGetValue(name, out var path)) return QuotePath(path, quoting[reference.Index]);
            if (scope == "inputs" && unresolvedInputs?.Contains(name) == true) return written;
            var message = scope switch
            {
                _ when name.Length == 0 => CannotBind(),
                "inputs" when declaredInputs.Contains(name) =>
                    $"The command uses input '{name}', which has no value; give it a value or wrap its part of the command in $[[ ]] to make it optional.",
                "inputs" => $"The command uses {Named("input", name)}, which the job does not declare.",
                "outputs" => $"The command uses {Named("output", name)}, which the job does not declare.",
                _ => CannotBind(),
            };
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.UnboundReference, DiagnosticSeverity.Error, message, "command"));
            return written;

            string CannotBind() =>
                $"The command uses {NameRules.QuoteExpression(reference.Token, "an expression")}, which the local backend cannot bind (only inputs.<name> and outputs.<name>).";
        }
    }

    /// <summary>A port as a message names it: quoted when it is a plain name (a scanned expression may hold any text).</summary>
    private static string Named(string kind, string name) =>
        NameRules.IsQuotable(name) ? $"{kind} '{name}'" : $"an {kind} whose name is not a plain name";

    /// <summary>
    /// A path as shell text at a place in the command: outside quotes, single-quoted (<c>'\''</c> for a quote) unless
    /// it needs none; inside single quotes, with each quote closed and escaped; inside double quotes, with
    /// <c>\ " $ `</c> escaped. So <c>cat ${{inputs.x}}</c> and <c>"${{outputs.y}}/m.bin"</c> both stay one word.
    /// </summary>
    internal static string QuotePath(string path, char quote) => quote switch
    {
        '\'' => path.Replace("'", "'\\''", StringComparison.Ordinal),
        '"' => SpecialInDoubleQuotes().Replace(path, @"\$0"),
        _ when SafeWord().IsMatch(path) => path,
        _ => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'",
    };

    /// <summary>The quote in force before each character of a shell command: <c>'</c>, <c>"</c> or <c>\0</c> (none).</summary>
    internal static char[] QuoteStates(string command)
    {
        var states = new char[command.Length + 1];
        var state = '\0';
        for (var i = 0; i < command.Length; i++)
        {
            states[i] = state;
            var c = command[i];
            if (state == '\'')
            {
                if (c == '\'') state = '\0';
            }
            else if (c == '\\' && i + 1 < command.Length)
            {
                states[++i] = state;
            }
            else if (c == '"') state = state == '"' ? '\0' : '"';
            else if (c == '\'' && state == '\0') state = '\'';
        }
        states[command.Length] = state;
        return states;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_./:@%+=,\-]+\z")]
    private static partial Regex SafeWord();

    [GeneratedRegex(@"[\\""$`]")]
    private static partial Regex SpecialInDoubleQuotes();
}
