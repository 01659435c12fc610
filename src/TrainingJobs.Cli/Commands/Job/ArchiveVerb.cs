using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job archive</c> and <c>tj job restore</c>: hide a job from lists, or bring it back.</summary>
internal static class ArchiveVerb
{
    public static Command Build(CliContext context, bool archive)
    {
        var name = archive ? "archive" : "restore";
        var command = new Command(name, archive ? "Archive a job (hidden from `list` unless asked for)." : "Restore an archived job.");
        command.Options.Add(CommonOptions.Name(required: true));
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        return NotAvailable.Mark(command, context, "job " + name);
    }
}
