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

    private static Diagnostic Make(string message, string path) => new(Code, ValidationCodes.SeverityOf(Code), message, path);
}
