using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job lineage</c>: what produced a job's outputs, in several formats.</summary>
internal static class LineageVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("lineage", "Show a job's lineage record.");
        command.Options.Add(CommonOptions.Name(required: true));
        var format = new Option<string>("--format") { Description = "json, openlineage, prov, mermaid or dot.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "openlineage", "prov", "mermaid", "dot");
        command.Options.Add(format);
        return NotAvailable.Mark(command, context, "job lineage");
    }
}
