using System.Net;
using Azure.Core;
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
        _emulator = await AzureMLEmulator.StartAsync();
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

        var token = await credential.GetTokenAsync(new TokenRequestContext(["https://management.azure.com/.default"]));

        token.Token.Should().NotBeNullOrEmpty();
        token.ExpiresOn.Should().BeAfter(DateTimeOffset.UtcNow);
        using var client = new EmulatorClient(_emulator);
        client.Http.DefaultRequestHeaders.Authorization = new("Bearer", token.Token);
        var (response, body) = await client.SendAsync(HttpMethod.Get, client.Url(""));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["name"]!.GetValue<string>().Should().Be(_emulator.WorkspaceName);
        _emulator.RequestLog.Should().Contain(e => e.Url.StartsWith(_emulator.IdentityEndpoint.AbsoluteUri) && e.Url.Contains("resource=https") && e.Status == 200);
    }
}
