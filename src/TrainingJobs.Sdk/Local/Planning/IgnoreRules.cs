using System.Text;
using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// The rules of an <c>.amlignore</c> or <c>.gitignore</c> file (gitignore syntax: <c>#</c> comments, <c>!</c> negation,
/// trailing <c>/</c> for folders, leading or inner <c>/</c> anchors to the root, <c>*</c>, <c>?</c>, <c>**</c>, <c>[…]</c>).
/// The last matching rule wins, as in git.
/// </summary>
internal sealed record IgnoreRules
{
    private readonly List<Rule> _rules;

    private IgnoreRules(List<Rule> rules) => _rules = rules;

    /// <summary>No rules: nothing is ignored.</summary>
    public static IgnoreRules None { get; } = new([]);

    /// <summary>Which file the rules came from (<c>.amlignore</c>, <c>.gitignore</c>), or null.</summary>
    public string? Source { get; private init; }

    /// <summary>Reads the rules of a code folder: <c>.amlignore</c> when present, else <c>.gitignore</c>, else none.</summary>
    public static IgnoreRules ForFolder(string folder)
    {
        foreach (var file in new[] { ".amlignore", ".gitignore" })
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path)) return Parse(File.ReadAllLines(path)) with { Source = file };
        }
        return None;
    }


    /// <summary>Parses rule lines.</summary>
    public static IgnoreRules Parse(IEnumerable<string> lines)
    {
        var rules = new List<Rule>();
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            line = TrimUnescapedTrailingSpaces(line);
            if (line.Length == 0) continue;
            var negate = line.StartsWith('!');
            if (negate) line = line[1..];
            if (line.StartsWith("\\!", StringComparison.Ordinal) || line.StartsWith("\\#", StringComparison.Ordinal)) line = line[1..];
            var directoryOnly = line.EndsWith('/');
            if (directoryOnly) line = line.TrimEnd('/');
            if (line.Length == 0) continue;
            var anchored = line.Contains('/');
            line = line.TrimStart('/');
            var pattern = GlobToRegex(line);
            var regex = new Regex(anchored ? "^" + pattern + "$" : "^(?:.*/)?" + pattern + "$", RegexOptions.CultureInvariant);
            rules.Add(new Rule(regex, negate, directoryOnly));
        }
        return new IgnoreRules(rules);
    }

    /// <summary>Whether a path (relative to the code folder, with <c>/</c> separators) is ignored.</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        var ignored = false;
        foreach (var rule in _rules)
        {
            if (rule.DirectoryOnly && !isDirectory) continue;
            if (rule.Pattern.IsMatch(relativePath)) ignored = !rule.Negate;
        }
        return ignored;
    }

    private static string TrimUnescapedTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\')) end--;
        return line[..end];
    }

    private static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else if (c == '[')
            {
                var close = glob.IndexOf(']', i + 1);
                if (close < 0)
                {
                    regex.Append("\\[");
                    continue;
                }
                var body = glob[(i + 1)..close];
                if (body.StartsWith('!')) body = "^" + body[1..];
                regex.Append('[').Append(body.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                i = close;
            }
            else if (c == '\\' && i + 1 < glob.Length)
            {
                regex.Append(Regex.Escape(glob[++i].ToString()));
            }
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.ToString();
    }

    private sealed record Rule(Regex Pattern, bool Negate, bool DirectoryOnly);
}
