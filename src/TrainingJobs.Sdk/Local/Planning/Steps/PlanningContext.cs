using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>
/// What the planning steps share: the job, where its files go (<see cref="PlanningFiles"/>: staged on submit, nowhere
/// in a rehearsal), and the diagnostics found so far, in the order found (the order the user reads them).
/// </summary>
internal sealed class PlanningContext(CommandJob job, PlanningFiles files, string jobFolder, string baseDirectory)
{
    /// <summary>Every file of the code snapshot (empty without code, and in a rehearsal).</summary>
    public IReadOnlyList<FileDigest> CodeFiles { get; set; } = [];

    /// <summary>Every file of each asset input, by input name (empty lists in a rehearsal).</summary>
    public Dictionary<string, IReadOnlyList<FileDigest>> InputFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>The code folder (or file) the snapshot was taken from, once resolved; null without code.</summary>
    public string? CodeSource { get; set; }

    /// <summary>The job being planned.</summary>
    public CommandJob Job { get; } = job;

    /// <summary>Where the job's files go.</summary>
    public PlanningFiles Files { get; } = files;

    /// <summary>The job's final folder: every path in the plan points into it, even while the files are staged elsewhere.</summary>
    public string JobFolder { get; } = jobFolder;

    /// <summary>The folder relative paths in the job are resolved against.</summary>
    public string BaseDirectory { get; } = baseDirectory;

    /// <summary>The diagnostics found so far.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>Whether an error was found: the job is then not planned.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>A path inside the job's final folder.</summary>
    public string InJobFolder(params string[] parts) => Path.Combine([JobFolder, .. parts]);

    /// <summary>Adds an error.</summary>
    public void Error(string code, string path, string message) => Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, path));

    /// <summary>Adds a warning.</summary>
    public void Warn(string code, string path, string message) => Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, path));

    /// <summary>What a copy or digest left out or kept as a link, as warnings.</summary>
    public void AddNotices(string path, string lead, IReadOnlyList<string> notices)
    {
        foreach (var notice in notices) Warn(LocalDiagnosticCodes.EntrySkipped, path, lead + notice);
    }
}
