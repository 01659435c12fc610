using System.CommandLine;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job convert</c>: YAML to canonical YAML or to the ARM PUT body, and job JSON back to YAML.</summary>
internal static class ConvertVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("convert", "Convert a job file: --to yaml (canonical YAML) or --to rest (the ARM PUT body).");
        var file = CommonOptions.File(required: true);
        var to = new Option<string>("--to") { Description = "yaml or rest.", Required = true };
        to.AcceptOnlyFromAmong("yaml", "rest");
        var sets = CommonOptions.Set();
        command.Options.Add(file);
        command.Options.Add(to);
        command.Options.Add(sets);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(to) != "yaml")
            {
                await context.Error.WriteLineAsync("tj job convert --to rest: not available yet in this version of tj.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            var path = parse.GetValue(file)!;
            var result = YamlJobLoader.Load(Path.Combine(context.WorkingDirectory, path), new YamlLoadOptions
            {
                Overrides = parse.GetValue(sets) ?? [],
                SourceName = path,
                Validate = false,
            });
            // Conversion reports what stops it (load errors) and what it dropped (unknown keys), on stderr.
            foreach (var diagnostic in result.Diagnostics)
            {
                await context.Error.WriteLineAsync(ValidateVerb.FormatLine(diagnostic, path)).ConfigureAwait(false);
            }
            if (result.Job is null || result.HasErrors) return ExitCodes.Failure;
            cancellationToken.ThrowIfCancellationRequested();
            await context.Out.WriteAsync(YamlJobWriter.Write(result.Job)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
