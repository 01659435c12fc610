namespace TrainingJobs.Sdk.AzureML;

/// <summary>The stable diagnostic codes of the Azure ML backend (<c>TJ5xxx</c>).</summary>
public static class AzureMLDiagnosticCodes
{
    /// <summary>
    /// The job defines something in place that must be created in the workspace first (a local code folder or input,
    /// an inline environment, a local component); this version of the Azure backend does not upload or register
    /// anything yet, so the job is refused.
    /// </summary>
    public const string NeedsUpload = "TJ5001";

    /// <summary>
    /// The job refers to an asset by a label (<c>name@latest</c>) that needs a look-up to become a version; this
    /// version of the Azure backend does not resolve labels yet, so the job is refused.
    /// </summary>
    public const string NeedsLookup = "TJ5002";
}
