using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>
/// Assets the definition holds locally or in place: the payload refers to them by the id they will have, the
/// session lists them (<see cref="RestMappingSession.PendingAssets"/>) and an info diagnostic (TJ2003) says what
/// happens to each before the PUT.
/// </summary>
internal static class PendingAssetWriter
{
    private const string AnonymousEnvironment = "CliV2AnonymousEnvironment";
    private const string AnonymousComponent = "azureml_anonymous";

    /// <summary>Lists the asset in the session, reports it and returns <paramref name="wire"/>, the id the payload uses.</summary>
    public static string Add(PendingAssetKind kind, string path, string wire, object source, string message, RestWriteContext context)
    {
        context.Session.AddPending(new PendingAsset(kind, path, wire, source));
        context.Report(RestDiagnosticCodes.PendingAsset, DiagnosticSeverity.Info, path, message);
        return wire;
    }

    /// <summary>The id of an anonymous environment: azure-ai-ml's name, versioned by a hash of the content.</summary>
    public static string AnonymousEnvironmentId(string content, RestWriteContext context) =>
        $"{context.Session.Scope.ResourceId}/environments/{AnonymousEnvironment}/versions/{WireValues.ContentName(content)}";

    /// <summary>The id of an anonymous component: azure-ai-ml's name, versioned by a hash of the content.</summary>
    public static string AnonymousComponentId(string content, RestWriteContext context) =>
        $"{context.Session.Scope.ResourceId}/components/{AnonymousComponent}/versions/{WireValues.ContentName(content)}";
}
