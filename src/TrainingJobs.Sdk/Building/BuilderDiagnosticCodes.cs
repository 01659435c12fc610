namespace TrainingJobs.Sdk.Building;

/// <summary>
/// Diagnostic codes for problems only a builder can see (the range <c>TJ0900</c>–<c>TJ0999</c>). Everything that
/// can be seen in the built <see cref="Definitions.JobDefinition"/> is left to <see cref="Validation.JobValidator"/>
/// and its codes (<c>TJ0001</c>–<c>TJ0899</c>), so each problem is reported once, by one owner: a step bound to
/// an output its step lacks is the validator's TJ0006, a binding to a step not in the pipeline its TJ0005.
/// (TJ0901 and TJ0903 were such duplicates and are retired.)
/// </summary>
public static class BuilderDiagnosticCodes
{
    /// <summary>
    /// <c>TJ0902</c> (error): two different handles with the same name would be declared automatically (for
    /// example two <c>Input.Number("lr")</c> handles with different defaults used in one command). Declare the one
    /// you mean with <c>WithInput</c>/<c>WithOutput</c>/<c>WithSearchSpace</c>, or use one handle.
    /// </summary>
    public const string ConflictingHandles = "TJ0902";

    /// <summary><c>TJ0904</c> (error): two steps of one pipeline have the same name; the later would hide the earlier.</summary>
    public const string DuplicateStepName = "TJ0904";

    /// <summary>
    /// <c>TJ0905</c> (error): a part the model cannot hold empty was never given to the builder (a sweep's trial,
    /// sampling algorithm or objective).
    /// </summary>
    public const string MissingRequiredPart = "TJ0905";
}
