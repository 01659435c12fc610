using System.CommandLine;
using System.Text.Json;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary><c>tj job validate</c>: check job files and print diagnostics.</summary>
internal static class ValidateVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("validate", "Validate job YAML files; prints F:line:col: severity CODE: message. Exit 1 when any file has errors.");
        var files = new Option<string[]>("--file", "-f") { Description = $"A job YAML file (repeatable; a regular file of at most {CommonOptions.JobFileLimit}).", Required = true };
        var sets = CommonOptions.Set();
        var output = CommonOptions.Output("text", "text", "json");
        command.Options.Add(files);
        command.Options.Add(sets);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = parse.GetValue(sets) ?? [];
            var results = new List<ValidatedFile>();
            var lines = new List<string>();
            foreach (var file in parse.GetValue(files) ?? [])
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = YamlJobLoader.Load(Path.Combine(context.WorkingDirectory, file), new YamlLoadOptions
                {
                    Overrides = overrides,
                    SourceName = file,
                });
                results.Add(new ValidatedFile(file, !result.HasErrors && result.Definition is not null,
                    [.. result.Diagnostics.Select(d => ValidatedDiagnostic.From(d, file))]));
                lines.AddRange(result.Diagnostics.Select(d => FormatLine(d, file)));
            }

            if (parse.GetValue(output) == "json")
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(results, CliJsonContext.Readable.ListValidatedFile)).ConfigureAwait(false);
            }
            else
            {
                foreach (var line in lines) await context.Out.WriteLineAsync(line).ConfigureAwait(false);
                var invalid = results.Count(r => !r.Valid);
                await context.Error.WriteLineAsync($"{results.Count} file(s) checked, {invalid} with errors.").ConfigureAwait(false);
            }
            return results.All(r => r.Valid) ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary><c>F:line:col: severity CODE: message</c> (or <c>F: …</c> when the problem has no position).</summary>
    internal static string FormatLine(Diagnostic diagnostic, string file)
    {
        var where = diagnostic.Location is { } location
            ? $"{location.File ?? file}:{location.Line}:{location.Column}"
            : file;
        // Messages may quote the file's own text: a YAML "\e" escape must not reach the terminal as ESC.
        return TerminalText.Neutralize($"{where}: {ValidatedDiagnostic.SeverityWord(diagnostic.Severity)} {diagnostic.Code}: {diagnostic.Message}");
    }
}
