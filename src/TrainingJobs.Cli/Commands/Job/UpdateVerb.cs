using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job update</c>: change a job's tags.</summary>
internal static class UpdateVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("update", "Update a job's tags or properties: --set tags.k=v.");
        command.Options.Add(CommonOptions.Name(required: true));
        command.Options.Add(CommonOptions.Set());
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        return NotAvailable.Mark(command, context, "job update");
    }
}
