using System.CommandLine;
using TrainingJobs.Sdk.Lineage.Evidence;

namespace TrainingJobs.Cli.Commands;

/// <summary><c>tj evidence</c>: checks evidence bundles offline.</summary>
internal static class EvidenceCommand
{
    /// <summary>Builds the <c>evidence</c> command and its verbs.</summary>
    /// <param name="context">Where output goes.</param>
    public static Command Build(CliContext context)
    {
        var evidence = new Command("evidence", "Work with evidence bundles exported by `tj job export`.");
        evidence.Subcommands.Add(Verify(context));
        return evidence;
    }

    /// <summary>
    /// <c>tj evidence verify DIR [--key PUB]</c>: exit 0 when the bundle verifies, 1 naming every file modified, removed
    /// or added and every other problem. A signed bundle checked without a key verifies on its digests with a warning
    /// that its signatures were not checked.
    /// </summary>
    private static Command Verify(CliContext context)
    {
        var verify = new Command("verify", "Verify an evidence bundle: every SHA-256, the statements' subjects and dependencies, and (with --key) their signatures.");
        var dir = new Argument<string>("dir") { Description = "The bundle folder." };
        var key = new Option<string>("--key") { Description = "The signer's ECDSA P-256 public key (PEM): every statement must be signed by it." };
        verify.Arguments.Add(dir);
        verify.Options.Add(key);
        verify.SetAction(async (parse, cancellationToken) =>
        {
            DsseKey? publicKey = null;
            try
            {
                if (parse.GetValue(key) is { } keyPath)
                {
                    var pem = await File.ReadAllTextAsync(Path.GetFullPath(keyPath, context.WorkingDirectory), cancellationToken).ConfigureAwait(false);
                    publicKey = DsseKey.TryLoadPublic(pem, out var problem);
                    if (publicKey is null)
                    {
                        await context.Error.WriteLineAsync(TerminalText.Neutralize($"error: --key {keyPath}: {problem}")).ConfigureAwait(false);
                        return ExitCodes.Failure;
                    }
                }
                var folder = Path.GetFullPath(parse.GetValue(dir)!, context.WorkingDirectory);
                var result = EvidenceBundleVerifier.Verify(folder, publicKey);
                // Names in a bundle are whatever its maker chose: none may send escape sequences to the terminal.
                foreach (var path in result.Modified) await context.Error.WriteLineAsync(TerminalText.Neutralize($"modified: {path}")).ConfigureAwait(false);
                foreach (var path in result.Removed) await context.Error.WriteLineAsync(TerminalText.Neutralize($"removed: {path}")).ConfigureAwait(false);
                foreach (var path in result.Added) await context.Error.WriteLineAsync(TerminalText.Neutralize($"added: {path}")).ConfigureAwait(false);
                foreach (var problem in result.Problems) await context.Error.WriteLineAsync(TerminalText.Neutralize($"problem: {problem}")).ConfigureAwait(false);
                foreach (var warning in result.Warnings) await context.Error.WriteLineAsync(TerminalText.Neutralize($"warning: {warning}")).ConfigureAwait(false);
                if (!result.Verified)
                {
                    await context.Out.WriteLineAsync(TerminalText.Neutralize($"{folder}: NOT verified")).ConfigureAwait(false);
                    return ExitCodes.Failure;
                }
                var signature = result.SignatureChecked ? "signatures verified" : result.Warnings.Count > 0 ? "signatures NOT checked" : "unsigned";
                await context.Out.WriteLineAsync(TerminalText.Neutralize($"{folder}: verified ({signature})")).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await context.Error.WriteLineAsync(TerminalText.NeutralizeLines($"error: {e.Message}")).ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            finally
            {
                publicKey?.Dispose();
            }
        });
        return verify;
    }
}
