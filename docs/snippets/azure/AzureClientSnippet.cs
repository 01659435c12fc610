using System.Security.Cryptography.X509Certificates;
using TrainingJobs.Sdk.AzureML;

namespace TrainingJobs.Sdk.Docs.Snippets.Azure;

/// <summary>The client of docs/azure.md; compiled and run by the test project.</summary>
public static class AzureClientSnippet
{
    /// <summary>A client for the documented workspace (no request is sent until a method is called).</summary>
    public static TrainingJobsClient Create()
    {
        #region Snippet:CreateAzureClient
        var client = new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(new AzureMLWorkspaceOptions
        {
            SubscriptionId = "00000000-0000-0000-0000-000000000000",
            ResourceGroupName = "my-rg",
            WorkspaceName = "my-ws",
            // Credential = new AzureCliCredential(),            // default: new DefaultAzureCredential()
            // ArmEndpoint = new Uri("https://management.usgovcloudapi.net/"), // default: https://management.azure.com/
        }));
        #endregion
        return client;
    }

    /// <summary>Workspace settings that pin the certificate in <paramref name="certificateFile"/> (PEM or DER).</summary>
    /// <param name="certificateFile">The server's certificate, e.g. the emulator's <c>emulator.crt</c>.</param>
    public static AzureMLWorkspaceOptions Pinned(string certificateFile)
    {
        #region Snippet:PinCertificate
        var options = new AzureMLWorkspaceOptions
        {
            SubscriptionId = "…", ResourceGroupName = "…", WorkspaceName = "…",
            ArmEndpoint = new Uri("https://127.0.0.1:5443/"),
            ServerCertificate = X509CertificateLoader.LoadCertificateFromFile(certificateFile),
        };
        #endregion
        return options;
    }
}
