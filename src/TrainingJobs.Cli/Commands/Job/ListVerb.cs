using System.CommandLine;
using System.Globalization;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job list</c>: jobs in the workspace, newest first.</summary>
internal static class ListVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("list", "List jobs.");
        var max = new Option<int>("--max-results", "-r") { Description = "The most jobs to list (1 or more).", DefaultValueFactory = _ => 50 };
        var status = new Option<string>("--status") { Description = "Only jobs with this status." };
        var experiment = new Option<string>("--experiment") { Description = "Only jobs of this experiment." };
        var tags = new Option<string[]>("--tag") { Description = "Only jobs with this tag, k or k=v (repeatable)." };
        var parent = CommonOptions.JobName(new Option<string>("--parent-job-name", "-p") { Description = "Only the child jobs of this job." });
        var includeArchived = new Option<bool>("--include-archived") { Description = "Include archived jobs." };
        var archivedOnly = new Option<bool>("--archived-only") { Description = "Only archived jobs." };
        var output = CommonOptions.Output("table", "table", "json");
        foreach (var option in new Option[] { max, status, experiment, tags, parent, includeArchived, archivedOnly, output }) command.Options.Add(option);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            // A filter that can match nothing is a typo, not an empty answer: say so instead of printing no jobs.
            if (parse.GetValue(includeArchived) && parse.GetValue(archivedOnly))
            {
                await context.Error.WriteLineAsync("tj: --include-archived and --archived-only contradict each other: give one of them.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            if (parse.GetValue(max) < 1)
            {
                await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"tj: --max-results must be 1 or more (got {parse.GetValue(max)}).")).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            if (parse.GetValue(experiment) is { } named && string.IsNullOrWhiteSpace(named))
            {
                await context.Error.WriteLineAsync("tj: --experiment needs an experiment name.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            if ((parse.GetValue(tags) ?? []).FirstOrDefault(t => string.IsNullOrWhiteSpace(t.Split('=')[0])) is { } keyless)
            {
                await context.Error.WriteLineAsync($"tj: --tag {TerminalText.Quote(keyless)} has no key; use k or k=v.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            if (parse.GetValue(status) is { } given && !JobStatus.Parse(given).IsKnown)
            {
                await context.Error.WriteLineAsync(
                    $"tj: unknown --status {TerminalText.Quote(given)}; use one of: {string.Join(", ", JobStatus.Known)}.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            var query = new JobQuery
            {
                MaxResults = parse.GetValue(max),
                Status = parse.GetValue(status) is { } s ? (JobStatus?)JobStatus.Parse(s) : null,
                ExperimentName = parse.GetValue(experiment),
                ParentJobName = parse.GetValue(parent),
                Archived = parse.GetValue(archivedOnly) ? ArchiveFilter.ArchivedOnly : parse.GetValue(includeArchived) ? ArchiveFilter.All : ArchiveFilter.ActiveOnly,
            };
            var tagFilter = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in parse.GetValue(tags) ?? [])
            {
                var eq = tag.IndexOf('=');
                tagFilter[eq < 0 ? tag : tag[..eq]] = eq < 0 ? null : tag[(eq + 1)..];
            }
            query.Tags = tagFilter;
            var jobs = new List<Sdk.Jobs.Job>();
            await foreach (var job in client.GetJobsAsync(query, cancellationToken).ConfigureAwait(false)) jobs.Add(job);
            if (parse.GetValue(output) == "json")
            {
                await context.Out.WriteLineAsync(JobVerbs.ToJson(jobs)).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            // An experiment name comes from the job's YAML, where "\e" is a valid escape: neutralized like any text tj did not write.
            var rows = jobs.Select(j => new[] { j.Name, TerminalText.Neutralize(j.ExperimentName), j.Status.ToString(), j.CreatedOn.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) })
                .Prepend(["Name", "Experiment", "Status", "Created"]).ToList();
            var widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows)
            {
                await context.Out.WriteLineAsync(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
