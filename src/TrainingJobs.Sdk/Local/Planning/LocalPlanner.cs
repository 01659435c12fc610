using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage;
using TrainingJobs.Sdk.Local.Planning.Steps;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// Turns a command job into a <see cref="LocalJobPlan"/>: snapshots the code, resolves inputs, creates output
/// folders, binds the command, maps the environment and sets the variables Azure ML sets, one step each (in
/// <c>Steps/</c>, over a shared <see cref="PlanningContext"/>). Files go through
/// <see cref="PlanningFiles"/>: a staging folder on submit (every path in the plan is already the job's final folder),
/// nowhere when validation rehearses the submit.
/// </summary>
internal static class LocalPlanner
{
    /// <summary>The plan (null when the job cannot run here), every diagnostic, and the file listings a record keeps beside the plan.</summary>
    public sealed record Result(LocalJobPlan? Plan, IReadOnlyList<Diagnostic> Diagnostics)
    {
        /// <summary>Every file of the code snapshot and of each asset input, with its digest (empty in a rehearsal).</summary>
        public PlannedFiles Files { get; init; } = PlannedFiles.None;

        /// <summary>The code folder (or file) the snapshot was taken from; null without code. Its git state is read from there.</summary>
        public string? CodeSource { get; init; }

        /// <summary>
        /// The plan with the git state of its code folder (<see cref="GitInspector"/>), which the submit reads apart from the
        /// (synchronous) planning because it runs git; <paramref name="states"/> remembers states a parent's children share.
        /// </summary>
        public async Task<LocalJobPlan?> WithGitAsync(GitInspector.Remembered? states = null)
        {
            if (Plan is null || CodeSource is null) return Plan;
            var git = states is null ? await GitInspector.ReadAsync(CodeSource).ConfigureAwait(false) : await states.ReadAsync(CodeSource).ConfigureAwait(false);
            return Plan with { Git = git };
        }
    }

    /// <summary>The files a job was given: its code snapshot's and each asset input's, each with its SHA-256.</summary>
    public sealed record PlannedFiles(IReadOnlyList<FileDigest> Code, IReadOnlyDictionary<string, IReadOnlyList<FileDigest>> Inputs)
    {
        /// <summary>No files.</summary>
        public static PlannedFiles None { get; } = new([], new Dictionary<string, IReadOnlyList<FileDigest>>());
    }

    public static Result Plan(CommandJob job, string experimentId, string jobFolder, PlanningFiles files, string baseDirectory, EnvironmentTable environments)
    {
        var context = new PlanningContext(job, files, jobFolder, baseDirectory);
        foreach (var folder in ArtifactFolders) files.CreateFolder(Path.Combine("artifacts", folder));
        context.Diagnostics.AddRange(CheckNames(job));
        if (context.Diagnostics.Count > 0) return new Result(null, context.Diagnostics);

        // Each step reports into the context, in the order the user reads the diagnostics.
        var code = CodeStep.Take(context);
        var inputs = InputStep.Resolve(context);
        var outputs = OutputStep.Create(context);
        var bound = CommandStep.Bind(context, inputs, outputs);
        ComputeStep.Check(context);
        var command = EnvironmentStep.Map(context, environments, bound ?? "");
        var processes = DistributionStep.Plan(context);
        if (context.HasErrors) return new Result(null, context.Diagnostics);

        var plan = new LocalJobPlan
        {
            Name = job.Name!,
            ExperimentName = ExperimentOf(job),
            ExperimentId = experimentId,
            WorkingDirectory = context.InJobFolder("code"),
            BoundCommand = bound!,
            ExecutedCommand = command.Executed,
            Environment = JobVariables.For(context, experimentId, inputs, outputs),
            DistributionType = processes.Type,
            ProcessCount = processes.ProcessCount,
            ProcessesPerInstance = processes.ProcessesPerInstance,
            ParameterServerCount = processes.ParameterServerCount,
            TimeoutSeconds = job.Limits?.Timeout?.TotalSeconds,
            Outputs = new Dictionary<string, string>(outputs, StringComparer.Ordinal),
            Inputs = [.. inputs.Planned],
            CodeDigest = code.Digest,
            IgnoreFile = code.IgnoreFile,
            EnvironmentResolution = command.Resolution,
            Warnings = context.Diagnostics.Where(d => !d.IsError).Select(d => $"{d.Code}: {d.Message}").ToList(),
            SubmittedBy = $"{System.Environment.UserName}@{System.Environment.MachineName}",
            Compute = new ComputeInfo("local", job.Compute, System.Environment.MachineName, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                System.Environment.ProcessorCount),
            TrackingToken = Mlflow.MlflowServer.NewToken(),
        };
        return new Result(plan, context.Diagnostics) { Files = new PlannedFiles(context.CodeFiles, context.InputFiles), CodeSource = context.CodeSource };
    }

    /// <summary>The experiment a job is filed under: its own, else <c>Default</c> as on Azure ML.</summary>
    internal static string ExperimentOf(CommandJob job) => job.ExperimentName ?? "Default";

    /// <summary>The folders under <c>artifacts/</c> every job has, even one that fails to plan.</summary>
    private static readonly string[] ArtifactFolders = ["user_logs", "system_logs", "outputs"];

    /// <summary>
    /// The names the local backend cannot use (<see cref="LocalDiagnosticCodes.InvalidName"/>): the job name and the
    /// input and output names, checked with <see cref="NameRules"/>, the one owner of naming rules. Reads nothing
    /// from disk, so it can run before anything is planned or started.
    /// </summary>
    /// <summary>Why a job name cannot be a local job's (it becomes a folder and a database key), or null.</summary>
    internal static Diagnostic? CheckJobName(string name) => NameRules.IsValidJobName(name)
        ? null
        : new Diagnostic(LocalDiagnosticCodes.InvalidName, DiagnosticSeverity.Error,
            $"'{name}' is not a valid job name: use letters, digits, '-' and '_', starting with a letter or digit (at most 255 characters).", "name");

    internal static IReadOnlyList<Diagnostic> CheckNames(CommandJob job)
    {
        var diagnostics = new List<Diagnostic>();
        if (job.Name is { } name && CheckJobName(name) is { } invalidName) diagnostics.Add(invalidName);
        foreach (var (kind, names) in new[] { ("input", job.Inputs.Keys), ("output", job.Outputs.Keys) })
        {
            foreach (var invalid in names.Where(n => !NameRules.IsValidLocalPortName(n)))
            {
                diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.InvalidName, DiagnosticSeverity.Error,
                    $"'{invalid}' is not a valid {kind} name for a local job: use letters, digits and '_', starting with a letter or '_' " +
                    "(no dots: the name becomes an environment variable's).", DiagnosticPath.Append(kind + "s", invalid)));
            }
        }
        return diagnostics;
    }
}
