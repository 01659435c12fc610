using System.Collections.Frozen;

namespace TrainingJobs.Sdk.Validation;

/// <summary>One entry of the diagnostic catalog: a stable code, its severity and what it means.</summary>
/// <param name="Code">The stable code (<c>TJ</c> + 4 digits).</param>
/// <param name="Severity">The severity every diagnostic with this code has.</param>
/// <param name="Title">A one-line summary of what the code reports.</param>
public sealed record ValidationCodeInfo(string Code, DiagnosticSeverity Severity, string Title);

/// <summary>
/// The catalog of the codes <see cref="JobValidator"/> reports. Codes are stable: a code is never reused for
/// another meaning. <c>TJ0900</c>–<c>TJ0999</c> belong to the builders and <c>TJ1xxx</c>–<c>TJ3xxx</c> to the
/// YAML, REST and local faces; they are not listed here. Every code is described in <c>docs/validation.md</c>.
/// </summary>
public static class ValidationCodes
{
    /// <summary>TJ0001: a required field is missing (command, environment, trial, objective, steps, a required input…).</summary>
    public const string RequiredFieldMissing = "TJ0001";

    /// <summary>TJ0002: a job, step, input, output or search-space name breaks the Azure ML naming rules.</summary>
    public const string InvalidName = "TJ0002";

    /// <summary>TJ0003: a <c>${{…}}</c> (or legacy <c>{inputs.x}</c>) expression names no input, output or search-space entry.</summary>
    public const string UnknownExpressionReference = "TJ0003";

    /// <summary>TJ0004: pipeline steps depend on each other in a cycle.</summary>
    public const string PipelineCycle = "TJ0004";

    /// <summary>TJ0005: a binding names a step the pipeline does not have.</summary>
    public const string UnknownStep = "TJ0005";

    /// <summary>TJ0006: a binding names an input or output that the referenced step or the parent pipeline does not have.</summary>
    public const string UnknownBindingTarget = "TJ0006";

    /// <summary>TJ0007: a value of one type is bound to an input of an incompatible type.</summary>
    public const string IncompatibleBindingType = "TJ0007";

    /// <summary>TJ0008: a literal value is outside the input's <c>min</c>/<c>max</c>.</summary>
    public const string LiteralOutOfRange = "TJ0008";

    /// <summary>TJ0009: a literal value is not one of the input's <c>enum</c> values.</summary>
    public const string LiteralNotInEnum = "TJ0009";

    /// <summary>TJ0010: a literal value does not fit the input's declared type.</summary>
    public const string LiteralTypeMismatch = "TJ0010";

    /// <summary>TJ0011: a distribution has fields of another distribution type or impossible values.</summary>
    public const string InvalidDistribution = "TJ0011";

    /// <summary>TJ0012: an output has a registration version but no registration name.</summary>
    public const string OutputVersionWithoutName = "TJ0012";

    /// <summary>TJ0013: the command contains a secret.</summary>
    public const string SecretInCommand = "TJ0013";

    /// <summary>TJ0014: an environment variable value contains a secret.</summary>
    public const string SecretInEnvironmentVariable = "TJ0014";

    /// <summary>TJ0015: a data or model input references an asset without a version (or by a label such as <c>@latest</c>).</summary>
    public const string UnversionedDataReference = "TJ0015";

    /// <summary>TJ0016: the environment is referenced by a label or without a version, or its image tag is mutable.</summary>
    public const string UnpinnedEnvironment = "TJ0016";

    /// <summary>TJ0017: <c>resources.shm_size</c> is not <c>&lt;number&gt;&lt;b|k|m|g&gt;</c>.</summary>
    public const string InvalidShmSize = "TJ0017";

    /// <summary>TJ0018: a count, limit or timeout is zero or negative.</summary>
    public const string NonPositiveLimit = "TJ0018";

    /// <summary>TJ0019: a lower bound is greater than its upper bound.</summary>
    public const string MinGreaterThanMax = "TJ0019";

    /// <summary>TJ0020: the sweep objective has no primary metric or an unknown goal.</summary>
    public const string InvalidObjective = "TJ0020";

    /// <summary>TJ0021: the early-termination policy has missing or impossible parameters.</summary>
    public const string InvalidEarlyTermination = "TJ0021";

    /// <summary>TJ0022: an interactive service has an impossible port, or a <c>nodes</c> value other than <c>all</c>.</summary>
    public const string InvalidService = "TJ0022";

    /// <summary>TJ0023: an expression is malformed (unclosed <c>${{</c>, empty <c>${{}}</c>, unbalanced <c>$[[…]]</c>).</summary>
    public const string MalformedExpression = "TJ0023";

    /// <summary>TJ0024: a search-space parameter has impossible values (no choices, non-positive sigma or q…).</summary>
    public const string InvalidSearchSpace = "TJ0024";

    /// <summary>TJ0025: the sampling algorithm does not support a parameter distribution, a setting or early termination.</summary>
    public const string UnsupportedBySamplingAlgorithm = "TJ0025";

    /// <summary>TJ0026: a step sets an input or output that its component does not declare.</summary>
    public const string UndeclaredComponentPort = "TJ0026";

    /// <summary>TJ0027: an optional input without a default is used in the command outside a <c>$[[…]]</c> segment.</summary>
    public const string OptionalInputOutsideOptionalSegment = "TJ0027";

    /// <summary>TJ0028: an environment variable name is empty or contains <c>=</c>, white space or control characters.</summary>
    public const string InvalidEnvironmentVariableName = "TJ0028";

    /// <summary>TJ0029: a value the service defines (mode, type, tier, priority, service type) is not one it knows.</summary>
    public const string UnknownServiceValue = "TJ0029";

    /// <summary>TJ0030: an input mode is not allowed for the input's type (e.g. <c>eval_mount</c> on a <c>uri_folder</c>).</summary>
    public const string InputModeNotAllowedForType = "TJ0030";

    /// <summary>TJ0031: an input value, output path, code location, tag, property or docker argument contains a secret.</summary>
    public const string SecretInOtherField = "TJ0031";

    /// <summary>TJ0032: a component, trial or code reference has no version or uses a label such as <c>@latest</c>.</summary>
    public const string UnpinnedComponentOrCode = "TJ0032";

    /// <summary>TJ0033: the definition nests deeper than the validator checks; the deeper part was not checked.</summary>
    public const string NestingTooDeep = "TJ0033";

    /// <summary>TJ0034: the validator failed on part of the definition; that part was not checked.</summary>
    public const string ValidatorFault = "TJ0034";

    /// <summary>
    /// TJ0035: a step gives its component a literal outside the component's declared <c>min</c>/<c>max</c> or <c>enum</c>.
    /// Azure ML does not enforce a component's bounds on step values (a published example relies on it), so this is a warning.
    /// </summary>
    public const string StepValueOutsideComponentDeclaration = "TJ0035";

    /// <summary>TJ0036: a search-space entry that the trial never uses (no <c>${{search_space.x}}</c>, no trial input of that name).</summary>
    public const string UnusedSearchSpaceEntry = "TJ0036";

    /// <summary>
    /// TJ0037: the environment is a bare reference (<c>sklearn-env</c>, <c>name:version</c>, a plain path) that is not
    /// <c>azureml:</c>, an ARM id or <c>file:</c>, so Azure ML will not resolve it. A warning: local runs do not need it.
    /// </summary>
    public const string UnresolvableEnvironmentReference = "TJ0037";

    /// <summary>
    /// TJ0038: an asset reference names no version where azure-ai-ml requires one, so it refuses the file when loading: a
    /// data or model input or the code given as <c>azureml:name</c> (no version, no label), or an environment, code or
    /// component ARM id without <c>/versions/</c>. Nothing says which version to use.
    /// </summary>
    public const string DataReferenceWithoutVersion = "TJ0038";

    /// <summary>
    /// TJ0039: a job's code is a datastore or storage URI (<c>azureml://datastores/…</c>, <c>wasbs://…</c>,
    /// <c>abfss://…</c>). Azure ML takes code from a local folder, a code asset, a git URL or an http(s) URL; azure-ai-ml
    /// refuses other values when loading, and the service would be sent a code id it cannot resolve.
    /// </summary>
    public const string StorageUriAsCode = "TJ0039";

    /// <summary>
    /// TJ0040: a sweep job (not a pipeline step) names a registered component as its trial (<c>azureml:train:1</c>, an ARM
    /// id, a registry URI). A sweep job's trial is a command written in place on the wire (the REST API's
    /// <c>TrialComponent</c>), so no service call can run a registered one; azure-ai-ml refuses a text trial when loading
    /// ("Invalid input type."). A sweep step of a pipeline job takes a registered component.
    /// </summary>
    public const string RegisteredTrialInSweepJob = "TJ0040";

    /// <summary>Every code with its severity and title, in code order (the validator's part of <see cref="DiagnosticCatalog"/>).</summary>
    public static IReadOnlyList<ValidationCodeInfo> All { get; } =
        DiagnosticCatalog.Active.Where(entry => DiagnosticCatalog.IsValidatorCode(entry.Code))
            .Select(entry => new ValidationCodeInfo(entry.Code, entry.Severity, entry.Title)).ToArray();

    private static readonly FrozenDictionary<string, ValidationCodeInfo> ByCode =
        All.ToFrozenDictionary(info => info.Code, StringComparer.Ordinal);

    /// <summary>Returns the catalog entry of <paramref name="code"/>, or null when the validator does not own it.</summary>
    /// <param name="code">The code, e.g. <c>TJ0003</c>.</param>
    public static ValidationCodeInfo? Describe(string code) =>
        code is not null && ByCode.TryGetValue(code, out var info) ? info : null;

    internal static DiagnosticSeverity SeverityOf(string code) => ByCode[code].Severity;
}
