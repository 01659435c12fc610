using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TrainingJobs.Sdk.AzureML;

namespace TrainingJobs.Cli.Commands;

/// <summary>
/// The Azure ML workspace a verb targets: from <c>--subscription</c>, <c>--resource-group/-g</c> and
/// <c>--workspace-name/-w</c>, each falling back to its <c>TRAININGJOBS_*</c> environment variable (flags win). With
/// neither a flag nor <see cref="WorkspaceVariable"/>, the verb uses the local workspace.
/// </summary>
/// <remarks>
/// <c>tj emulator start --env-file F</c> writes these same variables, so after <c>set -a; . F</c> every verb targets
/// the emulator: the names are owned here and nowhere else.
/// </remarks>
internal sealed record WorkspaceTarget(AzureMLWorkspaceOptions Options)
{
    /// <summary>The subscription id when <c>--subscription</c> is not given.</summary>
    public const string SubscriptionVariable = "TRAININGJOBS_SUBSCRIPTION";

    /// <summary>The resource group when <c>--resource-group</c> is not given.</summary>
    public const string ResourceGroupVariable = "TRAININGJOBS_RESOURCE_GROUP";

    /// <summary>The workspace name when <c>--workspace-name</c> is not given; set, it selects Azure ML over the local workspace.</summary>
    public const string WorkspaceVariable = "TRAININGJOBS_WORKSPACE";

    /// <summary>The Azure Resource Manager endpoint (another cloud, or the emulator); <c>https://management.azure.com/</c> when unset.</summary>
    public const string ArmEndpointVariable = "TRAININGJOBS_ARM_ENDPOINT";

    /// <summary>
    /// A PEM file holding the one server certificate the ARM endpoint may present (a pin, see
    /// <see cref="AzureMLWorkspaceOptions.ServerCertificate"/>): how the CLI trusts the emulator's self-signed
    /// certificate without trusting it machine-wide.
    /// </summary>
    public const string ArmCertificateVariable = "TRAININGJOBS_ARM_CERTIFICATE";

    /// <summary>
    /// The Blob service of the workspace's default datastore when it cannot be derived from the datastore's account and
    /// endpoint (an emulator's Azurite, a private endpoint): see <see cref="AzureMLWorkspaceOptions.BlobServiceUri"/>.
    /// </summary>
    public const string BlobEndpointVariable = "TRAININGJOBS_BLOB_ENDPOINT";

    /// <summary>
    /// Resolves the target of a verb: null when the verb runs on the local workspace, a target, or a usage problem
    /// (a partial selection, an invalid value in the environment, an unreadable certificate file).
    /// </summary>
    public static (WorkspaceTarget? Target, string? Problem) Resolve(Command command, ParseResult parse, CliContext context)
    {
        string? Flag(string name) =>
            command.Options.FirstOrDefault(o => o.Name == name) is Option<string> option && parse.GetValue(option) is { Length: > 0 } value ? value : null;

        var subscriptionFlag = Flag("--subscription");
        var groupFlag = Flag("--resource-group");
        var workspaceFlag = Flag("--workspace-name");
        var anyFlag = subscriptionFlag is not null || groupFlag is not null || workspaceFlag is not null;
        var workspaceVariable = Variable(context, WorkspaceVariable);
        if (!anyFlag && workspaceVariable is null) return (null, null);

        var missing = new List<string>();
        var invalid = new List<string>();
        string? Setting(string? flag, string flagName, string variable, Func<string, string?> problemOf)
        {
            if (flag is not null) return flag; // Checked by the option's own validator when parsed.
            var value = Variable(context, variable);
            if (value is null)
            {
                missing.Add($"{flagName} (or ${variable})");
                return null;
            }
            if (problemOf(value) is { } problem) invalid.Add($"${variable} '{value}' is not valid: {problem}.");
            return value;
        }

        var subscription = Setting(subscriptionFlag, "--subscription", SubscriptionVariable, ArmNameRules.SubscriptionIdProblem);
        var group = Setting(groupFlag, "--resource-group", ResourceGroupVariable, ArmNameRules.ResourceGroupProblem);
        var workspace = Setting(workspaceFlag, "--workspace-name", WorkspaceVariable, ArmNameRules.WorkspaceNameProblem);
        if (missing.Count > 0)
        {
            return (null, $"an Azure ML workspace needs {string.Join(", ", missing)}; give all three, or none of them (and no ${WorkspaceVariable}) for the local workspace.");
        }
        if (invalid.Count > 0) return (null, string.Join(" ", invalid));

        var options = new AzureMLWorkspaceOptions { SubscriptionId = subscription, ResourceGroupName = group, WorkspaceName = workspace };
        if (Variable(context, ArmEndpointVariable) is { } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                return (null, $"${ArmEndpointVariable} '{endpoint}' is not an absolute https URL.");
            }
            options.ArmEndpoint = uri;
        }
        if (Variable(context, BlobEndpointVariable) is { } blob)
        {
            if (!Uri.TryCreate(blob, UriKind.Absolute, out var blobUri) || (blobUri.Scheme != Uri.UriSchemeHttps && blobUri.Scheme != Uri.UriSchemeHttp))
            {
                return (null, $"${BlobEndpointVariable} '{blob}' is not an absolute http(s) URL.");
            }
            options.BlobServiceUri = blobUri;
        }
        if (Variable(context, ArmCertificateVariable) is { } certificatePath)
        {
            var path = Path.GetFullPath(certificatePath, context.WorkingDirectory);
            try
            {
                options.ServerCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                return (null, $"${ArmCertificateVariable}: cannot read a PEM certificate from '{path}': {e.Message}");
            }
        }
        return (new WorkspaceTarget(options), null);
    }

    private static string? Variable(CliContext context, string name) => context.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
