using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Pipelines;

/// <summary>Pipelines on the local backend: real steps, real files between them, real processes.</summary>
[Parallelizable(ParallelScope.All)]
public class LocalPipelineTests
{
    private static PipelineStep Step(string command, (string Name, string Expression)[]? inputs = null, string[]? outputs = null) => new()
    {
        Job = new CommandJob
        {
            Command = command,
            Inputs = ValueMap.From((inputs ?? []).Select(i => KeyValuePair.Create<string, JobInput>(i.Name, new BindingInput { Expression = i.Expression }))),
            Outputs = ValueMap.From((outputs ?? ["out"]).Select(o => KeyValuePair.Create(o, new JobOutput()))),
        },
    };

    /// <summary>a → b, a → c, b + c → d; each step computes from the files upstream steps wrote. <paramref name="marker"/> counts runs.</summary>
    internal static PipelineJob Diamond(string marker, string seedFile) => new()
    {
        ExperimentName = "diamond",
        Inputs = ValueMap.Of<JobInput>(("seed", new AssetInput { Type = AssetType.UriFile, Path = seedFile })),
        Outputs = ValueMap.Of(("total", new JobOutput())),
        Steps = ValueMap.Of(
            ("a", Step($"echo a >> '{marker}'; cat ${{{{inputs.seed}}}} > ${{{{outputs.out}}}}/n.txt", [("seed", "${{parent.inputs.seed}}")])),
            ("b", Step($"echo b >> '{marker}'; echo $(( $(cat ${{{{inputs.x}}}}/n.txt) * 2 )) > ${{{{outputs.out}}}}/n.txt", [("x", "${{parent.jobs.a.outputs.out}}")])),
            ("c", Step($"echo c >> '{marker}'; echo $(( $(cat ${{{{inputs.x}}}}/n.txt) + 10 )) > ${{{{outputs.out}}}}/n.txt", [("x", "${{parent.jobs.a.outputs.out}}")])),
            ("d", new PipelineStep
            {
                Job = new CommandJob
                {
                    Command = $"echo d >> '{marker}'; echo $(( $(cat ${{{{inputs.left}}}}/n.txt) + $(cat ${{{{inputs.right}}}}/n.txt) )) > ${{{{outputs.sum}}}}/n.txt",
                    Inputs = ValueMap.Of<JobInput>(
                        ("left", new BindingInput { Expression = "${{parent.jobs.b.outputs.out}}" }),
                        ("right", new BindingInput { Expression = "${{parent.jobs.c.outputs.out}}" })),
                    Outputs = ValueMap.Of(("sum", new JobOutput { Path = "${{parent.outputs.total}}" })),
                },
            })),
    };

    [Test]
    public async Task A_diamond_pipeline_runs_each_step_once_in_dependency_order_with_data_flowing_through_files()
    {
        await using var ws = new TempWorkspace();
        var marker = Path.Combine(ws.Work, "runs.txt");
        var seed = ws.WriteFile("seed.txt", "5");

        var submitted = await ws.Client.SubmitAsync(Diamond(marker, seed));
        var events = await ws.StreamAllAsync(submitted.Name);
        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var runs = (await File.ReadAllLinesAsync(marker)).ToList();
        runs.Should().HaveCount(4).And.OnlyHaveUniqueItems();
        runs.First().Should().Be("a");
        runs.Last().Should().Be("d");
        // (5 × 2) + (5 + 10) = 25, computed by d from the files b and c wrote.
        var download = Path.Combine(ws.Home, "download");
        var result = await ws.Client.DownloadAsync(submitted.Name, new DownloadOptions { DownloadPath = download, OutputName = "total" });
        result.Missing.Should().BeEmpty();
        (await File.ReadAllTextAsync(Path.Combine(download, "named-outputs", "total", "n.txt"))).Trim().Should().Be("25");

        var children = new List<Job>();
        await foreach (var child in ws.Client.GetJobsAsync(new JobQuery { ParentJobName = submitted.Name })) children.Add(child);
        children.Select(c => c.Definition.DisplayName).Should().BeEquivalentTo(["a", "b", "c", "d"]);
        children.Should().OnlyContain(c => c.Status == JobStatus.Completed && c.ParentJobName == submitted.Name);

        // The stream carries every step's events tagged with its step; the pipeline's terminal status comes last.
        events.Where(e => e.StepName is not null).Select(e => e.StepName).Distinct().Should().BeEquivalentTo(["a", "b", "c", "d"]);
        events.OfType<JobStatusEvent>().Where(e => e.StepName == "d").Select(e => e.Status).Should().Contain(JobStatus.Completed);
        events.Last().Should().BeOfType<JobStatusEvent>().Which.Should().Match<JobStatusEvent>(e => e.StepName == null && e.Status == JobStatus.Completed);
    }

    private static async Task<Dictionary<string, Job>> StepsOf(TempWorkspace ws, string pipeline)
    {
        var steps = new Dictionary<string, Job>(StringComparer.Ordinal);
        await foreach (var child in ws.Client.GetJobsAsync(new JobQuery { ParentJobName = pipeline })) steps[child.Definition.DisplayName!] = child;
        return steps;
    }

    /// <summary>a; b (fails, after a); c (independent, slow unless <paramref name="quickC"/>); d (after b).</summary>
    private static PipelineJob Failing(string marker, bool continueOnStepFailure, bool quickC) => new()
    {
        Settings = new PipelineSettings { ContinueOnStepFailure = continueOnStepFailure },
        Steps = ValueMap.Of(
            ("a", Step($"echo a >> '{marker}'")),
            ("b", Step($"echo b >> '{marker}'; echo 'b gives up' >&2; exit 3", [("x", "${{parent.jobs.a.outputs.out}}")])),
            ("c", Step($"{(quickC ? "" : "sleep 30; ")}echo c >> '{marker}'")),
            ("d", Step($"echo d >> '{marker}'", [("x", "${{parent.jobs.b.outputs.out}}")]))),
    };

    [Test]
    public async Task A_failed_step_fails_the_pipeline_stops_running_steps_and_skips_the_rest()
    {
        await using var ws = new TempWorkspace();
        var marker = Path.Combine(ws.Work, "runs.txt");

        var submitted = await ws.Client.SubmitAsync(Failing(marker, continueOnStepFailure: false, quickC: false));
        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Failed);
        done.Error!.Message.Should().Contain("step 'b'").And.Contain(submitted.Name + "_b").And.Contain("exit");
        var steps = await StepsOf(ws, submitted.Name);
        steps["a"].Status.Should().Be(JobStatus.Completed);
        steps["b"].Status.Should().Be(JobStatus.Failed);
        steps["c"].Status.Should().Be(JobStatus.Canceled, "c was running when b failed, and is stopped");
        steps["d"].Status.Should().Be(JobStatus.Canceled);
        steps["d"].Error!.Message.Should().StartWith("Not run");
        (await File.ReadAllLinesAsync(marker)).Should().BeEquivalentTo(["a", "b"]);
        (done.EndedOn!.Value - done.StartedOn!.Value).Should().BeLessThan(TimeSpan.FromSeconds(25), "c's sleep was cut short");
    }

    [Test]
    public async Task With_continue_on_step_failure_independent_steps_finish_and_only_downstream_steps_are_skipped()
    {
        await using var ws = new TempWorkspace();
        var marker = Path.Combine(ws.Work, "runs.txt");

        var submitted = await ws.Client.SubmitAsync(Failing(marker, continueOnStepFailure: true, quickC: true));
        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Failed);
        done.Error!.Message.Should().Contain("step 'b'");
        var steps = await StepsOf(ws, submitted.Name);
        steps["a"].Status.Should().Be(JobStatus.Completed);
        steps["b"].Status.Should().Be(JobStatus.Failed);
        steps["c"].Status.Should().Be(JobStatus.Completed);
        steps["d"].Status.Should().Be(JobStatus.Canceled);
        steps["d"].Error!.Message.Should().Contain("step 'b'");
        (await File.ReadAllLinesAsync(marker)).Should().BeEquivalentTo(["a", "b", "c"]);
    }

    [Test]
    public async Task Cancelling_a_pipeline_cancels_its_running_step_and_skips_the_pending_ones()
    {
        await using var ws = new TempWorkspace();
        var marker = Path.Combine(ws.Work, "runs.txt");
        var pipeline = new PipelineJob
        {
            Steps = ValueMap.Of(
                ("slow", Step($"echo slow >> '{marker}'; sleep 60; echo late >> '{marker}'")),
                ("after", Step($"echo after >> '{marker}'", [("x", "${{parent.jobs.slow.outputs.out}}")]))),
        };
        var submitted = await ws.Client.SubmitAsync(pipeline);
        await Eventually.HoldsAsync(() => File.Exists(marker), "the slow step started");

        var canceled = await ws.Client.CancelAsync(submitted.Name);

        canceled.Status.Should().Be(JobStatus.Canceled);
        var steps = await StepsOf(ws, submitted.Name);
        steps["slow"].Status.Should().Be(JobStatus.Canceled);
        steps["after"].Status.Should().Be(JobStatus.Canceled);
        steps["after"].Error!.Message.Should().Contain("canceled");
        (await File.ReadAllLinesAsync(marker)).Should().Equal("slow");
    }

    [Test]
    public async Task A_second_identical_run_reuses_every_step_visibly_and_a_changed_input_or_force_rerun_runs_them_again()
    {
        await using var ws = new TempWorkspace();
        var marker = Path.Combine(ws.Work, "runs.txt");
        var seed = ws.WriteFile("seed.txt", "5");

        var first = await ws.WaitAsync((await ws.Client.SubmitAsync(Diamond(marker, seed))).Name);
        var second = await ws.WaitAsync((await ws.Client.SubmitAsync(Diamond(marker, seed))).Name);

        first.Status.Should().Be(JobStatus.Completed, first.Error?.Message);
        second.Status.Should().Be(JobStatus.Completed, second.Error?.Message);
        (await File.ReadAllLinesAsync(marker)).Should().HaveCount(4, "no step of the second run executed");
        var reused = await StepsOf(ws, second.Name);
        foreach (var (step, job) in reused)
        {
            job.ReusedJobName.Should().Be(first.Name + "_" + step);
            job.Definition.Properties.Should().Contain(new KeyValuePair<string, string>("azureml.isreused", "true"))
                .And.Contain(new KeyValuePair<string, string>("azureml.reusedrunid", first.Name + "_" + step));
        }
        var download = Path.Combine(ws.Home, "download-second");
        await ws.Client.DownloadAsync(second.Name, new DownloadOptions { DownloadPath = download, OutputName = "total" });
        (await File.ReadAllTextAsync(Path.Combine(download, "named-outputs", "total", "n.txt"))).Trim().Should().Be("25");

        // The seed's content changes (its path does not): every step reads something new and runs again.
        await File.WriteAllTextAsync(seed, "6");
        var third = await ws.WaitAsync((await ws.Client.SubmitAsync(Diamond(marker, seed))).Name);
        third.Status.Should().Be(JobStatus.Completed, third.Error?.Message);
        (await File.ReadAllLinesAsync(marker)).Should().HaveCount(8);
        (await StepsOf(ws, third.Name)).Values.Should().OnlyContain(j => j.ReusedJobName == null);
        var download3 = Path.Combine(ws.Home, "download-third");
        await ws.Client.DownloadAsync(third.Name, new DownloadOptions { DownloadPath = download3, OutputName = "total" });
        (await File.ReadAllTextAsync(Path.Combine(download3, "named-outputs", "total", "n.txt"))).Trim().Should().Be("28");

        // Nothing changed, but force_rerun: every step runs.
        var forced = Diamond(marker, seed) with { Settings = new PipelineSettings { ForceRerun = true } };
        var fourth = await ws.WaitAsync((await ws.Client.SubmitAsync(forced)).Name);
        fourth.Status.Should().Be(JobStatus.Completed, fourth.Error?.Message);
        (await File.ReadAllLinesAsync(marker)).Should().HaveCount(12);
        (await StepsOf(ws, fourth.Name)).Values.Should().OnlyContain(j => j.ReusedJobName == null);
    }

    [Test]
    public async Task A_steps_record_lists_the_files_it_read_with_the_digests_its_upstream_step_recorded_for_them()
    {
        await using var ws = new TempWorkspace();
        var marker = Path.Combine(ws.Work, "runs.txt");
        var seed = ws.WriteFile("seed.txt", "5");
        var submitted = await ws.Client.SubmitAsync(Diamond(marker, seed));
        (await ws.WaitAsync(submitted.Name)).Status.Should().Be(JobStatus.Completed);
        var steps = await StepsOf(ws, submitted.Name);

        var a = await ws.Client.GetRecordAsync(steps["a"].Name);
        var b = await ws.Client.GetRecordAsync(steps["b"].Name);

        var written = a.OutputFiles["out"].Should().ContainSingle().Subject;
        written.Path.Should().Be("n.txt");
        written.Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("5"u8.ToArray())));
        b.InputFiles["x"].Should().Equal(written);
        a.InputFiles["seed"].Should().ContainSingle().Which.Sha256.Should().Be(a.Inputs.Single(i => i.Name == "seed").Sha256);
    }

    [Test]
    public async Task The_steps_share_the_disk_reserve_of_the_pipelines_supervisor_and_none_is_left_once_it_ends()
    {
        await using var ws = new TempWorkspace();
        var started = Path.Combine(ws.Work, "started");
        var release = Path.Combine(ws.Work, "release");
        var submitted = await ws.Client.SubmitAsync(new PipelineJob
        {
            Steps = ValueMap.Of(("wait", Step($"touch '{started}'; while [ ! -e '{release}' ]; do sleep 0.05; done"))),
        });
        await Eventually.HoldsAsync(() => File.Exists(started), "the step runs");
        var layout = new WorkspaceLayout(ws.Options.Home!);
        var step = (await StepsOf(ws, submitted.Name))["wait"].Name;

        // One reserve, written once by the pipeline's supervisor, stands for every step it supervises.
        File.Exists(Path.Combine(layout.JobFolder(submitted.Name), ".disk-reserve")).Should().BeTrue();
        File.Exists(Path.Combine(layout.JobFolder(step), ".disk-reserve")).Should().BeFalse();
        await File.WriteAllTextAsync(release, "");
        (await ws.WaitAsync(submitted.Name)).Status.Should().Be(JobStatus.Completed);

        await Eventually.HoldsAsync(() => !File.Exists(Path.Combine(layout.JobFolder(submitted.Name), ".disk-reserve")), "the supervisor gave its reserve back");
        File.Exists(Path.Combine(layout.JobFolder(step), ".disk-reserve")).Should().BeFalse();
    }

    [Test]
    public async Task A_killed_pipeline_supervisor_leaves_no_step_Running_or_waiting_the_next_reader_ends_them_all()
    {
        await using var ws = new TempWorkspace();
        var marker = Path.Combine(ws.Work, "runs.txt");
        var pipeline = new PipelineJob
        {
            Steps = ValueMap.Of(
                ("slow", Step($"echo slow >> '{marker}'; sleep 60")),
                ("after", Step($"echo after >> '{marker}'", [("x", "${{parent.jobs.slow.outputs.out}}")]))),
        };
        var submitted = await ws.Client.SubmitAsync(pipeline);
        await Eventually.HoldsAsync(() => File.Exists(marker), "the slow step started");
        var store = JobStore.Open(Path.Combine(ws.Options.Home!, "workspace.db"), create: false);
        var row = store.Jobs.Get(submitted.Name)!;

        NativeMethods.SignalProcess(row.SupervisorPid!.Value, NativeMethods.SIGKILL).Should().BeTrue();
        await Eventually.HoldsAsync(() => !ProcessInfo.IsAlive(row.SupervisorPid!.Value, row.SupervisorStart!.Value), "the supervisor is dead");
        var seen = await ws.Client.GetAsync(submitted.Name);
        var steps = await StepsOf(ws, submitted.Name);

        seen.Status.Should().Be(JobStatus.Failed);
        seen.Error!.Code.Should().Be(JobErrorCode.SupervisorLost);
        steps["slow"].Status.Should().Be(JobStatus.Failed);
        steps["after"].Status.Should().Be(JobStatus.Failed);
        var slowGroups = RecordedProcessGroup.ParseList(store.Jobs.Get(submitted.Name + "_slow")!.ProcessGroups);
        await Eventually.HoldsAsync(() => slowGroups.All(g => ProcessInfo.GroupMembers(g.Id).Count == 0), "the running step's processes were stopped");
    }
}
