using System.CommandLine;
using TrainingJobs.Cli.Commands.Job;

namespace TrainingJobs.Cli.Commands;

/// <summary><c>tj job</c>: the verbs of <c>az ml job</c>, one file each under <c>Commands/Job/</c>.</summary>
internal static class JobCommand
{
    /// <summary>Builds the <c>job</c> command and its verbs.</summary>
    /// <param name="context">Where output goes.</param>
    public static Command Build(CliContext context)
    {
        var job = new Command("job", "Create, validate, follow and manage training jobs.");
        foreach (var verb in new[]
                 {
                     CreateVerb.Build(context), ValidateVerb.Build(context), ShowVerb.Build(context), ListVerb.Build(context),
                     StreamVerb.Build(context), CancelVerb.Build(context), DownloadVerb.Build(context),
                     ArchiveVerb.Build(context, archive: true), ArchiveVerb.Build(context, archive: false),
                     UpdateVerb.Build(context), ConvertVerb.Build(context), LineageVerb.Build(context), ExportVerb.Build(context),
                 })
        {
            job.Subcommands.Add(verb);
        }
        return job;
    }
}
