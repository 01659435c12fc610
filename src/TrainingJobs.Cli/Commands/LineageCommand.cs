using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TrainingJobs.Cli.Commands.Job;
using TrainingJobs.Sdk.Lineage;

namespace TrainingJobs.Cli.Commands;

/// <summary><c>tj lineage</c>: questions across jobs, answered from the records and the workspace's digest index.</summary>
internal static class LineageCommand
{
    /// <summary>Builds the <c>lineage</c> command and its verbs.</summary>
    /// <param name="context">Where output goes.</param>
    public static Command Build(CliContext context)
    {
        var lineage = new Command("lineage", "Lineage across jobs: which job produced a file, and from what.");
        lineage.Subcommands.Add(Find(context));
        return lineage;
    }

    private static Command Find(CliContext context)
    {
        var command = new Command("find", "Which job produced this content (by SHA-256 or a file's content), what it consumed, and the jobs up its producing chain.");
        var sha = new Option<string>("--sha256") { Description = "The SHA-256 (hex) of a file." };
        var path = new Option<string>("--path") { Description = "A file: its SHA-256 is computed and looked up." };
        var output = CommonOptions.Output("text", "text", "json");
        command.Options.Add(sha);
        command.Options.Add(path);
        command.Options.Add(output);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        JobVerbs.SetAction(command, context, async (parse, client, cancellationToken) =>
        {
            var (digest, problem) = await DigestAsync(parse.GetValue(sha), parse.GetValue(path), context, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                await context.Error.WriteLineAsync(TerminalText.Neutralize($"error: {problem}")).ConfigureAwait(false);
                // What the user typed is wrong (usage, 2); a file named with --path that cannot be read is a failure (1).
                return problem.StartsWith("--path", StringComparison.Ordinal) ? ExitCodes.Failure : ExitCodes.Usage;
            }
            var answer = await client.TraceContentAsync(digest!, cancellationToken).ConfigureAwait(false);
            if (answer.Chain.Count == 0)
            {
                var used = answer.Matches.Select(m => m.Job).Distinct(StringComparer.Ordinal).ToList();
                var message = used.Count == 0
                    ? $"no job in this workspace recorded a file with sha256 {digest}."
                    : $"no job produced sha256 {digest}; it was read (as code or input) by: {string.Join(", ", used)}.";
                await context.Error.WriteLineAsync(TerminalText.Neutralize("error: " + message)).ConfigureAwait(false);
                return ExitCodes.Failure;
            }
            var text = parse.GetValue(output) == "json" ? Json(answer) : Text(answer);
            // Names and paths are user data: no escape sequence of them reaches the terminal.
            await context.Out.WriteAsync(TerminalText.NeutralizeLines(text.TrimEnd('\n')) + "\n").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<(string? Digest, string? Problem)> DigestAsync(string? sha, string? path, CliContext context, CancellationToken cancellationToken)
    {
        if ((sha is null) == (path is null)) return (null, "give either --sha256 or --path.");
        if (sha is not null)
        {
            return sha.Length == 64 && sha.All(Uri.IsHexDigit) ? (sha.ToLowerInvariant(), null) : (null, $"--sha256 must be 64 hex digits, not '{sha}'.");
        }
        var full = Path.GetFullPath(path!, context.WorkingDirectory);
        if (!File.Exists(full)) return (null, $"--path {path}: no such file.");
        await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return (Convert.ToHexStringLower(hash), null);
    }

    /// <summary>The answer for a person: each producing job with what it consumed, then the source data.</summary>
    internal static string Text(ContentLineage answer)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"sha256 {answer.Sha256}\n");
        foreach (var step in answer.Chain)
        {
            var job = step.Record.Job;
            text.Append(step.ReadBy is null
                ? $"\nProduced by {job.Name}: output {step.Output}, path {step.Path}\n"
                : $"\nUpstream {job.Name}: its output {step.Output} was input {step.ReadAs} of {step.ReadBy}\n");
            text.Append(CultureInfo.InvariantCulture, $"  status      {job.Status}\n");
            if (job.ParentJobName is { } parent) text.Append(CultureInfo.InvariantCulture, $"  parent      {parent}\n");
            if (step.Record.CodeDigest is { } code) text.Append(CultureInfo.InvariantCulture, $"  code        dirHash1 {code}\n");
            foreach (var consumed in step.Inputs)
            {
                var input = consumed.Input;
                text.Append(CultureInfo.InvariantCulture, $"  input       {input.Name} ({input.Kind}): {input.Value}\n");
                if (input.Sha256 is { } sha) text.Append(CultureInfo.InvariantCulture, $"              sha256 {sha}\n");
                if (consumed.ProducedBy is { } producer) text.Append(CultureInfo.InvariantCulture, $"              produced by {producer} (output {consumed.ProducerOutput})\n");
            }
        }
        var sources = answer.SourceInputs.ToList();
        if (sources.Count > 0)
        {
            text.Append("\nSource data (no recorded job produced it)\n");
            foreach (var (job, input) in sources) text.Append(CultureInfo.InvariantCulture, $"  {input.Name} of {job}: sha256 {input.Sha256}  {input.Value}\n");
        }
        return text.ToString();
    }

    /// <summary>The answer as JSON: <c>sha256</c>, <c>produced_by</c>, <c>chain</c> (each job with its inputs) and <c>source_inputs</c>.</summary>
    internal static string Json(ContentLineage answer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("sha256", answer.Sha256);
            json.WriteStartArray("produced_by");
            foreach (var step in answer.Chain.Where(s => s.ReadBy is null))
            {
                json.WriteStartObject();
                json.WriteString("job", step.Record.Job.Name);
                json.WriteString("output", step.Output);
                json.WriteString("path", step.Path);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("chain");
            foreach (var step in answer.Chain)
            {
                var job = step.Record.Job;
                json.WriteStartObject();
                json.WriteString("job", job.Name);
                if (job.ParentJobName is { } parent) json.WriteString("parent_job_name", parent);
                json.WriteString("status", job.Status.ToString());
                json.WriteString("output", step.Output);
                if (step.Path is { } path) json.WriteString("path", path);
                if (step.ReadBy is { } readBy)
                {
                    json.WriteString("read_by", readBy);
                    json.WriteString("read_as", step.ReadAs);
                }
                if (step.Record.CodeDigest is { } code) json.WriteString("code_dir_hash1", code);
                json.WriteStartArray("inputs");
                foreach (var consumed in step.Inputs)
                {
                    json.WriteStartObject();
                    json.WriteString("name", consumed.Input.Name);
                    json.WriteString("kind", consumed.Input.Kind);
                    json.WriteString("value", consumed.Input.Value);
                    if (consumed.Input.Sha256 is { } sha) json.WriteString("sha256", sha);
                    if (consumed.ProducedBy is { } producer)
                    {
                        json.WriteStartObject("produced_by");
                        json.WriteString("job", producer);
                        json.WriteString("output", consumed.ProducerOutput);
                        json.WriteEndObject();
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("source_inputs");
            foreach (var (job, input) in answer.SourceInputs)
            {
                json.WriteStartObject();
                json.WriteString("job", job);
                json.WriteString("input", input.Name);
                json.WriteString("value", input.Value);
                json.WriteString("sha256", input.Sha256);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
