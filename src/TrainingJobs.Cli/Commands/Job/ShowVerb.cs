using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job show</c>: one job's details.</summary>
internal static class ShowVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("show", "Show a job.");
        var name = CommonOptions.Name(required: true);
        var output = CommonOptions.Output("json", "json", "yaml");
        command.Options.Add(name);
        command.Options.Add(output);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            var job = await client.GetAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(parse.GetValue(output) == "yaml" ? JobVerbs.ToYaml(job) : JobVerbs.ToJson(job)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
