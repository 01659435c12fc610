namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>
/// The diagnostics of the REST face (TJ2000–TJ2999): what the ARM job payload of api-version 2025-12-01 cannot
/// carry, what must happen before a PUT, and what a payload holds that the SDK does not model.
/// </summary>
public static class RestDiagnosticCodes
{
    // TJ2001 (a field the wire requires is missing) is retired: the REST face reports TJ0001
    // (ValidationCodes.RequiredFieldMissing), the validator's one required-field rule.

    /// <summary>Warning: a reference pins a label (<c>@latest</c>) and is sent as written; it must be resolved to a version before submission.</summary>
    public const string UnresolvedLabel = "TJ2002";

    /// <summary>Info: something defined in place (environment, local code or data, component file) must be created in the workspace before the PUT.</summary>
    public const string PendingAsset = "TJ2003";

    /// <summary>Warning: a field the 2025-12-01 job payload has no place for; it is not sent.</summary>
    public const string NotCarried = "TJ2004";

    /// <summary>Warning: a string literal that reads back as another type (the wire carries literals as untyped text).</summary>
    public const string LiteralTypeAmbiguous = "TJ2005";

    /// <summary>Error: the job type is one the SDK does not model (AutoML, Spark, or newer); its JSON is kept as it is.</summary>
    public const string UnsupportedJobType = "TJ2006";

    /// <summary>Error: the payload is not a job resource (not JSON, or not the expected shape).</summary>
    public const string InvalidPayload = "TJ2007";

    /// <summary>Warning: a value in the payload the SDK does not model (an unknown input type, distribution, policy…); it is left out of the definition.</summary>
    public const string UnknownWireValue = "TJ2008";

    /// <summary>Warning: compute <c>local</c> means this machine; Azure ML cannot run it there and the value is sent as written.</summary>
    public const string LocalCompute = "TJ2009";

    /// <summary>Warning: a sweep gives resources both on the sweep and on its trial; the wire has one place, the sweep's is sent.</summary>
    public const string ConflictingResources = "TJ2010";

    /// <summary>Warning: a pipeline step in the payload has a shape the SDK does not read; it is left out of the definition.</summary>
    public const string UnreadableStep = "TJ2011";

    /// <summary>Error: the job kind of the definition has no REST form.</summary>
    public const string UnsupportedDefinition = "TJ2012";

    /// <summary>
    /// Warning: reading, a value in the payload cannot be read as the field's type (a duration that is not ISO-8601
    /// or out of range, a step's input or output that is not an object, a field of the wrong JSON type); it is left
    /// out of the definition and the rest of the job is kept.
    /// </summary>
    public const string UnreadableValue = "TJ2013";

    /// <summary>Error: reading, a pipeline step cannot be read (its type is not text, a sweep step's trial is not an object).</summary>
    public const string MalformedStep = "TJ2014";
}
