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
        LocalJobs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!, context.WorkingDirectory);
            var loaded = YamlJobLoader.Load(path, new YamlLoadOptions { Overrides = parse.GetValue(sets) ?? [], SourceName = parse.GetValue(file) });
            // Diagnostics keep their file, line and column; errors that do not apply to this backend are left out.
            var relevant = loaded.Diagnostics.Where(d => !d.IsError || client.BlocksSubmission(d)).ToList();
            foreach (var diagnostic in relevant)
            {
                await context.Error.WriteLineAsync(ValidateVerb.FormatLine(diagnostic, parse.GetValue(file)!)).ConfigureAwait(false);
            }
            if (loaded.Definition is null || relevant.Any(d => d.IsError)) return ExitCodes.Failure;
            var definition = parse.GetValue(name) is { Length: > 0 } given ? loaded.Definition! with { Name = given } : loaded.Definition!;
            var job = await client.SubmitAsync(definition, new SubmitOptions { BaseDirectory = Path.GetDirectoryName(path) }, cancellationToken).ConfigureAwait(false);
            // What planning warned about (an environment with no local mapping, a setting ignored here) is only in the
            // job's record: say it now, in the diagnostics' form, or nobody sees it.
            var record = await client.GetRecordAsync(job.Name, cancellationToken).ConfigureAwait(false);
            foreach (var warning in record.Warnings)
            {
                await context.Error.WriteLineAsync(TerminalText.NeutralizeLines($"{parse.GetValue(file)}: warning {warning}")).ConfigureAwait(false);
            }
            // Returns at once: the job's supervisor runs on its own; --stream follows it to the end.
            if (parse.GetValue(stream)) return await LocalJobs.StreamAsync(client, job.Name, context, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(parse.GetValue(output) == "yaml" ? LocalJobs.ToYaml(job) : LocalJobs.ToJson(job)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
