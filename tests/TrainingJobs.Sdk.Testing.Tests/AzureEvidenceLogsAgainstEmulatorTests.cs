using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage.Evidence;
using TrainingJobs.Sdk.Testing.Emulator;

using static TrainingJobs.Sdk.Testing.Tests.StreamedLogs;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// An Azure ML job's evidence bundle holds its logs (against the emulator, which runs the job, and its real Azurite):
/// the files run history lists, read from their SAS URLs (or the datastore's blobs when it lists none), redacted as
/// streamed lines are; a listed file that cannot be read is named in the manifest and the bundle still verifies.
/// </summary>
[NonParallelizable]
public sealed class AzureEvidenceLogsAgainstEmulatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tj-azure-evidence-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task An_azure_jobs_bundle_holds_its_log_with_the_printed_line_and_no_secret_and_verifies()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var session = await EmulatorSession.StartAsync();
        await SubmitAsync(session, "logged", token);
        (await session.Client.WaitForCompletionAsync("logged").WaitAsync(Bound)).Status.Should().Be(JobStatus.Completed);
        (await LogBlobAsync(session.Emulator, "logged")).Should().Contain(token, "the job printed the secret into its log");
        var bundle = Path.Combine(_folder, "bundle");

        await EvidenceBundle.WriteAsync(session.Client, "logged", bundle, null, TimeProvider.System, CancellationToken.None).WaitAsync(Bound);

        File.ReadAllText(Path.Combine(bundle, "logs/user_logs/std_log.txt")).Should().Be("hello from azure\ntoken: <redacted>\n");
        NoFileHolds(bundle, token);
        Manifest(bundle)["jobs"]![0]!["logs_note"].Should().BeNull("every listed log was copied");
        session.Emulator.RequestLog.Should().Contain(r => r.Url.Contains("/runs/logged/details", StringComparison.Ordinal), "run history listed the files");
        Verify(bundle);
    }

    [Test]
    public async Task Without_log_files_in_run_history_the_bundle_copies_the_logs_listed_on_the_datastore()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var session = await EmulatorSession.StartAsync(new AzureMLEmulatorOptions { RetryAfter = TimeSpan.Zero, ListLogFilesInRunHistory = false });
        await SubmitAsync(session, "stored", token);
        (await session.Client.WaitForCompletionAsync("stored").WaitAsync(Bound)).Status.Should().Be(JobStatus.Completed);
        var bundle = Path.Combine(_folder, "bundle");

        await EvidenceBundle.WriteAsync(session.Client, "stored", bundle, null, TimeProvider.System, CancellationToken.None).WaitAsync(Bound);

        File.ReadAllText(Path.Combine(bundle, "logs/user_logs/std_log.txt")).Should().Be("hello from azure\ntoken: <redacted>\n");
        NoFileHolds(bundle, token);
        session.Emulator.RequestLog.Should().Contain(r => r.Url.Contains("/datastores/workspaceartifactstore", StringComparison.Ordinal),
            "the logs were found by listing the artifact datastore");
        Verify(bundle);
    }

    [Test]
    public async Task A_log_run_history_lists_but_that_is_gone_is_named_in_the_manifest_and_the_bundle_still_verifies()
    {
        await using var session = await EmulatorSession.StartAsync();
        await SubmitAsync(session, "vanished", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        (await session.Client.WaitForCompletionAsync("vanished").WaitAsync(Bound)).Status.Should().Be(JobStatus.Completed);
        // Run history still lists the file (its list is the runner's); its blob answers 404.
        await ArtifactContainer(session.Emulator).GetBlobClient("ExperimentRun/dcid.vanished/user_logs/std_log.txt").DeleteAsync();
        var bundle = Path.Combine(_folder, "bundle");

        await EvidenceBundle.WriteAsync(session.Client, "vanished", bundle, null, TimeProvider.System, CancellationToken.None).WaitAsync(Bound);

        var note = Manifest(bundle)["jobs"]![0]!["logs_note"]!.GetValue<string>();
        note.Should().Contain("logs/user_logs/std_log.txt not copied").And.Contain("404");
        note.Should().NotContain("sig=", "the SAS is a credential and stays out of the bundle");
        Directory.Exists(Path.Combine(bundle, "logs")).Should().BeFalse();
        Verify(bundle);
    }

    private static Task SubmitAsync(EmulatorSession session, string name, string token) => session.Client.SubmitAsync(new CommandJob
    {
        Name = name,
        Command = "echo 'hello from azure'; echo \"token: $API_TOKEN\"",
        EnvironmentVariables = ValueMap.Of(("API_TOKEN", token)),
        Environment = new EnvironmentReference("azureml:sklearn:3"),
        Compute = session.WorkspacePath + "/computes/cpu-cluster",
    });

    private static JsonNode Manifest(string bundle) => JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, EvidenceBundle.ManifestFile)))!;

    private static void NoFileHolds(string bundle, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0)
            .Should().BeEmpty("no file of a bundle holds a secret of the job");
    }

    private static void Verify(string bundle)
    {
        var verification = EvidenceBundleVerifier.Verify(bundle, null);
        verification.Verified.Should().BeTrue(string.Join("\n", verification.Problems.Concat(verification.Modified).Concat(verification.Removed).Concat(verification.Added)));
    }
}
