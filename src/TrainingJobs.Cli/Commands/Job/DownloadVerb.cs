using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job download</c>: fetch a job's outputs and logs.</summary>
internal static class DownloadVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("download", "Download a job's logs and outputs (az layout: artifacts/, named-outputs/<name>/).");
        command.Options.Add(CommonOptions.Name(required: true));
        command.Options.Add(new Option<string>("--output-name") { Description = "Download this named output only." });
        command.Options.Add(new Option<bool>("--all") { Description = "Download every output and the logs." });
        command.Options.Add(new Option<string>("--download-path", "-p") { Description = "Where to download (default: the current folder)." });
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        return NotAvailable.Mark(command, context, "job download");
    }
}
