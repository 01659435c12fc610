using System.CommandLine;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job download</c>: fetch a job's outputs and logs.</summary>
internal static class DownloadVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("download", "Download a job's logs and outputs (az layout: artifacts/, named-outputs/<name>/).");
        var name = CommonOptions.Name(required: true);
        var outputName = new Option<string>("--output-name") { Description = "Download this named output only." };
        var all = new Option<bool>("--all") { Description = "Download every output and the logs." };
        var path = new Option<string>("--download-path", "-p") { Description = "Where to download (default: the current folder)." };
        foreach (var option in new Option[] { name, outputName, all, path }) command.Options.Add(option);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            var result = await client.DownloadAsync(parse.GetValue(name)!, new DownloadOptions
            {
                OutputName = parse.GetValue(outputName),
                All = parse.GetValue(all),
                DownloadPath = Path.GetFullPath(parse.GetValue(path) ?? ".", context.WorkingDirectory),
                Progress = context.ErrorIsTerminal ? new DownloadProgressLine(context.Error, TimeProvider.System) : null,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var output in result.Downloaded)
            {
                await context.Out.WriteLineAsync($"{output.Name}: {output.LocalPath} ({output.FileCount} file(s), {output.Bytes} bytes)").ConfigureAwait(false);
            }
            foreach (var missing in result.Missing)
            {
                await context.Error.WriteLineAsync($"warning: output '{missing}' has no files to download.").ConfigureAwait(false);
            }
            foreach (var skipped in result.Skipped)
            {
                await context.Error.WriteLineAsync($"warning: skipped {skipped.Path}: {skipped.Reason}").ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
