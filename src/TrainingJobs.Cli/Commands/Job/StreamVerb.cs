using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job stream</c>: follow a job until it ends.</summary>
internal static class StreamVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("stream", "Stream a job's status, logs and metrics until it ends; the exit code follows its final status.");
        var name = CommonOptions.Name(required: true);
        command.Options.Add(name);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, (parse, client, cancellationToken) => JobVerbs.StreamAsync(client, parse.GetValue(name)!, context, cancellationToken));
        return command;
    }
}
