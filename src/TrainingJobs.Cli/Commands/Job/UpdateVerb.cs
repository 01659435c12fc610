using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job update</c>: change a job's tags.</summary>
internal static class UpdateVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("update", "Update a job's tags: --set tags.k=v (an empty value removes the tag).");
        var name = CommonOptions.Name(required: true);
        var sets = CommonOptions.Set();
        command.Options.Add(name);
        command.Options.Add(sets);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            if ((parse.GetValue(sets) ?? []).Length == 0)
            {
                await context.Error.WriteLineAsync("tj job update: nothing to update; give --set tags.<key>=<value> (an empty value removes the tag).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var set in parse.GetValue(sets) ?? [])
            {
                var eq = set.IndexOf('=');
                if (!set.StartsWith("tags.", StringComparison.Ordinal) || eq <= "tags.".Length)
                {
                    await context.Error.WriteLineAsync($"error: {TerminalText.Quote(set)}: only tags can be updated, as --set tags.<key>=<value>.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
                var value = set[(eq + 1)..];
                tags[set["tags.".Length..eq]] = value.Length == 0 ? null : value;
            }
            var job = await client.UpdateTagsAsync(parse.GetValue(name)!, tags, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(JobVerbs.ToJson(job)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
