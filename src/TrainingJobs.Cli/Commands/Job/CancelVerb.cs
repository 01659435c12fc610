using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job cancel</c>: stop a job.</summary>
internal static class CancelVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("cancel", "Cancel a job and wait until it is Canceled.");
        command.Options.Add(CommonOptions.Name(required: true));
        command.Options.Add(new Option<bool>("--no-wait") { Description = "Return once cancellation is requested." });
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        return NotAvailable.Mark(command, context, "job cancel");
    }
}
