using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job export</c>: write an evidence bundle.</summary>
internal static class ExportVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("export", "Export a job's evidence bundle (manifest of SHA-256 sums) to a folder.");
        command.Options.Add(CommonOptions.Name(required: true));
        command.Options.Add(new Option<string>("--bundle") { Description = "The folder to write.", Required = true });
        return NotAvailable.Mark(command, context, "job export");
    }
}
