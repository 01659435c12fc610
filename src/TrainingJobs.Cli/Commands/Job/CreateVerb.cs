using System.CommandLine;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job create</c>: submit a job from a YAML file; returns once it is submitted (the job runs on), or streams it with <c>--stream</c>.</summary>
internal static class CreateVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("create", "Submit a job from a YAML file.");
        var file = CommonOptions.File(required: true);
        var name = CommonOptions.Name(required: false);
        var sets = CommonOptions.Set();
        var stream = new Option<bool>("--stream", "-s") { Description = "Stream status, logs and metrics until the job ends; the exit code follows its final status." };
        var output = CommonOptions.Output("json", "json", "yaml");
        foreach (var option in new Option[] { file, name, sets, stream, output }) command.Options.Add(option);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!, context.WorkingDirectory);
            var loaded = YamlJobLoader.Load(path, new YamlLoadOptions { Overrides = parse.GetValue(sets) ?? [], SourceName = parse.GetValue(file), Validate = false });
            var definition = loaded.Definition is null ? null : parse.GetValue(name) is { Length: > 0 } given ? loaded.Definition with { Name = given } : loaded.Definition;
            // Before anything runs: the file's, the validator's and the local planner's diagnostics (an environment with
            // no local mapping, a setting ignored here), with file, line and column; errors the backend tolerates are left out.
            var diagnostics = await ValidateVerb.CheckAsync(client, loaded, definition, path, cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics)
            {
                await context.Error.WriteLineAsync(ValidateVerb.FormatLine(diagnostic, parse.GetValue(file)!)).ConfigureAwait(false);
            }
            if (definition is null || diagnostics.Any(d => d.IsError)) return ExitCodes.Failure;
            var job = await client.SubmitAsync(definition, ValidateVerb.SubmitOptionsFor(path), cancellationToken).ConfigureAwait(false);
            // Planning at submission saw the files as they were then: a warning the check above did not give (a file
            // changed in between) is said now, in the diagnostics' form; those already printed are not repeated.
            // Only the local backend plans at submission (Azure ML keeps no such record).
            // The warnings alone are read, not the whole record: a create does no work it does not need.
            if (client.GetLocalWarnings(job.Name) is { } warnings)
            {
                var printed = diagnostics.Select(d => $"{d.Code}: {d.Message}").ToHashSet(StringComparer.Ordinal);
                foreach (var warning in warnings.Where(w => !printed.Contains(w)))
                {
                    await context.Error.WriteLineAsync(TerminalText.NeutralizeLines($"{parse.GetValue(file)}: warning {warning}")).ConfigureAwait(false);
                }
            }
            // Returns at once: the job's supervisor runs on its own; --stream follows it to the end.
            if (parse.GetValue(stream)) return await JobVerbs.StreamAsync(client, job.Name, context, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(parse.GetValue(output) == "yaml" ? JobVerbs.ToYaml(job) : JobVerbs.ToJson(job)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
