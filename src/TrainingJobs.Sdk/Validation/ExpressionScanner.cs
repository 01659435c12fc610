using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>One <c>${{…}}</c> expression (or legacy <c>{inputs.x}</c> placeholder) found in a text.</summary>
internal readonly record struct ExpressionToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="content">The text between the delimiters, trimmed.</param>
    /// <param name="isLegacy">Whether it was written in the legacy single-brace form without <c>$</c>.</param>
    /// <param name="inOptionalSegment">Whether it sits inside a <c>$[[…]]</c> optional segment.</param>
    public ExpressionToken(string content, bool isLegacy, bool inOptionalSegment)
    {
        Content = content;
        IsLegacy = isLegacy;
        InOptionalSegment = inOptionalSegment;
        var dot = content.IndexOf('.');
        Root = dot >= 0 ? content[..dot] : content;
        Rest = dot >= 0 ? content[(dot + 1)..] : string.Empty;
    }

    /// <summary>The text between the delimiters, trimmed.</summary>
    public string Content { get; }

    /// <summary>Whether it was written in the legacy single-brace form without <c>$</c>.</summary>
    public bool IsLegacy { get; }

    /// <summary>Whether it sits inside a <c>$[[…]]</c> optional segment.</summary>
    public bool InOptionalSegment { get; }

    /// <summary>The first dotted part (<c>inputs</c>, <c>outputs</c>, <c>parent</c>, …).</summary>
    public string Root { get; }

    /// <summary>What follows the first dot, or an empty string.</summary>
    public string Rest { get; }

    /// <summary>The expression as written, for messages.</summary>
    public string Display => IsLegacy ? "{" + Content + "}" : "${{" + Content + "}}";
}

/// <summary>The expressions of a text and the ways it is malformed.</summary>
/// <param name="Tokens">The expressions, in order.</param>
/// <param name="Problems">Messages describing malformed parts (unclosed or empty expressions, unbalanced segments).</param>
internal sealed record ExpressionScan(IReadOnlyList<ExpressionToken> Tokens, IReadOnlyList<string> Problems)
{
    public static ExpressionScan Empty { get; } = new([], []);
}

/// <summary>An expression and the span of text it was written in.</summary>
/// <param name="Index">Where <c>${{</c> starts.</param>
/// <param name="Length">The length up to and including <c>}}</c>.</param>
/// <param name="Token">The expression (<see cref="ExpressionToken.InOptionalSegment"/> is not computed here).</param>
internal readonly record struct LocatedExpression(int Index, int Length, ExpressionToken Token);

/// <summary>Finds <c>${{…}}</c> expressions, legacy <c>{inputs.x}</c> placeholders and <c>$[[…]]</c> optional segments.</summary>
internal static partial class ExpressionScanner
{
    /// <summary>Whether <paramref name="text"/> holds anything the scanner looks at, so most texts cost one search.</summary>
    public static bool MayContainExpressions(string? text) =>
        text is not null && (text.Contains("${{", StringComparison.Ordinal) || text.Contains("$[[", StringComparison.Ordinal) ||
                             text.Contains('{', StringComparison.Ordinal));

    /// <summary>Scans a text.</summary>
    /// <param name="text">The text (a command, an input value, an output path).</param>
    /// <param name="includeLegacy">Whether to report legacy single-brace placeholders (commands only).</param>
    public static ExpressionScan Scan(string? text, bool includeLegacy)
    {
        if (!MayContainExpressions(text)) return ExpressionScan.Empty;
        var source = text!;
        var tokens = new List<ExpressionToken>();
        var problems = new List<string>();
        var segments = OptionalSegments(source, problems);

        var covered = 0;
        foreach (Match match in Expression().Matches(source))
        {
            // "${{" between the previous expression and this one never closed before this one started.
            ReportUnclosed(source, covered, match.Index, problems);
            covered = match.Index + match.Length;
            var content = match.Groups["body"].Value.Trim();
            if (content.Length == 0)
            {
                problems.Add("An empty '${{}}' expression names nothing.");
                continue;
            }
            tokens.Add(new ExpressionToken(content, isLegacy: false, Inside(segments, match.Index)));
        }
        ReportUnclosed(source, covered, source.Length, problems);

        if (includeLegacy)
        {
            foreach (Match match in LegacyPlaceholder().Matches(source))
            {
                tokens.Add(new ExpressionToken(match.Groups["body"].Value, isLegacy: true, Inside(segments, match.Index)));
            }
        }
        return new ExpressionScan(tokens, problems);
    }

    /// <summary>
    /// The well-formed <c>${{…}}</c> expressions of <paramref name="text"/> with where each stands, for code that
    /// replaces them (the local command binder); the same grammar as <see cref="Scan"/>, without the legacy form.
    /// An empty <c>${{}}</c> is not an expression and is left out.
    /// </summary>
    /// <param name="text">The text (a command).</param>
    public static IReadOnlyList<LocatedExpression> Locate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("${{", StringComparison.Ordinal)) return [];
        var located = new List<LocatedExpression>();
        foreach (Match match in Expression().Matches(text))
        {
            var content = match.Groups["body"].Value.Trim();
            if (content.Length > 0) located.Add(new LocatedExpression(match.Index, match.Length, new ExpressionToken(content, isLegacy: false, inOptionalSegment: false)));
        }
        return located;
    }

    private static void ReportUnclosed(string source, int from, int to, List<string> problems)
    {
        if (to > from && source.AsSpan(from, to - from).IndexOf("${{", StringComparison.Ordinal) >= 0)
        {
            problems.Add("A '${{' is never closed with '}}'.");
        }
    }

    private static List<(int Start, int End)> OptionalSegments(string source, List<string> problems)
    {
        var segments = new List<(int, int)>();
        if (!source.Contains("$[[", StringComparison.Ordinal)) return segments;
        var open = new Stack<int>();
        for (var i = 0; i < source.Length - 1; i++)
        {
            if (source[i] == '$' && i + 2 < source.Length && source[i + 1] == '[' && source[i + 2] == '[')
            {
                open.Push(i);
                i += 2;
            }
            else if (source[i] == ']' && source[i + 1] == ']' && open.Count > 0)
            {
                segments.Add((open.Pop(), i + 1));
                i += 1;
            }
        }
        if (open.Count > 0) problems.Add("A '$[[' optional segment is never closed with ']]'.");
        return segments;
    }

    private static bool Inside(List<(int Start, int End)> segments, int index)
    {
        foreach (var (start, end) in segments)
        {
            if (index > start && index < end) return true;
        }
        return false;
    }

    // Lazy body up to the first "}}": nested braces are not part of the expression grammar.
    [GeneratedRegex(@"\$\{\{(?<body>[^{}]*?)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Expression();

    // {inputs.x} / {outputs.x} / {search_space.x} not preceded by '$' or '{' (which would make it ${...} or part of ${{...}}).
    [GeneratedRegex(@"(?<![\$\{])\{(?<body>(?:inputs|outputs|search_space)\.[A-Za-z0-9_.\-]+)\}(?!\})", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyPlaceholder();
}
