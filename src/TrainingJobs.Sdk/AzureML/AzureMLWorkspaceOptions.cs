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

    /// <summary>The workspace scope, or the first problem with the settings.</summary>
    internal AzureMLWorkspaceScope ToScope()
    {
        var subscription = Require(SubscriptionId, nameof(SubscriptionId));
        var group = Require(ResourceGroupName, nameof(ResourceGroupName));
        var workspace = Require(WorkspaceName, nameof(WorkspaceName));
        // The one owner of the segment rules: ArmNameRules.
        Check(ArmNameRules.SubscriptionIdProblem(subscription), nameof(SubscriptionId), subscription);
        Check(ArmNameRules.ResourceGroupProblem(group), nameof(ResourceGroupName), group);
        Check(ArmNameRules.WorkspaceNameProblem(workspace), nameof(WorkspaceName), workspace);
        if (ArmEndpoint is null || !ArmEndpoint.IsAbsoluteUri || ArmEndpoint.Scheme != Uri.UriSchemeHttps)
        {
            // Azure.Core's bearer-token policy refuses to send a token over plain HTTP; say so before the first request.
            throw new ArgumentException($"{nameof(ArmEndpoint)} must be an absolute https URI; got '{ArmEndpoint}'.", nameof(ArmEndpoint));
        }
        if (TimeProvider is null) throw new ArgumentException($"{nameof(TimeProvider)} must not be null.", nameof(TimeProvider));
        return new AzureMLWorkspaceScope(subscription, group, workspace);
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"{name} is required for an Azure ML workspace.", name) : value;

    private static void Check(string? problem, string name, string value)
    {
        if (problem is not null) throw new ArgumentException($"{name} '{value}' is not valid: {problem}.", name);
    }
}
