namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// The stable codes of the YAML face (<c>TJ1000</c>–<c>TJ1999</c>). Each code keeps its meaning forever;
/// docs/yaml.md lists them with an example.
/// </summary>
public static class YamlDiagnosticCodes
{
    /// <summary>The text is not well-formed YAML (error).</summary>
    public const string SyntaxError = "TJ1001";

    /// <summary>The bytes are not valid UTF-8 (error).</summary>
    public const string InvalidEncoding = "TJ1002";

    /// <summary>The document is larger than the configured limit (error).</summary>
    public const string DocumentTooLarge = "TJ1003";

    /// <summary>The document nests deeper than the configured limit (error).</summary>
    public const string DocumentTooDeep = "TJ1004";

    /// <summary>The file holds no document, or more than one (error).</summary>
    public const string NotOneDocument = "TJ1005";

    /// <summary>The file could not be read (error).</summary>
    public const string FileNotReadable = "TJ1006";

    /// <summary>A mapping repeats a key (error).</summary>
    public const string DuplicateKey = "TJ1010";

    /// <summary>A value has the wrong shape or type, e.g. a list where a number is expected (error).</summary>
    public const string WrongType = "TJ1011";

    /// <summary>
    /// A key the job schema does not define; it is ignored, as <c>az ml</c> does (warning). In an object azure-ai-ml reads
    /// as a union of schemas the key is refused instead (<see cref="InvalidValue"/>).
    /// </summary>
    public const string UnknownKey = "TJ1012";

    /// <summary>A key the schema needs is missing (error).</summary>
    public const string MissingKey = "TJ1013";

    /// <summary>
    /// A value is not one the field accepts, e.g. an unknown sampling algorithm; or a key that an object azure-ai-ml
    /// reads as a union of schemas (an input, a search space entry, a sampling algorithm, an early termination policy)
    /// does not have, which azure-ai-ml refuses too (error).
    /// </summary>
    public const string InvalidValue = "TJ1014";

    /// <summary>
    /// A search-space entry in a form the SDK does not model (not a mapping with a known <c>type</c>, e.g. one the
    /// service wrote in a newer form); it is kept as written and sent unchanged (warning).
    /// </summary>
    public const string UnrecognizedSearchSpaceEntry = "TJ1015";

    /// <summary>The job kind (<c>type</c>) is one the SDK does not support: automl, spark, finetuning, parallel, … (error).</summary>
    public const string UnsupportedJobKind = "TJ1020";

    /// <summary>A pipeline node kind the SDK does not support: parallel, spark, automl, control flow, … (error).</summary>
    public const string UnsupportedNodeKind = "TJ1021";

    /// <summary>A <c>file:</c> or relative component/trial reference names no readable file (error).</summary>
    public const string UnresolvedReference = "TJ1030";

    /// <summary>Component files reference each other in a cycle (error).</summary>
    public const string ReferenceCycle = "TJ1031";

    /// <summary>A node's <c>type</c> and its component's <c>type</c> disagree (error).</summary>
    public const string ComponentKindMismatch = "TJ1032";

    /// <summary>A <c>--set</c> override is malformed (no <c>=</c>, empty path) (error).</summary>
    public const string BadOverride = "TJ1040";

    /// <summary>A <c>--set</c> override names a path that does not exist and cannot be added (error).</summary>
    public const string OverridePathNotFound = "TJ1041";

    /// <summary>A YAML feature job files do not use: merge keys (<c>&lt;&lt;</c>), a list or mapping as a key (error).</summary>
    public const string UnsupportedYamlFeature = "TJ1050";
}
