using System.CommandLine;
using TrainingJobs.Sdk.Lineage.Evidence;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job export</c>: write a job's evidence bundle (optionally signed) to a new folder.</summary>
internal static class ExportVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("export", "Export a job's evidence bundle (its steps or trials included) to a new folder, with SHA256SUMS and an in-toto provenance statement per job.");
        var name = CommonOptions.Name(required: true);
        var bundle = new Option<string>("--bundle") { Description = "The folder to write (must not exist, or be empty).", Required = true };
        var key = new Option<string>("--key") { Description = "An ECDSA P-256 private key (PEM) to sign each statement with (DSSE)." };
        command.Options.Add(name);
        command.Options.Add(bundle);
        command.Options.Add(key);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            DsseKey? signingKey = null;
            if (parse.GetValue(key) is { } keyPath)
            {
                var pem = await File.ReadAllTextAsync(Path.GetFullPath(keyPath, context.WorkingDirectory), cancellationToken).ConfigureAwait(false);
                signingKey = DsseKey.TryLoadPrivate(pem, out var problem);
                if (signingKey is null)
                {
                    await context.Error.WriteLineAsync(TerminalText.Neutralize($"error: --key {keyPath}: {problem}")).ConfigureAwait(false);
                    return ExitCodes.Failure;
                }
            }
            using (signingKey)
            {
                var folder = Path.GetFullPath(parse.GetValue(bundle)!, context.WorkingDirectory);
                var result = await EvidenceBundle.WriteAsync(client, parse.GetValue(name)!, folder, signingKey, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                var signed = result.KeyId is { } keyId ? $", signed with key {keyId}" : ", unsigned";
                await context.Out.WriteLineAsync(TerminalText.Neutralize($"{result.Folder}: {result.Jobs.Count} job(s), {result.FileCount} file(s){signed}")).ConfigureAwait(false);
                return ExitCodes.Success;
            }
        });
        return command;
    }
}
