using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary>
/// <c>tj job lineage</c>: a job's record (what it was given, where it ran, what it produced, and where each fact came
/// from) as readable text, JSON or YAML.
/// </summary>
internal static class LineageVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("lineage", "Show a job's lineage record: inputs and outputs with their SHA-256, code and git state, environment, compute, final metrics and params, and where each came from.");
        var name = CommonOptions.Name(required: true);
        var output = CommonOptions.Output("text", "text", "json", "yaml");
        var format = new Option<string>("--format")
        {
            Description = "Export instead: json (the record, as -o json); openlineage (2-0-2 run events, JSON lines), prov (PROV-JSON), mermaid or dot: the job's lineage graph (its pipeline or sweep and the jobs whose outputs it read).",
        };
        format.AcceptOnlyFromAmong("json", "openlineage", "prov", "mermaid", "dot");
        command.Options.Add(name);
        command.Options.Add(output);
        command.Options.Add(format);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            var exported = parse.GetValue(format);
            if (exported is "openlineage" or "prov" or "mermaid" or "dot")
            {
                // The job's graph: its pipeline or sweep, and the jobs whose outputs it read.
                var graph = await client.GetLineageAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
                var export = exported switch
                {
                    "openlineage" => graph.ToOpenLineageEvents(),
                    "prov" => graph.ToProvJson(),
                    "mermaid" => graph.ToMermaid(),
                    _ => graph.ToDot(),
                };
                await context.Out.WriteAsync(TerminalText.NeutralizeLines(export.TrimEnd('\n')) + "\n").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            var record = await client.GetRecordAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            var text = (exported ?? parse.GetValue(output)) switch
            {
                "json" => record.ToJson(),
                "yaml" => Sdk.Yaml.YamlJobWriter.WriteJson(JsonNode.Parse(record.ToJson())!.AsObject()),
                _ => Readable(record),
            };
            // The record holds what the job printed and named (paths, errors): no escape sequence of it reaches the terminal.
            await context.Out.WriteAsync(TerminalText.NeutralizeLines(text.TrimEnd('\n')) + "\n").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The record for a person: the job, how it ended, then each part with where it came from; metrics by their final
    /// value (the last logged, as MLflow's latest), file listings by count (the full lists are in <c>-o json</c>).
    /// </summary>
    internal static string Readable(JobRecord record)
    {
        var job = record.Job;
        var text = new StringBuilder();
        string From(string part) => record.Sources.TryGetValue(part, out var source) ? $"  ({Sdk.Lineage.RecordNames.Source(source)})" : "";
        void Line(string label, string? value)
        {
            if (value is not null) text.Append(CultureInfo.InvariantCulture, $"{label,-14}{value}\n");
        }
        Line("Job", $"{job.Name} ({job.Kind}, experiment {job.ExperimentName})");
        Line("Parent", job.ParentJobName);
        Line("Reused", job.ReusedJobName is { } reused ? $"outputs of {reused}" : null);
        Line("Status", $"{job.Status}" + (job.ExitCode is { } exit ? $", exit code {exit}" : "") + From("status"));
        Line("Error", job.Error is { } error ? $"{error.Code}: {error.Message}" : null);
        Line("Created", job.CreatedOn.ToString("u", CultureInfo.InvariantCulture));
        Line("Ended", job.EndedOn?.ToString("u", CultureInfo.InvariantCulture));
        Line("Submitted by", record.SubmittedBy is { } submitter ? submitter + From("submitter") : null);
        Line("Compute", record.Compute is { } compute
            ? $"{compute.Kind}" + (compute.Target is { } target ? $" {target}" : "") + (compute.Host is { } host ? $" on {host}" : "") +
              (compute.ProcessorCount is { } cpus ? $", {cpus} processors" : "") + From("compute")
            : null);
        Line("Environment", record.EnvironmentRequested is null && record.EnvironmentResolution is null
            ? null
            : $"{record.EnvironmentRequested ?? "(none requested)"}" + (record.EnvironmentResolution is { } used ? $" -> {used}" : "") + From("environment"));
        Line("Command", record.ExecutedCommand);
        if (record.CodeDigest is { } code)
        {
            Line("Code", $"dirHash1 {code}, {record.CodeFiles.Count} file(s)" + From("code"));
            if (record.Git is { } git)
            {
                Line("  git", $"{git.Commit ?? "(no commit)"}" + (git.Branch is { } branch ? $" on {branch}" : " (detached)") +
                    (git.IsDirty ? ", with uncommitted changes" : ", clean") + (git.RemoteUrl is { } remote ? $", {remote}" : ""));
            }
        }
        if (record.Inputs.Count > 0)
        {
            text.Append("Inputs").Append(From("inputs")).Append('\n');
            foreach (var input in record.Inputs.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                var files = record.InputFiles.TryGetValue(input.Name, out var listing) ? $", {listing.Count} file(s)" : "";
                text.Append(CultureInfo.InvariantCulture, $"  {input.Name} ({input.Kind}): {input.Value}")
                    .Append(input.Sha256 is { } sha ? $"\n    sha256 {sha}{files}" : "").Append('\n');
            }
        }
        var outputs = record.Outputs.Keys.Concat(record.OutputDigests.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (outputs.Count > 0)
        {
            text.Append("Outputs").Append(From("outputs")).Append('\n');
            foreach (var output in outputs)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {output}: {record.Outputs.GetValueOrDefault(output) ?? (output == "artifacts/outputs" ? "./outputs (the job's artifacts)" : "(no folder)")}\n");
                if (record.OutputDigests.TryGetValue(output, out var digest))
                {
                    text.Append(CultureInfo.InvariantCulture, $"    dirHash1 {digest.Sha256}, {digest.FileCount} file(s), {digest.Bytes} bytes\n");
                }
            }
        }
        if (record.Metrics.Count > 0)
        {
            text.Append("Metrics (final values)").Append(From("metrics")).Append('\n');
            foreach (var (key, points) in record.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                var last = points.OrderBy(p => p.LoggedOn).ThenBy(p => p.Step).Last();
                text.Append(CultureInfo.InvariantCulture, $"  {key} = {last.Value.ToString("R", CultureInfo.InvariantCulture)} (step {last.Step}, {points.Count} point(s))\n");
            }
        }
        if (record.Params.Count > 0)
        {
            text.Append("Params").Append(From("params")).Append('\n');
            foreach (var (key, value) in record.Params.OrderBy(p => p.Key, StringComparer.Ordinal)) text.Append(CultureInfo.InvariantCulture, $"  {key} = {value}\n");
        }
        foreach (var warning in record.Warnings) text.Append("Warning: ").Append(warning).Append('\n');
        return text.ToString();
    }
}
