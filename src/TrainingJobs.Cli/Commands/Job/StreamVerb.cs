using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job stream</c>: follow a job until it ends.</summary>
internal static class StreamVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("stream", "Stream a job's status, logs and metrics until it ends; the exit code follows its final status.");
        command.Options.Add(CommonOptions.Name(required: true));
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        return NotAvailable.Mark(command, context, "job stream");
    }
}
