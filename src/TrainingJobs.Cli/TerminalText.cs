using System.Globalization;
using System.Text;

namespace TrainingJobs.Cli;

/// <summary>
/// Makes text that tj did not write itself (a job's log lines and metric keys, values the user typed) safe to print
/// on a terminal: control characters are shown as <c>\xNN</c> instead of being sent, so a job cannot clear the
/// screen (<c>ESC [2J</c>), retitle the window (<c>ESC ]0;…BEL</c>), hide text or ring the bell through
/// <c>tj job stream</c>. The one owner of this rule in the CLI.
/// </summary>
internal static class TerminalText
{
    /// <summary>
    /// Replaces every C0 control but tab (U+0000–U+001F), DEL (U+007F) and every C1 control (U+0080–U+009F, which
    /// some terminals read as CSI or OSC on their own) with a visible <c>\xNN</c> escape; other text is unchanged.
    /// </summary>
    /// <param name="text">The text to print.</param>
    public static string Neutralize(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\0', '\u009F');
        if (first < 0) return text;
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsControl(c))
            {
                safe ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
                safe.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else safe?.Append(c);
        }
        return safe?.ToString() ?? text;
    }

    /// <summary>Like <see cref="Neutralize"/>, but keeps line breaks: for messages of several lines (an error with a log tail).</summary>
    /// <param name="text">The text to print.</param>
    public static string NeutralizeLines(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(Neutralize));

    /// <summary>A value the user gave, quoted for an error message: neutralized, and cut at 100 characters.</summary>
    /// <param name="value">The value.</param>
    public static string Quote(string value)
    {
        var shown = value.Length > 100 ? value[..100] + "…" : value;
        return "'" + Neutralize(shown) + "'";
    }

    private static bool IsControl(char c) => (c < ' ' && c != '\t') || c is >= '\u007F' and <= '\u009F';
}
