using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.Globalization;
using System.Text;

namespace TrainingJobs.Cli.Tests;

/// <summary>
/// Writes docs/cli.md from the <c>tj</c> command tree (<see cref="CliApp.BuildRoot"/>): every command with its
/// description, arguments and options (aliases, required, default, allowed values). The tree is the one owner of
/// what the reference says, so the page cannot drift from what <c>tj --help</c> prints.
/// </summary>
internal static class CliReference
{
    /// <summary>The variable that makes <see cref="CliReferenceTests"/> rewrite docs/cli.md instead of failing on a difference.</summary>
    public const string WriteVariable = "TJ_WRITE_CLI_REFERENCE";

    /// <summary>How to regenerate the page, as the page and the failing test say it.</summary>
    public const string RegenerateCommand =
        WriteVariable + "=1 dotnet test -c Release tests/TrainingJobs.Cli.Tests --filter \"FullyQualifiedName~CliReferenceTests\"";

    /// <summary>The Markdown of docs/cli.md for the command tree under <paramref name="root"/>.</summary>
    /// <param name="root">The root command, as <see cref="CliApp.BuildRoot"/> builds it.</param>
    public static string Generate(RootCommand root)
    {
        var text = new StringBuilder();
        text.Append("# `tj` command reference\n\n");
        text.Append("<!-- Generated from the command tree by tests/TrainingJobs.Cli.Tests/CliReference.cs; do not edit by hand.\n");
        text.Append("     The test CliReferenceTests fails when this page differs from the tree. To regenerate:\n");
        text.Append("     ").Append(RegenerateCommand).Append(" -->\n\n");
        text.Append(Cell(root.Description)).Append("\n\n");
        text.Append("Install it with `dotnet tool install -g TrainingJobs.Cli` (see [getting-started.md](getting-started.md)). ");
        text.Append("Every command takes `--help` (`-h`, `-?`); `tj --version` prints the version of the tool package.\n\n");
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"Exit codes: `{ExitCodes.Success}` success (for job verbs: the job completed), `{ExitCodes.Failure}` the job failed or the input is invalid, `{ExitCodes.Usage}` a usage error.\n\n"));
        text.Append("Workspace selection (the `--subscription`, `--resource-group`, `--workspace-name` options and their environment ");
        text.Append("variables) is described in [azure.md](azure.md#from-the-tj-cli); without them a verb uses the local workspace.\n\n");

        var commands = Walk(root, []).ToList();
        text.Append("## Commands\n\n");
        text.Append("| command | description |\n|---|---|\n");
        foreach (var (path, command) in commands)
        {
            text.Append("| [`").Append(path).Append("`](#").Append(Anchor(path)).Append(") | ").Append(Cell(command.Description)).Append(" |\n");
        }
        foreach (var (path, command) in commands) AppendCommand(text, path, command);
        return text.ToString();
    }

    /// <summary>Every visible command under <paramref name="command"/> (not the root itself), depth first in tree order, with its full path.</summary>
    public static IEnumerable<(string Path, Command Command)> Walk(Command command, string[] parents)
    {
        foreach (var child in command.Subcommands.Where(c => !c.Hidden))
        {
            string[] path = [.. parents, child.Name];
            yield return ("tj " + string.Join(' ', path), child);
            foreach (var descendant in Walk(child, path)) yield return descendant;
        }
    }

    /// <summary>The options of <paramref name="command"/> that the reference lists: the visible ones, without help.</summary>
    public static IEnumerable<Option> ListedOptions(Command command) =>
        command.Options.Where(o => !o.Hidden && o is not HelpOption);

    private static void AppendCommand(StringBuilder text, string path, Command command)
    {
        text.Append("\n## ").Append(path).Append("\n\n");
        text.Append(Cell(command.Description)).Append("\n\n");
        var usage = new StringBuilder(path);
        foreach (var argument in command.Arguments.Where(a => !a.Hidden)) usage.Append(" <").Append(argument.Name).Append('>');
        if (command.Subcommands.Any(c => !c.Hidden)) usage.Append(" <command>");
        if (ListedOptions(command).Any()) usage.Append(" [options]");
        text.Append("```\n").Append(usage).Append("\n```\n");
        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();
        if (subcommands.Count > 0)
        {
            text.Append("\nCommands: ").Append(string.Join(", ", subcommands.Select(c => $"[`{c.Name}`](#{Anchor(path + " " + c.Name)})"))).Append(".\n");
        }
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        if (arguments.Count > 0)
        {
            text.Append("\n| argument | description |\n|---|---|\n");
            foreach (var argument in arguments) text.Append("| `").Append(argument.Name).Append("` | ").Append(Cell(argument.Description)).Append(" |\n");
        }
        var options = ListedOptions(command).ToList();
        if (options.Count > 0)
        {
            text.Append("\n| option | value | description | default | allowed values |\n|---|---|---|---|---|\n");
            foreach (var option in options)
            {
                var names = string.Join(", ", new[] { option.Name }.Concat(option.Aliases.Order(StringComparer.Ordinal)).Select(n => $"`{n}`"));
                if (option.Required) names += " (required)";
                text.Append("| ").Append(names)
                    .Append(" | ").Append(Value(option))
                    .Append(" | ").Append(Cell(option.Description))
                    .Append(" | ").Append(Default(option))
                    .Append(" | ").Append(Allowed(option))
                    .Append(" |\n");
            }
        }
    }

    /// <summary>What the option takes: nothing for a flag, else the value's type, and "repeatable" for a list.</summary>
    private static string Value(Option option)
    {
        if (option.ValueType == typeof(bool)) return "flag";
        var type = option.ValueType;
        var repeatable = type.IsArray;
        if (repeatable) type = type.GetElementType()!;
        var name = type == typeof(int) ? "integer" : type == typeof(double) ? "number" : type == typeof(string) ? "text" : type.Name;
        return repeatable ? name + ", repeatable" : name;
    }

    private static string Default(Option option)
    {
        if (!option.HasDefaultValue || option.ValueType == typeof(bool)) return "";
        return option.GetDefaultValue() switch
        {
            null => "",
            IFormattable formattable => $"`{formattable.ToString(null, CultureInfo.InvariantCulture)}`",
            var value => $"`{value}`",
        };
    }

    /// <summary>The values an option accepts when they are a closed set (AcceptOnlyFromAmong, enums); empty otherwise.</summary>
    private static string Allowed(Option option)
    {
        if (option.ValueType == typeof(bool)) return "";
        var values = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        return string.Join(", ", values.Select(v => $"`{v}`"));
    }

    /// <summary>
    /// A description as one line of Markdown (a table cell): the pipe escaped, and outside `code` spans the angle
    /// brackets too, or <c>named-outputs/&lt;name&gt;/</c> would render as an HTML tag and vanish.
    /// </summary>
    private static string Cell(string? text)
    {
        var parts = (text ?? "").ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Trim().Split('`');
        for (var i = 0; i < parts.Length; i += 2)
        {
            parts[i] = parts[i].Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        }
        return string.Join('`', parts);
    }

    /// <summary>The anchor GitHub gives a heading: lower case, spaces to '-', punctuation other than '-' and '_' dropped.</summary>
    public static string Anchor(string heading) =>
        new(heading.ToLowerInvariant().Replace(' ', '-').Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray());
}
