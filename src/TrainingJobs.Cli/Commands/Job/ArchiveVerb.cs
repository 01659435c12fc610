using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job archive</c> and <c>tj job restore</c>: hide a job from lists, or bring it back.</summary>
internal static class ArchiveVerb
{
    public static Command Build(CliContext context, bool archive)
    {
        var verb = archive ? "archive" : "restore";
        var command = new Command(verb, archive ? "Archive a job (hidden from `list` unless asked for)." : "Restore an archived job.");
        var name = CommonOptions.Name(required: true);
        command.Options.Add(name);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            var job = archive
                ? await client.ArchiveAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false)
                : await client.RestoreAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(JobVerbs.ToJson(job)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
