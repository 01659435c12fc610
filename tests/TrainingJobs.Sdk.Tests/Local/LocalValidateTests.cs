using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary><see cref="TrainingJobsClient.ValidateAsync"/> on the local backend: a rehearsal of the submit that starts, writes and records nothing.</summary>
[Parallelizable(ParallelScope.All)]
public class LocalValidateTests
{
    [Test]
    public async Task An_unmapped_environment_is_reported_as_TJ4006_and_nothing_is_created()
    {
        await using var ws = new TempWorkspace();
        var job = Job(ws) with { Name = "validated_only", Environment = new EnvironmentReference("azureml:no-such-env:1") };

        var diagnostics = await ws.Client.ValidateAsync(job);

        diagnostics.Should().ContainSingle(d => d.Code == LocalDiagnosticCodes.EnvironmentNotMapped)
            .Which.Should().Match<Diagnostic>(d => d.Severity == DiagnosticSeverity.Warning && d.Path == "environment" && d.Message.Contains("azureml:no-such-env:1"));
        diagnostics.Should().NotContain(d => d.IsError);
        Directory.Exists(ws.Options.Home).Should().BeFalse("validation does not create the workspace");
    }

    [Test]
    public async Task An_existing_workspace_is_left_as_it_was_no_record_no_job_folder()
    {
        await using var ws = new TempWorkspace();
        await foreach (var unused in ws.Client.GetJobsAsync()) Assert.Fail($"a new workspace has no job, found {unused.Name}");
        var before = Snapshot(ws.Options.Home!);
        var job = Job(ws) with { Name = "rehearsed_job", Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFolder, Path = ws.Work, Mode = InputMode.Download })) };

        var diagnostics = await ws.Client.ValidateAsync(job);

        diagnostics.Should().NotContain(d => d.IsError);
        Snapshot(ws.Options.Home!).Should().Equal(before, "no job folder, staging folder or copy is made");
        await foreach (var listed in ws.Client.GetJobsAsync(new JobQuery { Archived = ArchiveFilter.All })) Assert.Fail($"no job record is made, found {listed.Name}");
        var lookup = () => ws.Client.GetAsync("rehearsed_job");
        (await lookup.Should().ThrowAsync<Azure.RequestFailedException>()).Which.Status.Should().Be(404);
    }

    [Test]
    public async Task Errors_of_the_validator_and_of_the_planner_both_appear()
    {
        await using var ws = new TempWorkspace();
        var job = Job(ws) with
        {
            Code = Path.Combine(ws.Work, "no-such-folder"),
            Limits = new CommandJobLimits { Timeout = TimeSpan.FromSeconds(-5) },
        };

        var diagnostics = await ws.Client.ValidateAsync(job);

        diagnostics.Should().Contain(d => d.IsError && d.Code == ValidationCodes.NonPositiveLimit, "the validator's error");
        diagnostics.Should().Contain(d => d.IsError && d.Code == LocalDiagnosticCodes.PathNotFound && d.Path == "code", "the planner's error");
        Directory.Exists(ws.Options.Home).Should().BeFalse();
    }

    [Test]
    public async Task An_error_the_local_backend_tolerates_is_dropped()
    {
        await using var ws = new TempWorkspace();
        var job = Job(ws) with { Environment = null };
        job.Validate().Should().Contain(d => d.IsError && d.Code == ValidationCodes.RequiredFieldMissing && d.Path == "environment", "the validator wants an environment");

        var diagnostics = await ws.Client.ValidateAsync(job);

        diagnostics.Should().NotContain(d => d.Code == ValidationCodes.RequiredFieldMissing);
        diagnostics.Should().NotContain(d => d.IsError);
    }

    [Test]
    public async Task SubmitAsync_refuses_what_ValidateAsync_reports_as_errors()
    {
        await using var ws = new TempWorkspace();
        var job = Job(ws) with { Name = "refused_job", Code = Path.Combine(ws.Work, "no-such-folder"), Limits = new CommandJobLimits { Timeout = TimeSpan.FromSeconds(-5) } };
        var validated = await ws.Client.ValidateAsync(job);

        var submit = () => ws.Client.SubmitAsync(job);

        var refused = (await submit.Should().ThrowAsync<JobValidationException>()).Which;
        refused.Diagnostics.Should().BeEquivalentTo(validated, "submit refuses with what validation reports");
        Directory.Exists(Path.Combine(ws.Options.Home!, "jobs", "refused_job")).Should().BeFalse();
    }

    [Test]
    public async Task A_job_kind_the_local_backend_cannot_run_is_TJ4001()
    {
        await using var ws = new TempWorkspace();
        var diagnostics = await ws.Client.ValidateAsync(new SweepJob
        {
            Trial = new CommandJob { Command = "python train.py --lr ${{search_space.lr}}" },
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(("lr", new ChoiceParameter { Values = ValueList.Of<ChoiceOption>(LiteralValue.FromNumber(0.1), LiteralValue.FromNumber(0.01)) })),
            SamplingAlgorithm = new BayesianSamplingAlgorithm(),
            Objective = new SweepObjective("loss", Goal.Minimize),
        });

        diagnostics.Should().Contain(d => d.IsError && d.Code == LocalDiagnosticCodes.UnsupportedKind);
    }

    [Test]
    public async Task Planner_messages_are_redacted_as_on_submit()
    {
        await using var ws = new TempWorkspace();
        const string signature = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg";
        var job = Job(ws) with
        {
            Command = "cat ${{inputs.data}}",
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFile, Path = $"https://acct.blob.core.windows.net/c/d.csv?sv=2022-11-02&sp=r&sig={signature}%3D%3D" })),
        };

        var diagnostics = await ws.Client.ValidateAsync(job);

        diagnostics.Should().Contain(d => d.Code == LocalDiagnosticCodes.UnsupportedScheme && d.Message.Contains("https://acct.blob.core.windows.net/c/d.csv"));
        diagnostics.Should().OnlyContain(d => !d.Message.Contains(signature, StringComparison.Ordinal));
    }

    [Test]
    public async Task A_code_entry_a_copy_would_skip_is_reported_without_copying_anything()
    {
        await using var ws = new TempWorkspace();
        ws.WriteFile("src/run.sh", "echo hi\n");
        File.CreateSymbolicLink(Path.Combine(ws.Work, "src", "escape"), "/etc/hostname");

        var diagnostics = await ws.Client.ValidateAsync(Job(ws));

        diagnostics.Should().Contain(d => d.Code == LocalDiagnosticCodes.EntrySkipped && d.Message.Contains("escape") && d.Message.Contains("outside the folder"));
        Directory.Exists(ws.Options.Home).Should().BeFalse();
    }

    [Test]
    public async Task The_rehearsal_reports_the_same_planning_warnings_as_the_submit()
    {
        await using var ws = new TempWorkspace();
        ws.WriteFile("src/lib/util.sh", "true\n");
        File.CreateSymbolicLink(Path.Combine(ws.Work, "src", "escape"), "/etc/hostname");
        File.CreateSymbolicLink(Path.Combine(ws.Work, "src", "lib-link"), "lib");
        ws.WriteFile("data/a.csv", "1");
        File.CreateSymbolicLink(Path.Combine(ws.Work, "data", "out"), "../src");
        var job = Job(ws) with
        {
            Name = "parity_job",
            Compute = "azureml:cpu-cluster",
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFolder, Path = Path.Combine(ws.Work, "data"), Mode = InputMode.Download })),
        };

        var validated = await ws.Client.ValidateAsync(job);
        var submitted = await ws.Client.SubmitAsync(job);
        var record = await ws.Client.GetRecordAsync(submitted.Name);

        var rehearsed = validated.Where(d => d.Code.StartsWith("TJ4", StringComparison.Ordinal)).Select(d => $"{d.Code}: {d.Message}").ToList();
        rehearsed.Should().HaveCountGreaterThanOrEqualTo(4, "an unmapped environment, an ignored compute, a link out of the code folder, a folder link kept, a link out of the input");
        record.Warnings.Should().BeEquivalentTo(rehearsed, "validation reports what the submit's planning reported");
        (await ws.WaitAsync(submitted.Name)).Status.Should().Be(JobStatus.Completed);
    }

    private static CommandJob Job(TempWorkspace ws)
    {
        ws.WriteFile("src/run.sh", "echo hi\n");
        return new CommandJob
        {
            Command = "bash run.sh",
            Code = Path.Combine(ws.Work, "src"),
            Environment = new EnvironmentReference("azureml:env:1"),
        };
    }

    private static List<string> Snapshot(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("-wal", StringComparison.Ordinal) && !p.EndsWith("-shm", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(folder, p)).Order(StringComparer.Ordinal).ToList();
}
