using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>
/// The one required-field rule (<see cref="ValidationCodes.RequiredFieldMissing"/>, TJ0001) for the fields every face
/// needs: the validator reports these, and the REST face reports the same diagnostic when it writes a payload without
/// them (it used to have its own code, TJ2001, for the same missing field).
/// </summary>
internal static class RequiredFields
{
    /// <summary>The code of every diagnostic made here.</summary>
    public const string Code = ValidationCodes.RequiredFieldMissing;

    /// <summary>A command job (or a sweep trial, <paramref name="what"/>) without a command.</summary>
    public static Diagnostic MissingCommand(string path, string what = "A command job") =>
        Make($"{what} needs a command.", path);

    /// <summary>A command job without an environment.</summary>
    public static Diagnostic MissingEnvironment(string path) =>
        Make("A command job needs an environment (azureml:<name>:<version>, or an inline image).", path);

    /// <summary>A data input without a path; an optional one is reported only where a path is needed all the same (the REST payload).</summary>
    public static Diagnostic MissingInputPath(AssetType type, bool optional, string path) =>
        Make(optional
            ? $"The {type} input has no path: an input given to the job needs a local path, a datastore URI or an asset reference, optional or not."
            : $"The {type} input has no path: give a local path, a datastore URI or an asset reference, or mark it optional.", path);

    /// <summary>A sweep without an objective.</summary>
    public static Diagnostic MissingObjective(string path) =>
        Make("A sweep needs an objective: the primary metric and whether to maximize or minimize it.", path);

    /// <summary>
    /// The command and sweep steps of <paramref name="pipeline"/> that no level gives a compute: not the step, not the
    /// pipeline's <c>settings.default_compute</c>, not the pipeline's <c>compute</c>. azure-ai-ml refuses such a pipeline
    /// when it is validated or submitted ("Compute not set", <c>PipelineJob._validate_compute_is_set</c>), not when it is
    /// loaded; so the Azure ML face (the REST payload) reports it, and the local backend, which runs steps on this
    /// machine, never asks. A nested pipeline step without a compute of its own is looked into; a step whose pipeline
    /// is a registered component cannot be, and is not reported.
    /// </summary>
    public static IEnumerable<Diagnostic> MissingPipelineCompute(PipelineJob pipeline, string path = "")
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (pipeline.Compute is not null || pipeline.Settings?.DefaultCompute is not null) return [];
        return StepsWithoutCompute(pipeline, path);
    }

    private static IEnumerable<Diagnostic> StepsWithoutCompute(PipelineJob pipeline, string path)
    {
        foreach (var (name, step) in pipeline.Steps)
        {
            if (step?.Job is not { } job || job.Compute is not null) continue;
            var stepPath = DiagnosticPath.Append(path, "jobs", name);
            if (job is PipelineJob inline)
            {
                var body = step.Component?.Definition?.Body as PipelineJob ?? inline;
                foreach (var d in StepsWithoutCompute(body, stepPath)) yield return d;
                continue;
            }
            yield return Make($"Compute not set: step '{name}' names no compute, and neither the pipeline's 'compute' nor its " +
                "'settings.default_compute' gives one, so Azure ML has nowhere to run it (azure-ai-ml refuses the pipeline with " +
                "'Compute not set' too). Set one of the three; the local backend runs the step without one.", DiagnosticPath.Append(stepPath, "compute"));
        }
    }

    private static Diagnostic Make(string message, string path) => new(Code, ValidationCodes.SeverityOf(Code), message, path);
}
