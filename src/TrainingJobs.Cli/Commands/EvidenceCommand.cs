using System.CommandLine;

namespace TrainingJobs.Cli.Commands;

/// <summary><c>tj evidence</c>: checks evidence bundles offline.</summary>
internal static class EvidenceCommand
{
    /// <summary>Builds the <c>evidence</c> command and its verbs.</summary>
    /// <param name="context">Where output goes.</param>
    public static Command Build(CliContext context)
    {
        var evidence = new Command("evidence", "Work with evidence bundles exported by `tj job export`.");
        var verify = new Command("verify", "Verify an evidence bundle's SHA-256 manifest; tampering is reported.");
        verify.Arguments.Add(new Argument<string>("dir") { Description = "The bundle folder." });
        evidence.Subcommands.Add(NotAvailable.Mark(verify, context, "evidence verify"));
        return evidence;
    }
}
