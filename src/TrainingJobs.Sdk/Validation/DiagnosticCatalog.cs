using System.Collections.Frozen;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Validation;

/// <summary>One diagnostic code: its fixed severity, a short title and where the docs explain it.</summary>
/// <param name="Code">The code, e.g. <c>TJ0001</c>.</param>
/// <param name="Severity">The severity every diagnostic with this code has.</param>
/// <param name="Title">A short title (the docs' index lists it).</param>
/// <param name="DocsAnchor">The page and section that explain it, relative to <c>docs/</c> (<c>validation.md#codes</c>).</param>
internal sealed record DiagnosticCatalogEntry(string Code, DiagnosticSeverity Severity, string Title, string DocsAnchor);

/// <summary>A code no longer reported, and what reports its problem now.</summary>
/// <param name="Code">The retired code; it is never reused.</param>
/// <param name="ReplacedBy">The code that reports the problem now.</param>
/// <param name="Reason">Why it was retired.</param>
internal sealed record RetiredDiagnostic(string Code, string ReplacedBy, string Reason);

/// <summary>
/// Every diagnostic code of the SDK, <c>TJ0xxx</c> (validator, builders), <c>TJ1xxx</c> (YAML), <c>TJ2xxx</c> (REST),
/// <c>TJ4xxx</c> (local backend) and <c>TJ5xxx</c> (Azure ML backend), with its severity, title and docs anchor, and the retired codes: the one list
/// the validator takes its severities from (<see cref="ValidationCodes.All"/> is its <c>TJ0001</c>–<c>TJ0899</c> part)
/// and the docs index (<c>docs/diagnostics.md</c>) and the catalog tests are checked against.
/// </summary>
internal static class DiagnosticCatalog
{
    private const string ValidationDocs = "validation.md#codes";
    private const string BuilderDocs = "job-definitions.md#build-validate-reuse";
    private const string YamlDocs = "yaml.md#diagnostic-codes-tj1000tj1999";
    private const string RestDocs = "rest.md#what-the-wire-cannot-carry";
    private const string LocalDocs = "local-backend.md#what-submission-resolves-and-records";
    private const string AzureDocs = "azure.md#diagnostic-codes-tj5000tj5999";

    /// <summary>The codes in use, in code order.</summary>
    public static IReadOnlyList<DiagnosticCatalogEntry> Active { get; } =
    [
        V(ValidationCodes.RequiredFieldMissing, DiagnosticSeverity.Error, "Required field missing"),
        V(ValidationCodes.InvalidName, DiagnosticSeverity.Error, "Invalid name"),
        V(ValidationCodes.UnknownExpressionReference, DiagnosticSeverity.Error, "Expression names nothing"),
        V(ValidationCodes.PipelineCycle, DiagnosticSeverity.Error, "Pipeline cycle"),
        V(ValidationCodes.UnknownStep, DiagnosticSeverity.Error, "Binding to an unknown step"),
        V(ValidationCodes.UnknownBindingTarget, DiagnosticSeverity.Error, "Binding to an unknown input or output"),
        V(ValidationCodes.IncompatibleBindingType, DiagnosticSeverity.Error, "Incompatible binding type"),
        V(ValidationCodes.LiteralOutOfRange, DiagnosticSeverity.Error, "Literal outside min/max"),
        V(ValidationCodes.LiteralNotInEnum, DiagnosticSeverity.Error, "Literal not in enum"),
        V(ValidationCodes.LiteralTypeMismatch, DiagnosticSeverity.Error, "Literal of the wrong type"),
        V(ValidationCodes.InvalidDistribution, DiagnosticSeverity.Error, "Invalid distribution"),
        V(ValidationCodes.OutputVersionWithoutName, DiagnosticSeverity.Error, "Output version without a name"),
        V(ValidationCodes.SecretInCommand, DiagnosticSeverity.Warning, "Secret in the command"),
        V(ValidationCodes.SecretInEnvironmentVariable, DiagnosticSeverity.Warning, "Secret in an environment variable"),
        V(ValidationCodes.UnversionedDataReference, DiagnosticSeverity.Warning, "Unversioned data reference"),
        V(ValidationCodes.UnpinnedEnvironment, DiagnosticSeverity.Warning, "Unpinned environment"),
        V(ValidationCodes.InvalidShmSize, DiagnosticSeverity.Error, "Invalid shm_size"),
        V(ValidationCodes.NonPositiveLimit, DiagnosticSeverity.Error, "Zero or negative count, limit or timeout"),
        V(ValidationCodes.MinGreaterThanMax, DiagnosticSeverity.Error, "Lower bound greater than upper bound"),
        V(ValidationCodes.InvalidObjective, DiagnosticSeverity.Error, "Invalid sweep objective"),
        V(ValidationCodes.InvalidEarlyTermination, DiagnosticSeverity.Error, "Invalid early-termination policy"),
        V(ValidationCodes.InvalidService, DiagnosticSeverity.Error, "Invalid service"),
        V(ValidationCodes.MalformedExpression, DiagnosticSeverity.Error, "Malformed expression"),
        V(ValidationCodes.InvalidSearchSpace, DiagnosticSeverity.Error, "Invalid search-space parameter"),
        V(ValidationCodes.UnsupportedBySamplingAlgorithm, DiagnosticSeverity.Error, "Not supported by the sampling algorithm"),
        V(ValidationCodes.UndeclaredComponentPort, DiagnosticSeverity.Warning, "Input or output the component does not declare"),
        V(ValidationCodes.OptionalInputOutsideOptionalSegment, DiagnosticSeverity.Warning, "Optional input outside $[[…]]"),
        V(ValidationCodes.InvalidEnvironmentVariableName, DiagnosticSeverity.Error, "Invalid environment variable name"),
        V(ValidationCodes.UnknownServiceValue, DiagnosticSeverity.Warning, "Value the service does not know"),
        V(ValidationCodes.InputModeNotAllowedForType, DiagnosticSeverity.Error, "Input mode not allowed for the type"),
        V(ValidationCodes.SecretInOtherField, DiagnosticSeverity.Warning, "Secret in an input, output, code, tag or property"),
        V(ValidationCodes.UnpinnedComponentOrCode, DiagnosticSeverity.Warning, "Unpinned component, trial or code reference"),
        V(ValidationCodes.NestingTooDeep, DiagnosticSeverity.Warning, "Nesting too deep to check"),
        V(ValidationCodes.ValidatorFault, DiagnosticSeverity.Warning, "Part of the definition could not be checked"),
        V(ValidationCodes.StepValueOutsideComponentDeclaration, DiagnosticSeverity.Warning, "Step value outside its component's min/max/enum"),
        V(ValidationCodes.UnusedSearchSpaceEntry, DiagnosticSeverity.Warning, "Search-space entry the trial never uses"),
        V(ValidationCodes.UnresolvableEnvironmentReference, DiagnosticSeverity.Warning, "Environment reference Azure ML will not resolve"),
        V(ValidationCodes.DataReferenceWithoutVersion, DiagnosticSeverity.Error, "Asset reference without a version or label"),
        V(ValidationCodes.StorageUriAsCode, DiagnosticSeverity.Error, "Code given as a datastore or storage URI"),
        V(ValidationCodes.RegisteredTrialInSweepJob, DiagnosticSeverity.Error, "Registered component as a sweep job's trial"),
        new(BuilderDiagnosticCodes.ConflictingHandles, DiagnosticSeverity.Error, "Conflicting handles", BuilderDocs),
        new(BuilderDiagnosticCodes.DuplicateStepName, DiagnosticSeverity.Error, "Duplicate step name", BuilderDocs),
        new(BuilderDiagnosticCodes.MissingRequiredPart, DiagnosticSeverity.Error, "Required part never given", BuilderDocs),
        new(YamlDiagnosticCodes.SyntaxError, DiagnosticSeverity.Error, "YAML syntax error", YamlDocs),
        new(YamlDiagnosticCodes.InvalidEncoding, DiagnosticSeverity.Error, "Not valid UTF-8", YamlDocs),
        new(YamlDiagnosticCodes.DocumentTooLarge, DiagnosticSeverity.Error, "Document too large", YamlDocs),
        new(YamlDiagnosticCodes.DocumentTooDeep, DiagnosticSeverity.Error, "Document nests too deep", YamlDocs),
        new(YamlDiagnosticCodes.NotOneDocument, DiagnosticSeverity.Error, "No document, or more than one", YamlDocs),
        new(YamlDiagnosticCodes.FileNotReadable, DiagnosticSeverity.Error, "File not readable", YamlDocs),
        new(YamlDiagnosticCodes.DuplicateKey, DiagnosticSeverity.Error, "Duplicate key", YamlDocs),
        new(YamlDiagnosticCodes.WrongType, DiagnosticSeverity.Error, "Wrong type or shape", YamlDocs),
        new(YamlDiagnosticCodes.UnknownKey, DiagnosticSeverity.Warning, "Unknown key", YamlDocs),
        new(YamlDiagnosticCodes.MissingKey, DiagnosticSeverity.Error, "Required key missing", YamlDocs),
        new(YamlDiagnosticCodes.InvalidValue, DiagnosticSeverity.Error, "Value the field does not accept", YamlDocs),
        new(YamlDiagnosticCodes.UnrecognizedSearchSpaceEntry, DiagnosticSeverity.Warning, "Search-space entry the SDK does not model", YamlDocs),
        new(YamlDiagnosticCodes.UnsupportedJobKind, DiagnosticSeverity.Error, "Unsupported job kind", YamlDocs),
        new(YamlDiagnosticCodes.UnsupportedNodeKind, DiagnosticSeverity.Error, "Unsupported pipeline node kind", YamlDocs),
        new(YamlDiagnosticCodes.UnresolvedReference, DiagnosticSeverity.Error, "Unresolved file reference", YamlDocs),
        new(YamlDiagnosticCodes.ReferenceCycle, DiagnosticSeverity.Error, "Component reference cycle", YamlDocs),
        new(YamlDiagnosticCodes.ComponentKindMismatch, DiagnosticSeverity.Error, "Node and component types disagree", YamlDocs),
        new(YamlDiagnosticCodes.BadOverride, DiagnosticSeverity.Error, "Malformed --set", YamlDocs),
        new(YamlDiagnosticCodes.OverridePathNotFound, DiagnosticSeverity.Error, "--set path not found", YamlDocs),
        new(YamlDiagnosticCodes.UnsupportedYamlFeature, DiagnosticSeverity.Error, "Unsupported YAML feature", YamlDocs),
        new(RestDiagnosticCodes.UnresolvedLabel, DiagnosticSeverity.Warning, "Label reference to resolve", RestDocs),
        new(RestDiagnosticCodes.PendingAsset, DiagnosticSeverity.Info, "Asset to create before the PUT", RestDocs),
        new(RestDiagnosticCodes.NotCarried, DiagnosticSeverity.Warning, "No place on the wire", RestDocs),
        new(RestDiagnosticCodes.LiteralTypeAmbiguous, DiagnosticSeverity.Warning, "Ambiguous literal type", RestDocs),
        new(RestDiagnosticCodes.UnsupportedJobType, DiagnosticSeverity.Error, "Unsupported job type", RestDocs),
        new(RestDiagnosticCodes.InvalidPayload, DiagnosticSeverity.Error, "Not a job resource", RestDocs),
        new(RestDiagnosticCodes.UnknownWireValue, DiagnosticSeverity.Warning, "Value the SDK does not model", RestDocs),
        new(RestDiagnosticCodes.LocalCompute, DiagnosticSeverity.Warning, "Local compute on Azure ML", RestDocs),
        new(RestDiagnosticCodes.ConflictingResources, DiagnosticSeverity.Warning, "Resources on sweep and trial", RestDocs),
        new(RestDiagnosticCodes.UnreadableStep, DiagnosticSeverity.Warning, "Pipeline step of an unmodelled type", RestDocs),
        new(RestDiagnosticCodes.UnsupportedDefinition, DiagnosticSeverity.Error, "Definition without a REST form", RestDocs),
        new(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, "Unreadable value", RestDocs),
        new(RestDiagnosticCodes.MalformedStep, DiagnosticSeverity.Error, "Unreadable pipeline step", RestDocs),
        new(LocalDiagnosticCodes.UnsupportedKind, DiagnosticSeverity.Error, "Job kind not run locally", LocalDocs),
        new(LocalDiagnosticCodes.NeedsAzureWorkspace, DiagnosticSeverity.Error, "Needs an Azure workspace", LocalDocs),
        new(LocalDiagnosticCodes.UnboundReference, DiagnosticSeverity.Error, "Unbound command reference", LocalDocs),
        new(LocalDiagnosticCodes.PathNotFound, DiagnosticSeverity.Error, "Local path not found", LocalDocs),
        new(LocalDiagnosticCodes.UnsupportedScheme, DiagnosticSeverity.Error, "Input scheme not readable locally", LocalDocs),
        new(LocalDiagnosticCodes.EnvironmentNotMapped, DiagnosticSeverity.Warning, "Environment not mapped", LocalDocs),
        new(LocalDiagnosticCodes.IgnoredSetting, DiagnosticSeverity.Warning, "Setting ignored locally", LocalDocs),
        new(LocalDiagnosticCodes.InvalidName, DiagnosticSeverity.Error, "Name not usable locally", LocalDocs),
        new(LocalDiagnosticCodes.EntrySkipped, DiagnosticSeverity.Warning, "Entry not copied as it is", LocalDocs),
        new(LocalDiagnosticCodes.NotAFileOrFolder, DiagnosticSeverity.Error, "Not a file or folder", LocalDocs),
        new(LocalDiagnosticCodes.TooManyProcesses, DiagnosticSeverity.Error, "Too many processes", LocalDocs),
        new(LocalDiagnosticCodes.StepNotRunnable, DiagnosticSeverity.Error, "Pipeline step not runnable locally", "local-backend.md#pipelines"),
        new(AzureMLDiagnosticCodes.NeedsUpload, DiagnosticSeverity.Error, "Needs registering (not built yet)", AzureDocs),
        new(AzureMLDiagnosticCodes.NeedsLookup, DiagnosticSeverity.Error, "Label not resolvable", AzureDocs),
    ];

    /// <summary>Codes that are no longer reported; each stays reserved.</summary>
    public static IReadOnlyList<RetiredDiagnostic> Retired { get; } =
    [
        new("TJ0901", ValidationCodes.UnknownBindingTarget, "the builder reported a step bound to an output its step lacks, which the validator reports"),
        new("TJ0903", ValidationCodes.UnknownStep, "the builder reported a binding to a step not in the pipeline, which the validator reports"),
        new("TJ2001", ValidationCodes.RequiredFieldMissing, "the REST face reported a missing required field, which the validator's required-field rule reports"),
        new("TJ4007", LocalDiagnosticCodes.UnboundReference, "an input without a value is reported where the command uses it"),
    ];

    private static readonly FrozenDictionary<string, DiagnosticCatalogEntry> ByCode =
        Active.ToFrozenDictionary(entry => entry.Code, StringComparer.Ordinal);

    /// <summary>The entry of an active code, or null.</summary>
    public static DiagnosticCatalogEntry? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>The severity of an active code.</summary>
    /// <exception cref="KeyNotFoundException">The code is not in the catalog.</exception>
    public static DiagnosticSeverity SeverityOf(string code) => ByCode[code].Severity;

    /// <summary>Whether a code belongs to the validator (<c>TJ0001</c>–<c>TJ0899</c>).</summary>
    public static bool IsValidatorCode(string code) =>
        code.Length == 6 && code.StartsWith("TJ0", StringComparison.Ordinal) && string.CompareOrdinal(code, "TJ0900") < 0;

    private static DiagnosticCatalogEntry V(string code, DiagnosticSeverity severity, string title) => new(code, severity, title, ValidationDocs);
}
