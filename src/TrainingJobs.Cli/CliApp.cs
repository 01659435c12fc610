using System.CommandLine;
using TrainingJobs.Cli.Commands;

namespace TrainingJobs.Cli;

/// <summary>Builds the <c>tj</c> verb tree and runs one command line.</summary>
internal static class CliApp
{
    /// <summary>Builds the root command.</summary>
    /// <param name="context">Where output goes.</param>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("tj: define, validate, submit and follow Azure ML training jobs, locally or on Azure ML. Mirrors `az ml job`.");
        root.Subcommands.Add(JobCommand.Build(context));
        root.Subcommands.Add(LineageCommand.Build(context));
        root.Subcommands.Add(EvidenceCommand.Build(context));
        root.Subcommands.Add(EmulatorCommand.Build(context));
        return root;
    }

    /// <summary>Parses and runs a command line; returns the exit code (0 success, 1 job failed or input invalid, 2 usage error).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">Where output goes.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        // Errors a verb expects are reported by the verb; the handler below is for the rest, so that no stack trace
        // reaches the user (System.CommandLine's own handler prints one).
        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0 && !AsksForHelp(args))
        {
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }
            await context.Error.WriteLineAsync("Run with --help to see the usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("tj: canceled.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // A bug or a case no verb foresaw: one line that says what happened, never a stack trace.
            var message = e.Message.ReplaceLineEndings(" ");
            await context.Error.WriteLineAsync(TerminalText.Neutralize($"tj: unexpected error ({e.GetType().Name}): {message}")).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private static bool AsksForHelp(string[] args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "/?" or "/h");
}
