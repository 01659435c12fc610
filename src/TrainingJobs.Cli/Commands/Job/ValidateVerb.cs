using System.CommandLine;
using System.Text.Json;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary>
/// <c>tj job validate</c>: check job files and print diagnostics — the YAML face's, the validator's and the local
/// backend's planning diagnostics (what <c>tj job create</c> would refuse or warn about), without running or creating
/// anything; <c>--file-only</c> checks the files alone.
/// </summary>
internal static class ValidateVerb
{
    public static Command Build(CliContext context)
    {
        var command = new Command("validate",
            "Validate job YAML files, and plan them on the local workspace without running anything; prints F:line:col: severity CODE: message. Exit 1 when any file has errors.");
        var files = new Option<string[]>("--file", "-f") { Description = $"A job YAML file (repeatable; a regular file of at most {CommonOptions.JobFileLimit}).", Required = true };
        var sets = CommonOptions.Set();
        var output = CommonOptions.Output("text", "text", "json");
        var fileOnly = new Option<bool>("--file-only") { Description = "Check the files alone (YAML and validation rules), without the backend's planning checks." };
        foreach (var option in new Option[] { files, sets, output, fileOnly }) command.Options.Add(option);
        foreach (var option in CommonOptions.Workspace()) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) =>
        {
            Task<int> Run(TrainingJobsClient? client, CancellationToken token) => RunAsync(context, parse.GetValue(files) ?? [], parse.GetValue(sets) ?? [],
                parse.GetValue(output) == "json", client, token);
            // No backend, no workspace: the workspace flags do not matter to a check of the files alone.
            return parse.GetValue(fileOnly)
                ? Run(null, cancellationToken)
                : JobVerbs.RunAsync(command, parse, context, (_, client, token) => Run(client, token), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string[] files, string[] overrides, bool json, TrainingJobsClient? client,
        CancellationToken cancellationToken)
    {
        var results = new List<ValidatedFile>();
        var lines = new List<string>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.GetFullPath(file, context.WorkingDirectory);
            var loaded = YamlJobLoader.Load(path, new YamlLoadOptions { Overrides = overrides, SourceName = file, Validate = client is null });
            var diagnostics = client is null ? loaded.Diagnostics : await CheckAsync(client, loaded, loaded.Definition, path, cancellationToken).ConfigureAwait(false);
            results.Add(new ValidatedFile(file, loaded.Definition is not null && !diagnostics.Any(d => d.IsError),
                [.. diagnostics.Select(d => ValidatedDiagnostic.From(d, file))]));
            lines.AddRange(diagnostics.Select(d => FormatLine(d, file)));
        }

        if (json)
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
    }

    /// <summary>
    /// Every diagnostic of a job file loaded without validation, in the file's terms: the YAML face's own, then the
    /// client's check (the validator's and the backend's, less what the backend tolerates), placed where each path was
    /// written. <c>tj job validate</c> and <c>tj job create</c> both print this, before anything runs.
    /// </summary>
    /// <param name="client">The client whose backend plans the job.</param>
    /// <param name="loaded">The file, loaded with <see cref="YamlLoadOptions.Validate"/> off.</param>
    /// <param name="definition">The job to check (the loaded one, perhaps renamed); null when the file did not load.</param>
    /// <param name="path">The file's full path: relative paths in the job resolve against its folder.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    internal static async Task<IReadOnlyList<Diagnostic>> CheckAsync(TrainingJobsClient client, YamlLoadResult loaded, Sdk.Definitions.JobDefinition? definition,
        string path, CancellationToken cancellationToken)
    {
        if (definition is null) return loaded.Diagnostics;
        var checkedByClient = await client.ValidateAsync(definition, SubmitOptionsFor(path), cancellationToken).ConfigureAwait(false);
        return [.. loaded.Diagnostics, .. checkedByClient.Select(loaded.SourceMap.Place)];
    }

    /// <summary>How a job from the file at <paramref name="path"/> is submitted: relative paths resolve against the file's folder.</summary>
    internal static SubmitOptions SubmitOptionsFor(string path) => new() { BaseDirectory = Path.GetDirectoryName(path) };

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
