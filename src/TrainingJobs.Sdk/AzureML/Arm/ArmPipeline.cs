using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace TrainingJobs.Sdk.AzureML.Arm;

/// <summary>Builds the one Azure.Core pipeline a backend uses for ARM: bearer token, retries (Retry-After honoured), logging, tracing.</summary>
internal static class ArmPipeline
{
    // Never on a logging allow-list, whatever the caller added: SAS signatures and keys must not reach a log.
    // (Authorization is redacted by Azure.Core unless allow-listed, and is removed here too.)
    private static readonly string[] NeverLoggedQuery = ["sig", "sv", "se", "skoid", "sktid", "skt", "ske", "sks", "skv", "code", "key", "sharedKey"];
    private static readonly string[] NeverLoggedHeaders = ["Authorization", "x-ms-encryption-key", "Ocp-Apim-Subscription-Key", "api-key", "x-functions-key", "Cookie", "Set-Cookie"];

    /// <summary>The token scope for an ARM endpoint: its origin's <c>/.default</c>.</summary>
    public static string ScopeFor(Uri armEndpoint) => armEndpoint.GetLeftPart(UriPartial.Authority) + "/.default";

    /// <summary>The credential requests are signed with: the configured one, else a new <see cref="DefaultAzureCredential"/>.</summary>
    public static TokenCredential CredentialOf(AzureMLWorkspaceOptions workspace) => workspace.Credential ?? new DefaultAzureCredential();

    public static HttpPipeline Build(AzureMLWorkspaceOptions workspace, TokenCredential credential, TrainingJobsClientOptions options)
    {
        Redact(options.Diagnostics);
        var pipelineOptions = new HttpPipelineOptions(options)
        {
            ResponseClassifier = new ResponseClassifier(),
        };
        pipelineOptions.PerRetryPolicies.Add(new BearerTokenAuthenticationPolicy(credential, ScopeFor(workspace.ArmEndpoint)));
        var transport = new HttpPipelineTransportOptions();
        if (workspace.ServerCertificate is { } pinned)
        {
            // Azure.Core's own transport option, so the caller's options object is left as it is.
            var expected = pinned.RawData;
            transport.ServerCertificateCustomValidationCallback = args => args.Certificate is not null && args.Certificate.RawData.AsSpan().SequenceEqual(expected);
        }
        return HttpPipelineBuilder.Build(pipelineOptions, transport);
    }

    /// <summary>
    /// A pipeline for URLs that carry their own authorization (SAS URLs of log blobs): the same retries, logging and
    /// policies as <see cref="Build"/>, without a bearer token, which Blob storage would refuse next to a SAS.
    /// </summary>
    public static HttpPipeline BuildForSas(TrainingJobsClientOptions options)
    {
        Redact(options.Diagnostics);
        return HttpPipelineBuilder.Build(new HttpPipelineOptions(options) { ResponseClassifier = new ResponseClassifier() });
    }

    private static void Redact(DiagnosticsOptions diagnostics)
    {
        foreach (var name in NeverLoggedQuery) RemoveAll(diagnostics.LoggedQueryParameters, name);
        foreach (var name in NeverLoggedHeaders) RemoveAll(diagnostics.LoggedHeaderNames, name);
    }

    private static void RemoveAll(IList<string> list, string name)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (string.Equals(list[i], name, StringComparison.OrdinalIgnoreCase)) list.RemoveAt(i);
        }
    }
}
