using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job convert</c>: YAML to canonical YAML or to the ARM PUT body, and job JSON back to YAML.</summary>
internal static class ConvertVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("convert", "Convert a job file: --to yaml (canonical YAML) or --to rest (the ARM PUT body).");
        command.Options.Add(CommonOptions.File(required: true));
        var to = new Option<string>("--to") { Description = "yaml or rest.", Required = true };
        to.AcceptOnlyFromAmong("yaml", "rest");
        command.Options.Add(to);
        command.Options.Add(CommonOptions.Set());
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        return NotAvailable.Mark(command, context, "job convert");
    }
}
