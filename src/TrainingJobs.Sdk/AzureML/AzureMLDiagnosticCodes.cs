namespace TrainingJobs.Sdk.AzureML;

/// <summary>The stable diagnostic codes of the Azure ML backend (<c>TJ5xxx</c>).</summary>
public static class AzureMLDiagnosticCodes
{
    /// <summary>
    /// The job defines something in place that must be registered in the workspace first (an inline environment, a
    /// local component) or a local input bound for a datastore other than <c>workspaceblobstore</c>; this version of
    /// the Azure backend does not do that yet, so the job is refused. (Local code folders and local inputs to the
    /// default datastore are uploaded at submit.)
    /// </summary>
    public const string NeedsUpload = "TJ5001";

    /// <summary>
    /// The job refers to an asset by a label that cannot be resolved: only <c>azureml:name@latest</c> of environments
    /// and data assets is looked up at submit (as azure-ai-ml does, which knows no other label); other labels, and
    /// labels of code and components, are refused.
    /// </summary>
    public const string NeedsLookup = "TJ5002";
}
