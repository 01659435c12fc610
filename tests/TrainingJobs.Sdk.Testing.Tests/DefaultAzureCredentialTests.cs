using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>An unchanged DefaultAzureCredential gets its token from the emulator through IDENTITY_ENDPOINT/IDENTITY_HEADER.</summary>
[NonParallelizable]
public class DefaultAzureCredentialTests
{
    private static readonly string[] Variables = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"];
    private readonly Dictionary<string, string?> _saved = [];
    private AzureMLEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAndPointTheEnvironmentAtTheEmulator()
    {
        _emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { BlobEndpoint = SharedAzurite.Endpoint });
        foreach (var name in Variables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
        }
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", _emulator.IdentityEndpoint.AbsoluteUri);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", _emulator.IdentityHeader);
    }

    [OneTimeTearDown]
    public async Task RestoreTheEnvironment()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        await _emulator.DisposeAsync();
    }

    [Test]
    public async Task Its_token_is_accepted_by_the_ARM_endpoint()
    {
        var credential = new DefaultAzureCredential();

        // A scope of its own: Azure.Identity caches managed-identity tokens process-wide by resource, and this test
        // must see the request reach this emulator's endpoint rather than be answered from that cache.
        var resource = $"https://emulator-{Guid.NewGuid():N}";
        var token = await credential.GetTokenAsync(new TokenRequestContext([resource + "/.default"]));

        token.Token.Should().NotBeNullOrEmpty();
        token.ExpiresOn.Should().BeAfter(DateTimeOffset.UtcNow);
        using var client = new EmulatorClient(_emulator);
        client.Http.DefaultRequestHeaders.Authorization = new("Bearer", token.Token);
        var (response, body) = await client.SendAsync(HttpMethod.Get, client.Url(""));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["name"]!.GetValue<string>().Should().Be(_emulator.WorkspaceName);
        _emulator.RequestLog.Should().Contain(e => e.Url.StartsWith(_emulator.IdentityEndpoint.AbsoluteUri) && e.Url.Contains(resource) && e.Status == 200);
    }
}

/// <summary>What the SDK's Azure backend will do: an Azure.Core pipeline with a bearer-token policy and retries, against faults.</summary>
[NonParallelizable]
public class AzureCorePipelineTests
{
    [Test]
    public async Task A_pipeline_with_DefaultAzureCredential_and_retries_gets_through_seeded_faults_and_the_log_shows_them()
    {
        await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions { FaultRate = 0.3, FaultSeed = 11, RetryAfter = TimeSpan.Zero, RunJobs = false, BlobEndpoint = SharedAzurite.Endpoint });
        var saved = (Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), Environment.GetEnvironmentVariable("IDENTITY_HEADER"));
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", emulator.IdentityEndpoint.AbsoluteUri);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", emulator.IdentityHeader);
        try
        {
            using var client = new EmulatorClient(emulator);
            var options = new PipelineOptions(emulator.Certificate.Thumbprint);
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.Retry.MaxRetries = 10;
            var pipeline = HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(new DefaultAzureCredential(), "https://management.azure.com/.default"));

            for (var i = 0; i < 10; i++)
            {
                using var message = pipeline.CreateMessage();
                message.Request.Method = RequestMethod.Put;
                message.Request.Uri.Reset(client.Url($"jobs/job-{i}"));
                message.Request.Headers.Add("Content-Type", "application/json");
                message.Request.Content = RequestContent.Create(BinaryData.FromString(EmulatorClient.CommandJob()));
                await pipeline.SendAsync(message, CancellationToken.None);
                message.Response.Status.Should().BeOneOf(200, 201);
            }

            var arm = emulator.RequestLog.Where(e => e.Url.StartsWith(emulator.ArmEndpoint.AbsoluteUri)).ToList();
            arm.Should().Contain(e => e.Fault != null, "a 30% fault rate over at least ten requests meets some");
            arm.Where(e => e.Fault == null).Select(e => e.Status).Should().Contain(201);
            var (_, list) = await AuthenticatedListAsync(client);
            list.Should().HaveCount(10, "a retried PUT of the same name never makes a second job");
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", saved.Item1);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", saved.Item2);
        }
    }

    private static async Task<(HttpStatusCode, List<string>)> AuthenticatedListAsync(EmulatorClient client)
    {
        await client.AuthenticateAsync();
        var names = new List<string>();
        for (var attempt = 0; attempt < 20 && names.Count == 0; attempt++)
        {
            // The plain client has no retries; the fault sequence may hit it too.
            var (response, body) = await client.SendAsync(HttpMethod.Get, client.Url("jobs"));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                names.AddRange(body!["value"]!.AsArray().Select(j => j!["name"]!.GetValue<string>()));
                return (response.StatusCode, names);
            }
        }
        return (HttpStatusCode.InternalServerError, names);
    }

    private sealed class PipelineOptions : ClientOptions
    {
        // Pins the emulator's certificate, as the SDK option for the emulator will.
        public PipelineOptions(string thumbprint) => Transport = new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        });
    }
}
