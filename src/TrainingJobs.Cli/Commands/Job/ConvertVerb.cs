using System.CommandLine;
using TrainingJobs.Sdk.Definitions;
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
        var workspace = CommonOptions.Workspace().Cast<Option<string>>().ToList();
        foreach (var option in workspace) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var target = parse.GetValue(to)!;
            // A job resource (GET or list JSON) converts back to YAML, or to its PUT body.
            if (ConvertRest.IsJson(Path.Combine(context.WorkingDirectory, path)))
            {
                if ((parse.GetValue(sets) ?? []).Length > 0)
                {
                    await context.Error.WriteLineAsync("--set applies to YAML job files, not to a job resource (JSON).").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
                var (jsonScope, jsonError) = ConvertRest.Scope(parse.GetValue(workspace[0]), parse.GetValue(workspace[1]), parse.GetValue(workspace[2]));
                if (jsonError is not null)
                {
                    await context.Error.WriteLineAsync(jsonError).ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
                return await ConvertRest.JsonToAsync(context, path, target, jsonScope, cancellationToken).ConfigureAwait(false);
            }
            if (target == "rest")
            {
                var (scope, error) = ConvertRest.Scope(parse.GetValue(workspace[0]), parse.GetValue(workspace[1]), parse.GetValue(workspace[2]));
                if (error is not null)
                {
                    await context.Error.WriteLineAsync(error).ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
                return await ConvertRest.YamlToRestAsync(context, path, parse.GetValue(sets) ?? [], scope, cancellationToken).ConfigureAwait(false);
            }
            if (await LoadYamlAsync(context, path, parse.GetValue(sets) ?? []).ConfigureAwait(false) is not { } job) return ExitCodes.Failure;
            cancellationToken.ThrowIfCancellationRequested();
            await context.Out.WriteAsync(YamlJobWriter.Write(job)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Loads a job YAML for conversion (no validation: converting is not judging) and reports what stops it (load
    /// errors) and what it dropped (unknown keys) on standard error; null when it has errors.
    /// </summary>
    public static async Task<JobDefinition?> LoadYamlAsync(CliContext context, string file, string[] sets)
    {
        var result = YamlJobLoader.Load(Path.Combine(context.WorkingDirectory, file), new YamlLoadOptions
        {
            Overrides = sets,
            SourceName = file,
            Validate = false,
        });
        foreach (var diagnostic in result.Diagnostics)
        {
            await context.Error.WriteLineAsync(ValidateVerb.FormatLine(diagnostic, file)).ConfigureAwait(false);
        }
        return result.HasErrors ? null : result.Definition;
    }
}
