using System.Security.Cryptography.X509Certificates;
using Azure.Core;

namespace TrainingJobs.Sdk.AzureML;

/// <summary>Settings of an Azure Machine Learning workspace: where it is, and how to reach and sign in to it.</summary>
public sealed class AzureMLWorkspaceOptions
{
    /// <summary>The public Azure Resource Manager endpoint, used when <see cref="ArmEndpoint"/> is not set.</summary>
    public static Uri DefaultArmEndpoint { get; } = new("https://management.azure.com/");

    /// <summary>The subscription id (a GUID).</summary>
    public string? SubscriptionId { get; set; }

    /// <summary>The resource group of the workspace.</summary>
    public string? ResourceGroupName { get; set; }

    /// <summary>The workspace name.</summary>
    public string? WorkspaceName { get; set; }

    /// <summary>The credential requests are signed with; null for a new <see cref="Azure.Identity.DefaultAzureCredential"/>.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>
    /// The Azure Resource Manager endpoint of the cloud (default <c>https://management.azure.com/</c>). Tokens are
    /// requested for its origin's <c>/.default</c> scope (e.g. <c>https://management.azure.com/.default</c>). Must be HTTPS.
    /// </summary>
    public Uri ArmEndpoint { get; set; } = DefaultArmEndpoint;

    /// <summary>
    /// A certificate pin: when set, TLS connections to <see cref="ArmEndpoint"/> accept exactly this server
    /// certificate and no other (not even one the machine trusts), and the pipeline uses its own transport in place
    /// of <see cref="Azure.Core.ClientOptions.Transport"/>. This is how a test, or a user of the Azure ML emulator,
    /// trusts a self-signed loopback certificate without trusting it machine-wide. Null (the default): the
    /// machine's normal certificate validation.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>
    /// The blob service URL local inputs are uploaded to and outputs downloaded from (for emulators and private
    /// endpoints), e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>; the datastore's container is appended. Null (the
    /// default): <c>{protocol}://{accountName}.blob.{endpoint}</c> from the datastore's own settings.
    /// </summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The clock used for waits and polling (tests may replace it).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The workspace scope, or the first problem with the settings (<see cref="FindProblems"/>).</summary>
    internal AzureMLWorkspaceScope ToScope()
    {
        foreach (var (property, message) in FindProblems()) throw new ArgumentException(message, property);
        return new AzureMLWorkspaceScope(SubscriptionId!, ResourceGroupName!, WorkspaceName!);
    }

    /// <summary>
    /// Every problem with the settings, each with the property it is about: the one list of these rules, used by
    /// <see cref="ToScope"/> (which throws the first) and by the options validation of <c>AddTrainingJobs</c> (which reports all).
    /// </summary>
    internal IEnumerable<(string Property, string Message)> FindProblems()
    {
        // The one owner of the segment rules: ArmNameRules.
        if (Check(SubscriptionId, nameof(SubscriptionId), ArmNameRules.SubscriptionIdProblem) is { } subscription) yield return subscription;
        if (Check(ResourceGroupName, nameof(ResourceGroupName), ArmNameRules.ResourceGroupProblem) is { } group) yield return group;
        if (Check(WorkspaceName, nameof(WorkspaceName), ArmNameRules.WorkspaceNameProblem) is { } workspace) yield return workspace;
        if (ArmEndpoint is null || !ArmEndpoint.IsAbsoluteUri || ArmEndpoint.Scheme != Uri.UriSchemeHttps)
        {
            // Azure.Core's bearer-token policy refuses to send a token over plain HTTP; say so before the first request.
            yield return (nameof(ArmEndpoint), $"{nameof(ArmEndpoint)} must be an absolute https URI; got '{ArmEndpoint}'.");
        }
        if (TimeProvider is null) yield return (nameof(TimeProvider), $"{nameof(TimeProvider)} must not be null.");
    }

    private static (string, string)? Check(string? value, string name, Func<string, string?> rule)
    {
        if (string.IsNullOrEmpty(value)) return (name, $"{name} is required for an Azure ML workspace.");
        return rule(value) is { } problem ? (name, $"{name} '{value}' is not valid: {problem}.") : null;
    }
}
