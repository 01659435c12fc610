using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks on references: data, environments, components, trials and code (TJ0015, TJ0016, TJ0032, TJ0037, TJ0038).</summary>
internal static partial class ReferenceChecks
{
    /// <summary>
    /// Refuses a data or model input that names an asset by name alone (<c>azureml:name</c>: azure-ai-ml's
    /// <c>ArmVersionedStr</c> refuses it when loading, as nothing says which version to read); warns when it names one
    /// by a label or a registry URI without a version.
    /// </summary>
    public static void CheckDataReference(string location, string at, ValidationContext context)
    {
        if (NameOnly().IsMatch(location))
        {
            context.Report(ValidationCodes.DataReferenceWithoutVersion,
                "The input names a data or model asset without a version or a label, so nothing says which version to read " +
                "(azure-ai-ml refuses it when loading: \"Either version or label is not provided\"). Write azureml:<name>:<version>, or azureml:<name>@latest for the newest version.", at);
            return;
        }
        if (!IsUnpinnedAsset(location)) return;
        context.Report(ValidationCodes.UnversionedDataReference,
            "The input references a data or model asset without a version (or by a label such as @latest), so a rerun may read different data. " +
            "Pin it as azureml:<name>:<version>.", at);
    }

    /// <summary>
    /// Refuses an environment ARM id without a version (TJ0038); warns when the environment can change under the job: a
    /// label, no version, or a mutable image tag.
    /// </summary>
    public static void CheckEnvironment(JobEnvironment? environment, string at, ValidationContext context)
    {
        switch (environment)
        {
            case EnvironmentReference { Reference: { } id } when IsUnversionedArmId(id):
                ReportUnversionedArmId("environment", at, context);
                break;
            case EnvironmentReference { Reference: { } bare } when !IsResolvableEnvironment(bare):
                context.Report(ValidationCodes.UnresolvableEnvironmentReference,
                    "The environment is neither an azureml: reference, an ARM id, a file: reference nor an inline environment, so Azure ML will not resolve it. " +
                    "Write azureml:<name>:<version>, file:<path> or a mapping with image or conda_file.", at);
                break;
            case EnvironmentReference reference when reference.Reference is { } text && (reference.IsLabel || IsUnpinnedAsset(text)):
                context.Report(ValidationCodes.UnpinnedEnvironment,
                    "The environment is referenced by a label (such as @latest) or without a version, so a rerun may use a different environment. " +
                    "Pin it as azureml:<name>:<version>.", at);
                break;
            case InlineEnvironment { Image: { } image } when IsMutableImage(image):
                context.Report(ValidationCodes.UnpinnedEnvironment,
                    "The environment image has no tag or the tag 'latest', which can point to a different image tomorrow. " +
                    "Pin a version tag or a digest (@sha256:…).", DiagnosticPath.Append(at, "image"));
                break;
        }
    }

    /// <summary>
    /// Refuses a datastore or storage URI as code (TJ0039: azure-ai-ml's <c>CodeField</c> takes none of them) and a code
    /// reference azure-ai-ml refuses for want of a version (TJ0038): <c>azureml:name</c> alone (its code
    /// field takes no default version) or an ARM id without <c>/versions/</c>; otherwise as <see cref="CheckPinned"/>.
    /// </summary>
    public static void CheckCode(string? code, string at, ValidationContext context)
    {
        if (code is not null && StorageUri().IsMatch(code))
        {
            context.Report(ValidationCodes.StorageUriAsCode,
                "The code is a datastore or storage URI; Azure ML takes a job's code from a local folder, a registered code asset " +
                "(azureml:<name>:<version>), a git URL or an http(s) URL, and azure-ai-ml refuses other values when loading. " +
                "Copy the code to a local folder (it is uploaded on submit), or register it as a code asset.", at);
            return;
        }
        if (code is not null && NameOnly().IsMatch(code))
        {
            context.Report(ValidationCodes.DataReferenceWithoutVersion,
                "The code names a code asset without a version or a label, so nothing says which version to run " +
                "(azure-ai-ml refuses it when loading: \"Either version or label is not provided\"). Write azureml:<name>:<version>, or azureml:<name>@latest for the newest version.", at);
            return;
        }
        CheckPinned(code, "code", at, context);
    }

    /// <summary>
    /// Refuses an ARM id without a version (TJ0038); warns when a component, trial or code reference has no version or
    /// uses a label.
    /// </summary>
    /// <param name="reference">The reference as written.</param>
    /// <param name="what">What it references, for the message (component, trial, code).</param>
    /// <param name="at">The path.</param>
    /// <param name="context">The run.</param>
    public static void CheckPinned(string? reference, string what, string at, ValidationContext context)
    {
        if (reference is not null && IsUnversionedArmId(reference))
        {
            ReportUnversionedArmId(what, at, context);
            return;
        }
        if (reference is null || !IsUnpinnedAsset(reference)) return;
        context.Report(ValidationCodes.UnpinnedComponentOrCode,
            $"The {what} is referenced without a version (or by a label such as @latest), so a rerun may run different code. " +
            "Pin it as azureml:<name>:<version>.", at);
    }

    /// <summary>
    /// Whether a component reference names a registered component (<c>azureml:…</c>, registries included, or an ARM id)
    /// rather than a component file: only the workspace or registry can resolve it.
    /// </summary>
    public static bool IsRegisteredComponent(string reference)
    {
        var text = reference.Trim();
        return text.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether a sweep's trial is a registered component, given by reference and not resolved: the workspace holds its
    /// command, so only a pipeline's sweep step can run it (sent as its component id).
    /// </summary>
    public static bool HasRegisteredTrial(SweepJob sweep) =>
        sweep.TrialReference is { Definition: null, Reference: { } reference } && IsRegisteredComponent(reference);

    /// <summary>
    /// Whether a reference names a registered asset without pinning its version: <c>azureml:name</c>,
    /// <c>azureml:name@label</c>, or a registry URI without <c>/versions/</c>.
    /// </summary>
    public static bool IsUnpinnedAsset(string reference) =>
        ShortUnpinned().IsMatch(reference) || RegistryUnpinned().IsMatch(reference) ||
        (reference.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase) && reference.Contains("/labels/", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the text is the ARM id of an environment, code or component (after an optional <c>azureml:</c>) that does not
    /// end in <c>/versions/&lt;version&gt;</c>: azure-ai-ml's <c>ArmVersionedStr</c> refuses such an id ("id for … is invalid"),
    /// even where it takes a name without a version.
    /// </summary>
    public static bool IsUnversionedArmId(string reference) => AssetArmId().Match(reference) is { Success: true } match && !match.Groups["versioned"].Success;

    private static void ReportUnversionedArmId(string what, string at, ValidationContext context) =>
        context.Report(ValidationCodes.DataReferenceWithoutVersion,
            $"The {what} is an ARM id without a version, which names no version to use (azure-ai-ml refuses it when loading: \"id for … is invalid\"). " +
            "End the id with /versions/<version>, or write azureml:<name>:<version>.", at);

    /// <summary>The reference forms Azure ML resolves: <c>azureml:…</c> (registries included), an ARM id, or <c>file:…</c>.</summary>
    private static bool IsResolvableEnvironment(string reference)
    {
        var text = reference.Trim();
        return text.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase) ||
               text.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ||
               text.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsMutableImage(string image)
    {
        var text = image.Trim();
        if (text.Length == 0 || text.Contains("@sha256:", StringComparison.OrdinalIgnoreCase)) return false;
        var lastSegment = text[(text.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        if (colon < 0) return true;
        return string.Equals(lastSegment[(colon + 1)..], "latest", StringComparison.OrdinalIgnoreCase);
    }

    // An environment, code or component ARM id in a workspace, with or without azureml:; "versioned" when it ends in /versions/<v>.
    [GeneratedRegex(@"^(?:azureml:)?/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.MachineLearningServices/workspaces/[^/]+/(?:environments|codes|components)/[^/]+(?<versioned>/versions/[^/]+/?$)?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AssetArmId();

    // azureml:name with neither a ':' version nor an '@' label.
    [GeneratedRegex(@"^azureml:(?!/)[^:/@]+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NameOnly();

    // A datastore path (azureml://datastores/…) or a storage account URI (Blob, ADLS Gen2, ADLS Gen1).
    [GeneratedRegex(@"^(?:azureml://datastores/|(?:wasbs?|abfss?|adl)://)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StorageUri();

    // azureml:name or azureml:name@label — no ':' version part and no path.
    [GeneratedRegex(@"^azureml:(?!/)[^:/@]+(?:@[^:/]*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ShortUnpinned();

    // azureml://registries/<r>/<kind>/<name>[/] with nothing after the name.
    [GeneratedRegex(@"^azureml://registries/[^/]+/[A-Za-z_]+/[^/]+/?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RegistryUnpinned();
}
