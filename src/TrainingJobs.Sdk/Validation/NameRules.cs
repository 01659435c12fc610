using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>The Azure ML naming rules the validator checks.</summary>
internal static partial class NameRules
{
    /// <summary>Job names: a letter or digit, then up to 254 letters, digits, dashes or underscores.</summary>
    public static bool IsValidJobName(string name) => JobName().IsMatch(name);

    /// <summary>
    /// Step names: what azure-ai-ml accepts for pipeline nodes, a lower-case Python identifier
    /// (<c>^[a-z_][a-z0-9_]*$</c>), at most 255 characters.
    /// </summary>
    public static bool IsValidStepName(string name) => name.Length <= 255 && StepName().IsMatch(name);

    /// <summary>
    /// Input, output and search-space names: identifiers (letters, digits, underscores; not starting with a digit),
    /// optionally dotted for parameter groups (<c>component_in_group.sub1.integer</c>), as azure-ai-ml's IO key rule.
    /// </summary>
    public static bool IsValidPortName(string name) => name.Length <= 255 && PortName().IsMatch(name);

    /// <summary>
    /// Input and output names the local backend can run: a valid <see cref="IsValidPortName">port name</see> without
    /// dots. The local backend passes each port to the command as <c>AZURE_ML_INPUT_&lt;name&gt;</c> /
    /// <c>AZURE_ML_OUTPUT_&lt;name&gt;</c>, and a POSIX shell (<c>dash</c>) drops variables whose names are not
    /// identifiers, so a dotted name would reach the script without its variable.
    /// </summary>
    public static bool IsValidLocalPortName(string name) => IsValidUndottedPortName(name);

    /// <summary>
    /// A valid <see cref="IsValidPortName">port name</see> without dots: azure-ai-ml's key rule
    /// (<c>validate_key_contains_allowed_characters</c>), which it applies to a command or sweep job's inputs and to every
    /// job's outputs when it sends the job; only a pipeline job's own inputs, steps and components take dotted
    /// (parameter group) names.
    /// </summary>
    public static bool IsValidUndottedPortName(string name) => IsValidPortName(name) && !name.Contains('.', StringComparison.Ordinal);

    /// <summary>
    /// The name an output is registered under as a data or model asset (<c>outputs.&lt;port&gt;.name</c>): letters, digits,
    /// '-' and '_', at most 255 characters. azure-ai-ml's <c>Output</c> refuses any other name when it loads the file
    /// (<c>_assert_name_and_version</c>); it takes an empty name as no name, and so do the callers.
    /// </summary>
    public static bool IsValidOutputAssetName(string name) => OutputAssetName().IsMatch(name);

    /// <summary>Whether a fragment of user text may be quoted in a message (short, a plain name, nothing secret-shaped).</summary>
    public static bool IsQuotable(string text) => text.Length <= 80 && Quotable().IsMatch(text);

    /// <summary>Quotes <paramref name="text"/> when it is safe to show, else describes it without its content.</summary>
    public static string Quote(string? text, string otherwise = "the given value") =>
        text is not null && IsQuotable(text) ? "'" + text + "'" : otherwise;

    /// <summary>Shows an expression as written when its content is a plain dotted name, else <paramref name="otherwise"/>.</summary>
    public static string QuoteExpression(ExpressionToken token, string otherwise) =>
        IsQuotable(token.Content) ? "'" + token.Display + "'" : otherwise;

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}\z", RegexOptions.CultureInvariant)]
    private static partial Regex JobName();

    [GeneratedRegex(@"^[-_0-9A-Za-z]{1,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex OutputAssetName();

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex StepName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PortName();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-\[\] ]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Quotable();
}
