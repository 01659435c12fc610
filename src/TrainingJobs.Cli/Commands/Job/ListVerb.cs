using System.CommandLine;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job list</c>: jobs in the workspace, newest first.</summary>
internal static class ListVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("list", "List jobs.");
        command.Options.Add(new Option<int>("--max-results", "-r") { Description = "The most jobs to list.", DefaultValueFactory = _ => 50 });
        command.Options.Add(new Option<string>("--status") { Description = "Only jobs with this status." });
        command.Options.Add(new Option<string>("--experiment") { Description = "Only jobs of this experiment." });
        command.Options.Add(new Option<string[]>("--tag") { Description = "Only jobs with this tag, k or k=v (repeatable)." });
        command.Options.Add(new Option<string>("--parent-job-name", "-p") { Description = "Only the child jobs of this job." });
        command.Options.Add(new Option<bool>("--include-archived") { Description = "Include archived jobs." });
        command.Options.Add(new Option<bool>("--archived-only") { Description = "Only archived jobs." });
        command.Options.Add(CommonOptions.Output("table", "table", "json"));
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        return NotAvailable.Mark(command, context, "job list");
    }
}
