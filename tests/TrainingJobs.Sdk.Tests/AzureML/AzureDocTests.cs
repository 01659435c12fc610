using TrainingJobs.Sdk.Docs.Snippets.Azure;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>docs/azure.md: its client snippet runs (DocsSnippetTests checks the page shows it exactly).</summary>
public class AzureDocTests
{
    [Test]
    public void The_documented_settings_describe_a_workspace_the_client_accepts()
    {
        // Describing the workspace checks the settings (GUID, ARM names, https endpoint); no request is sent.
        var create = AzureClientSnippet.Create;

        create.Should().NotThrow().Which.Should().BeOfType<TrainingJobsClient>();
    }

    [Test]
    public void The_documented_pin_holds_exactly_the_certificate_of_the_file()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        using var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var file = Path.Combine(Path.GetTempPath(), "tj-pin-" + Guid.NewGuid().ToString("N")[..12] + ".crt");
        File.WriteAllText(file, certificate.ExportCertificatePem());
        try
        {
            var options = AzureClientSnippet.Pinned(file);

            options.ServerCertificate!.Thumbprint.Should().Be(certificate.Thumbprint);
            options.ArmEndpoint.Should().Be(new Uri("https://127.0.0.1:5443/"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
