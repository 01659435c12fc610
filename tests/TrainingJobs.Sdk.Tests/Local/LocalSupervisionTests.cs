using System.Globalization;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local;

[Parallelizable(ParallelScope.All)]
public class LocalSupervisionTests
{
    private const string LongJob = "trap 'echo got-term; exit 143' TERM; sleep 600 & echo $! > child.pid; echo started; wait";

    [Test]
    public async Task Cancel_sends_the_graceful_signal_and_leaves_no_process_of_the_job()
    {
        await using var ws = new TempWorkspace(cancelGrace: TimeSpan.FromSeconds(5));
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = LongJob });
        await WaitForLogLineAsync(ws, job.Name, "started");
        var row = await RecordedProcessesAsync(ws, job.Name);
        var group = RecordedProcessGroup.ParseList(row.ProcessGroups).Single().Id;
        var child = int.Parse(File.ReadAllText(Path.Combine(ws.Options.Home!, "jobs", job.Name, "code", "child.pid")).Trim(), CultureInfo.InvariantCulture);
        ProcessInfo.GroupMembers(group).Should().Contain(child);

        var canceled = await ws.Client.CancelAsync(job.Name);

        canceled.Status.Should().Be(JobStatus.Canceled);
        canceled.StatusHistory.Last().Status.Should().Be(JobStatus.Canceled);
        await Eventually.HoldsAsync(() => ProcessInfo.GroupMembers(group).Count == 0, "every process of the job's group is gone");
        ProcessInfo.StartTime(child).Should().BeNull("the background child was killed with its group");
        var log = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs", "std_log.txt"));
        log.Should().Contain("got-term", "SIGTERM comes first, so the job can clean up");
    }

    [Test]
    public async Task A_command_that_is_one_program_runs_inside_the_job_s_containment_with_the_environment_bash_would_give_it()
    {
        await using var ws = new TempWorkspace();
        // One program with plain words: where the job has a cgroup, sh joins it and execs the program without bash
        // (DirectCommand); elsewhere bash runs it. What the program sees must be the same either way.
        var env = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "env")).First(File.Exists);
        var shown = await ws.WaitAsync((await ws.Client.SubmitAsync(new CommandJob { Command = "env" })).Name);
        var groups = await ws.WaitAsync((await ws.Client.SubmitAsync(new CommandJob { Command = "cat /proc/self/cgroup" })).Name);
        var failed = await ws.WaitAsync((await ws.Client.SubmitAsync(new CommandJob { Command = "false" })).Name);

        shown.Status.Should().Be(JobStatus.Completed);
        var lines = await File.ReadAllLinesAsync(Path.Combine(ws.Options.Home!, "jobs", shown.Name, "artifacts", "user_logs", "std_log.txt"));
        // bash -c with a lone command counts itself (SHLVL 1) and execs the command in its place (back to 0).
        lines.Should().Contain("SHLVL=0").And.Contain("_=" + env);
        Directory.Exists(lines.Single(l => l.StartsWith("PWD=", StringComparison.Ordinal))["PWD=".Length..]).Should().BeTrue();
        groups.Status.Should().Be(JobStatus.Completed);
        if (JobContainment.FromRecord(Store(ws).Jobs.Get(groups.Name)!.ProcessGroups).CgroupPath is { } cgroup)
        {
            var log = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", groups.Name, "artifacts", "user_logs", "std_log.txt"));
            log.Should().Contain("/" + Path.GetFileName(cgroup) + "\n", "the program ran inside the job's cgroup");
        }
        failed.Status.Should().Be(JobStatus.Failed);
        failed.Error!.Message.Should().StartWith("The command exited with code 1");
    }

    [Test]
    public async Task A_job_that_ignores_the_graceful_signal_is_killed_after_the_grace_period()
    {
        await using var ws = new TempWorkspace();
        // SIG_IGN is inherited: neither bash nor its sleep react to SIGTERM.
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "trap '' TERM; echo started; sleep 600; echo never" });
        await WaitForLogLineAsync(ws, job.Name, "started");
        var group = RecordedProcessGroup.ParseList((await RecordedProcessesAsync(ws, job.Name)).ProcessGroups).Single().Id;

        var canceled = await ws.Client.CancelAsync(job.Name, new CancelOptions { GracePeriod = TimeSpan.FromMilliseconds(500) });

        canceled.Status.Should().Be(JobStatus.Canceled);
        await Eventually.HoldsAsync(() => ProcessInfo.GroupMembers(group).Count == 0, "SIGKILL ended what SIGTERM did not");
    }

    [Test]
    public async Task Processes_a_completed_job_left_in_the_background_are_stopped()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "sleep 600 & echo $! > child.pid; echo bye" });

        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Completed);
        var group = RecordedProcessGroup.ParseList(Store(ws).Jobs.Get(job.Name)!.ProcessGroups).Single().Id;
        var child = int.Parse(File.ReadAllText(Path.Combine(ws.Options.Home!, "jobs", job.Name, "code", "child.pid")).Trim(), CultureInfo.InvariantCulture);
        await Eventually.HoldsAsync(() => ProcessInfo.GroupMembers(group).Count == 0 && ProcessInfo.StartTime(child) is null, "the background sleep was killed");
    }

    [Test]
    public async Task A_killed_supervisor_never_leaves_the_job_Running_the_next_reader_marks_it_Failed()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = LongJob });
        await WaitForLogLineAsync(ws, job.Name, "started");
        var row = await RecordedProcessesAsync(ws, job.Name);
        var group = RecordedProcessGroup.ParseList(row.ProcessGroups).Single().Id;

        NativeMethods.SignalProcess(row.SupervisorPid!.Value, NativeMethods.SIGKILL).Should().BeTrue();
        await Eventually.HoldsAsync(() => !ProcessInfo.IsAlive(row.SupervisorPid!.Value, row.SupervisorStart!.Value), "the supervisor is dead");
        // A stream is a reader too: it notices the dead supervisor and ends with the Failed status.
        var streamed = await ws.StreamAllAsync(job.Name);
        var seen = await ws.Client.GetAsync(job.Name);

        streamed.Last().Should().BeOfType<JobStatusEvent>().Which.Error!.Code.Should().Be(JobErrorCode.SupervisorLost);
        seen.Status.Should().Be(JobStatus.Failed);
        seen.Error!.Code.Should().Be(JobErrorCode.SupervisorLost);
        seen.Error.Message.Should().Contain($"pid {row.SupervisorPid}").And.Contain("Running");
        await Eventually.HoldsAsync(() => ProcessInfo.GroupMembers(group).Count == 0, "the orphaned job processes were stopped");
        var run = Store(ws).Runs.Get(job.Name)!;
        run.Status.Should().Be("FAILED", "the job's MLflow run is closed with the job, not left RUNNING");
        run.EndTime.Should().NotBeNull();
    }

    [Test]
    public async Task A_run_the_script_marked_FINISHED_ends_FAILED_when_the_job_fails_the_job_status_wins()
    {
        await using var ws = new TempWorkspace();
        const string markFinished = """
            python3 -c "import os, json, urllib.request as u; u.urlopen(u.Request(os.environ['MLFLOW_TRACKING_URI'] + '/api/2.0/mlflow/runs/update', data=json.dumps({'run_id': os.environ['MLFLOW_RUN_ID'], 'status': 'FINISHED'}).encode(), headers={'Authorization': 'Bearer ' + os.environ['MLFLOW_TRACKING_TOKEN'], 'Content-Type': 'application/json'})).read(); print('marked')" && exit 1
            """;
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = markFinished });

        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Failed);
        done.Error!.Message.Should().Contain("marked", "the script did mark its run FINISHED before failing");
        Store(ws).Runs.Get(job.Name)!.Status.Should().Be("FAILED");
    }

    [Test]
    public async Task The_job_runs_on_in_its_own_session_detached_from_the_submitter()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo started; sleep 600" });
        await WaitForLogLineAsync(ws, job.Name, "started");
        var row = await RecordedProcessesAsync(ws, job.Name);

        // The supervisor leads its own session: it is neither in our process group nor killed with it.
        var supervisorGroup = ProcessInfo.ProcessGroup(row.SupervisorPid!.Value);
        supervisorGroup.Should().Be(row.SupervisorPid).And.NotBe(ProcessInfo.ProcessGroup(Environment.ProcessId));
        ProcessInfo.ProcessGroup(RecordedProcessGroup.ParseList(row.ProcessGroups).Single().Id).Should().NotBe(supervisorGroup);
        (await ws.Client.CancelAsync(job.Name, new CancelOptions { GracePeriod = TimeSpan.FromSeconds(1) })).Status.Should().Be(JobStatus.Canceled);
    }

    [Test]
    public async Task A_timeout_longer_than_the_longest_dotnet_timer_lets_the_job_run()
    {
        await using var ws = new TempWorkspace(cancelGrace: TimeSpan.FromSeconds(1));
        // 60 days: past the ~49.7 days a single Task.Delay accepts.
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo started; sleep 600", Limits = new CommandJobLimits { Timeout = TimeSpan.FromDays(60) } });
        await WaitForLogLineAsync(ws, job.Name, "started");
        await RecordedProcessesAsync(ws, job.Name);

        (await ws.Client.GetAsync(job.Name)).Status.Should().Be(JobStatus.Running);
        var canceled = await ws.Client.CancelAsync(job.Name);

        canceled.Status.Should().Be(JobStatus.Canceled, canceled.Error?.Message);
    }

    [Test]
    public async Task A_process_that_left_the_job_group_with_its_own_setsid_is_stopped_on_cancel()
    {
        await using var ws = new TempWorkspace(cancelGrace: TimeSpan.FromSeconds(2));
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "setsid sleep 300 & echo $! > escaped.pid; echo started; sleep 600" });
        await WaitForLogLineAsync(ws, job.Name, "started");
        var escaped = int.Parse(File.ReadAllText(Path.Combine(ws.Options.Home!, "jobs", job.Name, "code", "escaped.pid")).Trim(), CultureInfo.InvariantCulture);
        try
        {
            await Eventually.HoldsAsync(() => ProcessInfo.ProcessGroup(escaped) == escaped, "the sleep leads its own session and group");

            (await ws.Client.CancelAsync(job.Name)).Status.Should().Be(JobStatus.Canceled);

            await Eventually.HoldsAsync(() => WorkspaceCleanup.LiveJobProcesses(job.Name).Count == 0, "no process of the job survives, not even the setsid sleep");
        }
        finally
        {
            foreach (var pid in WorkspaceCleanup.LiveJobProcesses(job.Name)) NativeMethods.SignalProcess(pid, NativeMethods.SIGKILL);
        }
    }

    [Test]
    public async Task When_a_later_rank_cannot_start_the_ranks_already_started_are_stopped()
    {
        await using var ws = new TempWorkspace(maxConcurrentJobs: 1, cancelGrace: TimeSpan.FromSeconds(1));
        // The only slot is taken, so the second job waits in Queued while its rank 1 log is made unwritable.
        var blocker = await ws.Client.SubmitAsync(new CommandJob { Command = "echo started; sleep 600" });
        await WaitForLogLineAsync(ws, blocker.Name, "started");
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "echo started; sleep 600",
            Distribution = new PyTorchDistribution { ProcessCountPerInstance = 2 },
        });
        Directory.CreateDirectory(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs", "std_log_process_1.txt"));
        try
        {
            await ws.Client.CancelAsync(blocker.Name);

            var done = await ws.WaitAsync(job.Name);

            done.Status.Should().Be(JobStatus.Failed);
            done.Error!.Code.Should().Be(JobErrorCode.SystemError);
            await Eventually.HoldsAsync(() => WorkspaceCleanup.LiveJobProcesses(job.Name).Count == 0, "rank 0, which did start, was stopped");
        }
        finally
        {
            foreach (var pid in WorkspaceCleanup.LiveJobProcesses(job.Name)) NativeMethods.SignalProcess(pid, NativeMethods.SIGKILL);
        }
    }

    [Test]
    public async Task A_job_starts_while_a_reader_already_holds_its_log_file_open()
    {
        await using var ws = new TempWorkspace(maxConcurrentJobs: 1, cancelGrace: TimeSpan.FromSeconds(1));
        var blocker = await ws.Client.SubmitAsync(new CommandJob { Command = "echo started; sleep 600" });
        await WaitForLogLineAsync(ws, blocker.Name, "started");
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo hello" });
        // Opened the way a stream's tailer opens a log (shared read): the supervisor must still be able to create it.
        var log = Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs", "std_log.txt");
        Job done;
        await using (new FileStream(log, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            await ws.Client.CancelAsync(blocker.Name);
            done = await ws.WaitAsync(job.Name);
        }

        done.Status.Should().Be(JobStatus.Completed, "{0}: {1}", done.Error?.Code, done.Error?.Message);
        (await File.ReadAllTextAsync(log)).Should().Be("hello\n");
    }

    [TestCase("mpi")]
    [TestCase("pytorch")]
    public async Task A_distributed_job_starts_one_process_per_rank_with_the_launcher_variables(string launcher)
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "echo \"rank=$RANK local=$LOCAL_RANK world=$WORLD_SIZE master=$MASTER_ADDR:$MASTER_PORT ompi=$OMPI_COMM_WORLD_RANK\"",
            Distribution = launcher == "mpi" ? new MpiDistribution { ProcessCountPerInstance = 2 } : new PyTorchDistribution { ProcessCountPerInstance = 2 },
        });
        var ompi0 = launcher == "mpi" ? "0" : "";
        var ompi1 = launcher == "mpi" ? "1" : "";

        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var logs = Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs");
        var rank0 = await File.ReadAllTextAsync(Path.Combine(logs, "std_log_process_0.txt"));
        var rank1 = await File.ReadAllTextAsync(Path.Combine(logs, "std_log_process_1.txt"));
        rank0.Should().MatchRegex(@"rank=0 local=0 world=2 master=127\.0\.0\.1:\d+ ompi=" + ompi0 + "\n");
        rank1.Should().MatchRegex(@"rank=1 local=1 world=2 master=127\.0\.0\.1:\d+ ompi=" + ompi1 + "\n");
        (await File.ReadAllTextAsync(Path.Combine(logs, "std_log.txt"))).Should().Be(rank0, "std_log.txt is rank 0's log");
        var events = await ws.StreamAllAsync(job.Name);
        events.OfType<JobLogEvent>().Select(e => (e.Rank, e.File)).Should().BeEquivalentTo(
            [(0, "user_logs/std_log_process_0.txt"), (1, "user_logs/std_log_process_1.txt")]);
    }

    [Test]
    public async Task A_tensorflow_job_gets_TF_CONFIG_for_each_worker()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "echo \"$TF_CONFIG\"",
            Distribution = new TensorFlowDistribution { WorkerCount = 2 },
        });

        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var log1 = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs", "std_log_process_1.txt"));
        log1.Should().MatchRegex("""\{"cluster":\{"worker":\["127\.0\.0\.1:\d+","127\.0\.0\.1:\d+"\]\},"task":\{"type":"worker","index":1\}\}""");
    }

    [Test]
    public async Task Twenty_concurrent_jobs_are_all_recorded_and_the_concurrency_limit_queues_the_rest()
    {
        await using var ws = new TempWorkspace(maxConcurrentJobs: 4);
        var submitted = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            ws.Client.SubmitAsync(new CommandJob { Command = $"echo job-{i}", Tags = ValueMap.Of(("batch", "twenty")) })));

        var done = await Task.WhenAll(submitted.Select(j => ws.WaitAsync(j.Name)));

        done.Should().OnlyContain(j => j.Status == JobStatus.Completed);
        var listed = new List<Job>();
        await foreach (var j in ws.Client.GetJobsAsync(new JobQuery { Tags = new Dictionary<string, string?> { ["batch"] = "twenty" } })) listed.Add(j);
        listed.Select(j => j.Name).Should().BeEquivalentTo(submitted.Select(j => j.Name));
        // At no moment (in commit order of the status changes) were more than 4 jobs between Preparing and their end.
        var store = Store(ws);
        var spans = done.Select(j => store.Jobs.GetStatusHistory(j.Name)).Select(h =>
            (Start: h.First(s => s.Status == "Preparing").Sequence, End: h.Last().Sequence)).ToList();
        var peak = spans.Max(a => spans.Count(b => b.Start <= a.Start && a.Start < b.End));
        peak.Should().BeLessThanOrEqualTo(4);
    }

    private static JobStore Store(TempWorkspace ws) => JobStore.Open(Path.Combine(ws.Options.Home!, "workspace.db"));

    /// <summary>The job's row once the supervisor has recorded its process groups (just after starting them).</summary>
    private static async Task<JobRow> RecordedProcessesAsync(TempWorkspace ws, string name)
    {
        var store = Store(ws);
        // The containment is recorded before the ranks start; a rank's group once it runs.
        await Eventually.HoldsAsync(() => RecordedProcessGroup.ParseList(store.Jobs.Get(name)?.ProcessGroups).Count > 0, "the supervisor records the job's process groups");
        return store.Jobs.Get(name)!;
    }

    private static async Task WaitForLogLineAsync(TempWorkspace ws, string name, string text)
    {
        using var timeout = new CancellationTokenSource(TempWorkspace.Patience);
        JobStatusEvent? last = null;
        await foreach (var e in ws.Client.StreamAsync(name, null, timeout.Token))
        {
            if (e is JobLogEvent log && log.Text == text) return;
            if (e is JobStatusEvent status) last = status;
        }
        Assert.Fail($"The job ended ({last?.Status}: {last?.Error?.Code} {last?.Error?.Message}) before it logged '{text}'.");
    }
}
