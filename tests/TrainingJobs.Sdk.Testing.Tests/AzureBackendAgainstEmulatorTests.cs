using Azure;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// The SDK's Azure ML backend, through <see cref="TrainingJobsClient"/>, against the emulator: real HTTPS on loopback
/// with the emulator's certificate pinned, and an unchanged DefaultAzureCredential that gets its tokens from the
/// emulator's managed-identity endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER). Jobs are not run by the emulator yet
/// (issue 10, next step), so these cover management: submit, show, list, archive, tags, cancel and errors.
/// </summary>
[NonParallelizable]
public partial class AzureBackendAgainstEmulatorTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"/jobs(\?|$)")]
    private static partial System.Text.RegularExpressions.Regex ListPath();

    private static readonly string[] Variables = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"];
    private readonly Dictionary<string, string?> _saved = [];

    [OneTimeSetUp]
    public void SaveTheEnvironment()
    {
        foreach (var name in Variables) _saved[name] = Environment.GetEnvironmentVariable(name);
    }

    [OneTimeTearDown]
    public void RestoreTheEnvironment()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }

    private static async Task<(AzureMLEmulator Emulator, TrainingJobsClient Client)> StartAsync(AzureMLEmulatorOptions options)
    {
        options.RetryAfter = TimeSpan.Zero;
        // Management only: jobs stay NotStarted until canceled (EmulatorJobRunTests cover running them).
        options.RunJobs = false;
        options.BlobEndpoint = SharedAzurite.Endpoint;
        // The variables EmulatorSession sets are restored by this class's OneTimeTearDown; the caller disposes the emulator.
        var session = await EmulatorSession.StartAsync(options);
        return (session.Emulator, session.Client);
    }

    // The compute is pinned (an ARM id): a submit is then the job PUT alone, whatever computes the emulator serves.
    private static CommandJob Definition(string name) => new()
    {
        Name = name,
        Command = "python train.py",
        Environment = new EnvironmentReference("azureml:sklearn:3"),
        Compute = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/emulator-rg/providers/Microsoft.MachineLearningServices/workspaces/emulator-ws/computes/cpu",
        Tags = ValueMap<string>.From([new("team", "vision")]),
    };

    [Test]
    public async Task Submit_show_list_across_pages_archive_restore_tags_and_cancel()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { PageSize = 2 });
        await using var _ = emulator;

        var submitted = await client.SubmitAsync(Definition("job-a"));
        submitted.Name.Should().Be("job-a");
        submitted.Status.Should().Be(JobStatus.NotStarted);
        (await client.GetAsync("job-a")).Definition.Should().BeOfType<CommandJob>().Which.Command.Should().Be("python train.py");

        foreach (var name in new[] { "job-b", "job-c", "job-d", "job-e" }) await client.SubmitAsync(Definition(name));
        var listed = new List<string>();
        await foreach (var job in client.GetJobsAsync()) listed.Add(job.Name);
        listed.Should().BeEquivalentTo(["job-a", "job-b", "job-c", "job-d", "job-e"]);
        var pages = emulator.RequestLog.Where(e => e.Method == "GET" && ListPath().IsMatch(e.Url)).ToList();
        pages.Should().HaveCountGreaterThanOrEqualTo(3, "five jobs at two per page take three pages; GETs: {0}",
            string.Join(" ", emulator.RequestLog.Where(e => e.Method == "GET").Select(e => e.Url)));

        (await client.ArchiveAsync("job-b")).IsArchived.Should().BeTrue();
        var active = new List<string>();
        await foreach (var job in client.GetJobsAsync()) active.Add(job.Name);
        active.Should().NotContain("job-b");
        var archived = new List<string>();
        await foreach (var job in client.GetJobsAsync(new JobQuery { Archived = ArchiveFilter.ArchivedOnly })) archived.Add(job.Name);
        archived.Should().Equal("job-b");
        (await client.RestoreAsync("job-b")).IsArchived.Should().BeFalse();

        var tagged = await client.UpdateTagsAsync("job-c", new Dictionary<string, string?> { ["stage"] = "candidate", ["team"] = null });
        tagged.Definition.Tags.Should().ContainKey("stage").WhoseValue.Should().Be("candidate");
        tagged.Definition.Tags.Should().NotContainKey("team");
        (await client.GetAsync("job-c")).Definition.Tags.Should().ContainKey("stage");

        var canceled = await client.CancelAsync("job-d");
        canceled.Status.Should().Be(JobStatus.Canceled);
        (await client.GetAsync("job-d")).Status.Should().Be(JobStatus.Canceled);

        emulator.RequestLog.Count(e => e.Method == "PUT" && e.Status == 201).Should().Be(5, "one job created per submit");
    }

    [Test]
    public async Task An_unknown_job_is_a_RequestFailedException_with_the_ARM_code()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions());
        await using var _ = emulator;

        var failure = await FluentActions.Awaiting(() => client.GetAsync("no-such-job")).Should().ThrowAsync<RequestFailedException>();
        failure.Which.Status.Should().Be(404);
        failure.Which.ErrorCode.Should().Be("ResourceNotFound");
    }

    [Test]
    public async Task With_ten_percent_faults_every_scenario_passes_and_each_submit_creates_exactly_one_job()
    {
        var (emulator, client) = await StartAsync(new AzureMLEmulatorOptions { FaultRate = 0.1, FaultSeed = 20261204, PageSize = 2 });
        await using var _ = emulator;

        var names = Enumerable.Range(1, 6).Select(i => $"faulty-{i}").ToList();
        foreach (var name in names) await client.SubmitAsync(Definition(name));
        foreach (var name in names) (await client.GetAsync(name)).Name.Should().Be(name);
        var listed = new List<string>();
        await foreach (var job in client.GetJobsAsync()) listed.Add(job.Name);
        listed.Should().BeEquivalentTo(names);
        (await client.CancelAsync(names[0])).Status.Should().Be(JobStatus.Canceled);

        emulator.RequestLog.Should().Contain(e => e.Fault != null, "the seed injects faults into this run");
        foreach (var name in names)
        {
            emulator.RequestLog.Count(e => e.Method == "PUT" && e.Status == 201 && e.Url.Contains($"/jobs/{name}?", StringComparison.Ordinal))
                .Should().Be(1, $"{name} is created once, however often its PUT was retried");
        }
    }
}
