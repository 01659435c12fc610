using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Cli.Commands.Job;

/// <summary>The JSON that <c>tj job validate -o json</c> prints for one file.</summary>
/// <param name="File">The file, as given on the command line.</param>
/// <param name="Valid">Whether the file has no errors.</param>
/// <param name="Diagnostics">Every diagnostic found.</param>
internal sealed record ValidatedFile(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("diagnostics")] IReadOnlyList<ValidatedDiagnostic> Diagnostics);

/// <summary>One diagnostic in <c>tj job validate -o json</c> output.</summary>
internal sealed record ValidatedDiagnostic(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("line")] int? Line,
    [property: JsonPropertyName("column")] int? Column,
    [property: JsonPropertyName("path")] string Path)
{
    /// <summary>The file the diagnostic is in, when it is not the validated file (a referenced component).</summary>
    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }

    public static ValidatedDiagnostic From(Diagnostic diagnostic, string file) => new(
        diagnostic.Code,
        SeverityWord(diagnostic.Severity),
        diagnostic.Message,
        diagnostic.Location?.Line,
        diagnostic.Location?.Column,
        diagnostic.Path)
    {
        Source = diagnostic.Location?.File is { } source && source != file ? source : null,
    };

    /// <summary>The severity as printed: error, warning, info.</summary>
    public static string SeverityWord(DiagnosticSeverity severity) => severity.ToString().ToLowerInvariant();
}

/// <summary>Source-generated JSON metadata for the CLI's validate output.</summary>
[JsonSerializable(typeof(List<ValidatedFile>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Indented, with only the escaping JSON itself requires: people read this output, and messages quote names
    /// ('automl') and paths that the default HTML-safe encoder would print as <c>\u0027</c>. Nothing embeds it in HTML.
    /// </summary>
    public static CliJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
