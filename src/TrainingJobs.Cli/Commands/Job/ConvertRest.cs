using System.Text.Encodings.Web;
using System.Text.Json;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.IO;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary>
/// The REST side of <c>tj job convert</c>: a job YAML to the ARM PUT body (<c>--to rest</c>), and a job resource
/// as GET or list returns it (one resource, or a list page) back to CLI YAML.
/// </summary>
internal static class ConvertRest
{
    /// <summary>The workspace used in ids when none is named; the placeholders say what to fill in.</summary>
    private static readonly AzureMLWorkspaceScope PlaceholderScope = new("{subscriptionId}", "{resourceGroupName}", "{workspaceName}");

    /// <summary>
    /// JSON for people to read: indented, and quotes and non-ASCII text written as they are rather than as
    /// <c>\u0022</c>; the text goes to a terminal or a file, never into HTML.
    /// </summary>
    private static readonly JsonSerializerOptions HumanJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The largest job resource or list page read (64 MiB): a page of jobs with their full definitions.</summary>
    public const int MaxJsonBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Whether the file holds a REST job resource (JSON) rather than a YAML job. A file that cannot be read safely
    /// (a FIFO, a device, too large) is not JSON here: the YAML loader then says why it cannot be read.
    /// </summary>
    public static bool IsJson(string path)
    {
        if (Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase)) return true;
        string text;
        try
        {
            text = BoundedFile.ReadAllText(path, YamlLoadOptions.Default.MaxDocumentBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return text.TrimStart() is ['{' or '[', ..];
    }

    /// <summary>Checks the workspace options: all three, or none.</summary>
    public static (AzureMLWorkspaceScope? Scope, string? Error) Scope(string? subscription, string? resourceGroup, string? workspace)
    {
        var given = new[] { subscription, resourceGroup, workspace }.Count(v => !string.IsNullOrEmpty(v));
        if (given == 0) return (null, null);
        if (given < 3) return (null, "--subscription, --resource-group and --workspace-name go together: give all three, or none for placeholder ids.");
        return (new AzureMLWorkspaceScope(subscription!, resourceGroup!, workspace!), null);
    }

    /// <summary>Loads a job YAML and prints its PUT body; diagnostics go to standard error.</summary>
    public static async Task<int> YamlToRestAsync(CliContext context, string file, string[] sets, AzureMLWorkspaceScope? scope, CancellationToken cancellationToken)
    {
        if (await ConvertVerb.LoadYamlAsync(context, file, sets).ConfigureAwait(false) is not { } job) return ExitCodes.Failure;
        cancellationToken.ThrowIfCancellationRequested();

        if (scope is null)
        {
            await context.Error.WriteLineAsync($"{file}: info: no workspace given (--subscription, -g, -w); ids use the placeholders {{subscriptionId}}, {{resourceGroupName}}, {{workspaceName}}.").ConfigureAwait(false);
        }
        var session = new RestMappingSession(scope ?? PlaceholderScope);
        return await WritePayloadAsync(context, file, JobRestMapper.ToRest(job, session)).ConfigureAwait(false);
    }

    /// <summary>Reads a job resource or a list page and prints CLI YAML (a multi-document stream for a page), or the PUT body.</summary>
    public static async Task<int> JsonToAsync(CliContext context, string file, string to, AzureMLWorkspaceScope? scope, CancellationToken cancellationToken)
    {
        var path = Path.Combine(context.WorkingDirectory, file);
        string json;
        try
        {
            // A regular file only, and bounded: a FIFO or /dev/zero named as --file must not hang tj.
            json = BoundedFile.ReadAllText(path, MaxJsonBytes);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"{file}: error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        return to == "rest" ? await JsonToRestAsync(context, file, json).ConfigureAwait(false) : await JsonToYamlAsync(context, file, json, scope).ConfigureAwait(false);
    }

    private static async Task<int> JsonToYamlAsync(CliContext context, string file, string json, AzureMLWorkspaceScope? scope)
    {
        // The named workspace is the one a job without `id` belongs to: its ids read back as short references.
        var jobs = JobRestMapper.ReadJobs(json, scope: scope);
        var exitCode = ExitCodes.Success;
        var written = 0;
        foreach (var job in jobs)
        {
            foreach (var diagnostic in job.Diagnostics)
            {
                var message = diagnostic.Code == RestDiagnosticCodes.UnsupportedJobType
                    ? $"{file}: error {diagnostic.Code}: job '{job.Name}' is of type '{job.JobType}', which the SDK does not model (it converts Command, Pipeline and Sweep jobs); it is left out."
                    : Format(diagnostic, file, job.Name);
                await context.Error.WriteLineAsync(message).ConfigureAwait(false);
            }
            // Any error means the YAML is not the job the service holds (DESIGN §9: invalid input exits 1); a job that
            // still has a definition is printed all the same, so what could be read is not lost.
            if (job.Diagnostics.Any(d => d.IsError)) exitCode = ExitCodes.Failure;
            if (job.Definition is null)
            {
                exitCode = ExitCodes.Failure;
                continue;
            }
            // A list page becomes a multi-document YAML stream, one document per job.
            if (written++ > 0) await context.Out.WriteLineAsync("---").ConfigureAwait(false);
            var yaml = YamlJobWriter.Write(job.Definition);
            await context.Out.WriteAsync(yaml.EndsWith('\n') ? yaml : yaml + "\n").ConfigureAwait(false);
        }
        return exitCode;
    }

    private static Task<int> JsonToRestAsync(CliContext context, string file, string json) =>
        WritePayloadAsync(context, file, JobRestMapper.PutBodyOf(json));

    /// <summary>Prints a PUT body, its diagnostics on standard error; nothing but them when it has errors.</summary>
    private static async Task<int> WritePayloadAsync(CliContext context, string file, RestPayload payload)
    {
        foreach (var diagnostic in payload.Diagnostics)
        {
            await context.Error.WriteLineAsync(Format(diagnostic, file)).ConfigureAwait(false);
        }
        if (payload.HasErrors) return ExitCodes.Failure;
        await context.Out.WriteLineAsync(payload.Body.ToJsonString(HumanJson)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string Format(Diagnostic diagnostic, string file, string? job = null)
    {
        var where = job is null ? file : $"{file} (job '{job}')";
        var path = diagnostic.Path.Length == 0 ? "" : diagnostic.Path + ": ";
        return TerminalText.Neutralize($"{where}: {ValidatedDiagnostic.SeverityWord(diagnostic.Severity)} {diagnostic.Code}: {path}{diagnostic.Message}");
    }
}
