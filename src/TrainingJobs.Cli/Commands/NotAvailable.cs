using System.CommandLine;

namespace TrainingJobs.Cli.Commands;

/// <summary>The action of a verb that is part of the contract but not built yet: a clear message and exit code 2.</summary>
internal static class NotAvailable
{
    /// <summary>Makes <paramref name="command"/> answer "not available yet".</summary>
    /// <param name="command">The verb.</param>
    /// <param name="context">Where the message goes.</param>
    /// <param name="verbPath">The verb as the user typed it, e.g. <c>job stream</c>.</param>
    public static Command Mark(Command command, CliContext context, string verbPath)
    {
        command.SetAction(async (_, _) =>
        {
            await context.Error.WriteLineAsync($"tj {verbPath}: not available yet in this version of tj.").ConfigureAwait(false);
            return ExitCodes.Usage;
        });
        return command;
    }
}
