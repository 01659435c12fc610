using System.CommandLine;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job cancel</c>: stop a job.</summary>
internal static class CancelVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("cancel", "Cancel a job and wait until it is Canceled.");
        var name = CommonOptions.Name(required: true);
        var noWait = new Option<bool>("--no-wait") { Description = "Return once cancellation is requested." };
        command.Options.Add(name);
        command.Options.Add(noWait);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            var job = await client.CancelAsync(parse.GetValue(name)!, new CancelOptions { WaitForCompletion = !parse.GetValue(noWait) }, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"{job.Name}: {job.Status}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
