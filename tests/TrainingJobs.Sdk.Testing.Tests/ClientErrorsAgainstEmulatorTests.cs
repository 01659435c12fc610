using Azure;
using Azure.Core;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// A token the workspace does not accept, through <see cref="TrainingJobsClient"/> over real HTTPS: the emulator
/// answers 401 with an ARM error body, and the client raises <see cref="RequestFailedException"/> with the ARM code
/// and the credential that was used, without retrying a request that cannot succeed.
/// </summary>
[NonParallelizable]
public class ClientErrorsAgainstEmulatorTests
{
    /// <summary>A credential whose token the emulator never issued (a user's wrong or stale token).</summary>
    private sealed class ForeignTokenCredential : TokenCredential
    {
        public int Requests { get; private set; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Requests++;
            return new AccessToken("not-a-token-the-emulator-issued", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    [Test]
    public async Task A_token_the_workspace_does_not_accept_is_a_RequestFailedException_401_with_the_ARM_code_and_the_credential_named()
    {
        var credential = new ForeignTokenCredential();
        await using var session = await EmulatorSession.StartAsync(credential: credential);
        var (emulator, client) = (session.Emulator, session.Client);

        var get = async () => await client.GetAsync("any-job");

        var error = (await get.Should().ThrowAsync<RequestFailedException>()).Which;
        error.Status.Should().Be(401);
        error.ErrorCode.Should().Be("InvalidAuthenticationToken");
        error.Message.Should().Contain(nameof(ForeignTokenCredential), "the message says which credential signed the request");
        emulator.RequestLog.Count(e => e.Url.Contains("/jobs/any-job", StringComparison.Ordinal)).Should().Be(1, "a 401 is not retried");
    }
}
