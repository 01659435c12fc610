using TrainingJobs.Sdk.Lineage;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>What a record keeps of a remote URL: where the code lives, never how to sign in to it.</summary>
public class GitInspectorTests
{
    [TestCase("https://user:ghp_token123@github.example/org/repo.git", "https://github.example/org/repo.git")]
    [TestCase("https://x-access-token:abc@host.example/org/repo", "https://host.example/org/repo")]
    [TestCase("https://token@dev.example/org/_git/repo", "https://dev.example/org/_git/repo")]
    [TestCase("https://host.example/org/repo.git?sv=2024&sig=secret", "https://host.example/org/repo.git")]
    [TestCase("ssh://git@host.example:2222/org/repo.git", "ssh://host.example:2222/org/repo.git")]
    [TestCase("https://host.example/org/repo.git", "https://host.example/org/repo.git")]
    [TestCase("https://user:pat@dev.azure.com/org/p/_git/r", "https://dev.azure.com/org/p/_git/r")]
    [TestCase("https://github.com/org/repo.git?token=abc#x", "https://github.com/org/repo.git")]
    [TestCase("https://host:8443/repo", "https://host:8443/repo")]
    [TestCase("user:secret@host:org/repo.git", "host:org/repo.git")]
    public void Credentials_and_query_strings_are_removed_from_a_remote_url(string remote, string recorded) =>
        GitInspector.WithoutCredentials(remote).Should().Be(recorded);

    [TestCase("git@github.example:org/repo.git")]
    [TestCase("/srv/git/repo.git")]
    public void Scp_like_addresses_and_local_paths_stay_as_they_are(string remote) =>
        GitInspector.WithoutCredentials(remote).Should().Be(remote);
}

/// <summary>The submitter of an Azure ML job: the object id in the client's token, and nothing else of the token.</summary>
public class SubmitterTokenTests
{
    private static string Part(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Test]
    public void The_oid_claim_of_a_JWT_is_the_submitter() =>
        Sdk.AzureML.Backend.RecordProperties.ObjectIdOf($"{Part("{\"alg\":\"RS256\"}")}.{Part("{\"oid\":\"11111111-2222-3333-4444-555555555555\",\"upn\":\"a@b\"}")}.sig")
            .Should().Be("11111111-2222-3333-4444-555555555555");

    [TestCase("opaque-token")]
    [TestCase("a.b")]
    [TestCase("a.%%%.c")]
    [TestCase("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig")]
    public void A_token_that_is_not_a_JWT_or_has_no_oid_names_no_submitter(string token) =>
        Sdk.AzureML.Backend.RecordProperties.ObjectIdOf(token).Should().BeNull();
}
