using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job validate</c>: check job files and print diagnostics.</summary>
internal static class ValidateVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("validate", "Validate job YAML files; prints F:line:col: severity CODE: message. Exit 1 when any file has errors.");
        command.Options.Add(new Option<string[]>("--file", "-f") { Description = "A job YAML file (repeatable).", Required = true });
        command.Options.Add(CommonOptions.Set());
        command.Options.Add(CommonOptions.Output("text", "text", "json"));
        return NotAvailable.Mark(command, context, "job validate");
    }
}
