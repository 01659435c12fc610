namespace TrainingJobs.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await CliApp.RunAsync(args, new CliContext(Console.Out, Console.Error) { ErrorIsTerminal = !Console.IsErrorRedirected }, cancel.Token).ConfigureAwait(false);
    }
}
