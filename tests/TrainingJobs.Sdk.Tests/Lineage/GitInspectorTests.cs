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
