using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job show</c>: one job's details.</summary>
internal static class ShowVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("show", "Show a job.");
        command.Options.Add(CommonOptions.Name(required: true));
        command.Options.Add(CommonOptions.Output("json", "json", "yaml"));
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        return NotAvailable.Mark(command, context, "job show");
    }
}
