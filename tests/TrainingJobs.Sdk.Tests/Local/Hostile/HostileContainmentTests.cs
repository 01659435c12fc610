using System.Globalization;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Workspace;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// A job that tries to outlive its stop: daemons that leave its session (<c>setsid</c>, double fork), a job that kills
/// its own supervisor, orphans left to pile up as zombies, a job that ignores SIGTERM, a job that asks for more
/// processes than the machine can run. Every check of "no survivor" reads <c>/proc</c>.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class HostileContainmentTests
{
    /// <summary>
    /// The mechanisms a test runs under: whatever the machine allows (a v2 cgroup here), a v1 freezer cgroup, and the
    /// fallback without cgroups (random per-job token in every rank's environment, process groups, subreaper).
    /// </summary>
    private static readonly string[] Mechanisms = [nameof(ContainmentPreference.Automatic), nameof(ContainmentPreference.Cgroup1), nameof(ContainmentPreference.Processes)];

    [TestCaseSource(nameof(Mechanisms))]
    public async Task A_setsid_daemon_of_a_job_whose_supervisor_was_killed_is_stopped_by_the_next_reader_after_the_timeout(string preference)
    {
        var mechanism = Enum.Parse<ContainmentPreference>(preference);
        await using var ws = new TempWorkspace(cancelGrace: TimeSpan.FromSeconds(1));
        ws.Options.Containment = mechanism;
        // A daemon in its own session, and one that also drops its whole environment (so no variable can find it):
        // only a cgroup still holds that one once the supervisor is gone.
        var hidden = mechanism == ContainmentPreference.Processes ? "" : "setsid sh -c 'echo $$ > hidden.pid; exec env -i sleep 600' & ";
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "setsid sleep 600 & echo $! > daemon.pid; " + hidden + "echo started > started; sleep 3; echo late > past-timeout; sleep 600",
            Limits = new CommandJobLimits { Timeout = TimeSpan.FromSeconds(1) },
        });
        RequireMechanism(await RecordedAsync(ws, job.Name), mechanism);
        await WaitForFileAsync(ws, job.Name, "started");
        var row = Store(ws).Jobs.Get(job.Name)!;
        var daemons = await PidsAsync(ws, job.Name, mechanism == ContainmentPreference.Processes ? ["daemon.pid"] : ["daemon.pid", "hidden.pid"]);
        try
        {
            NativeMethods.SignalProcess(row.SupervisorPid!.Value, NativeMethods.SIGKILL).Should().BeTrue();
            await Eventually.HoldsAsync(() => !ProcessInfo.IsAlive(row.SupervisorPid!.Value, row.SupervisorStart!.Value), "the supervisor is dead");
            // Nobody reads the job until it has run past its timeout (the job says so itself).
            await WaitForFileAsync(ws, job.Name, "past-timeout");

            var seen = await ws.Client.GetAsync(job.Name);

            seen.Status.Should().Be(JobStatus.Failed);
            seen.Error!.Code.Should().Be(JobErrorCode.JobTimeout, seen.Error.Message);
            seen.Error.Message.Should().Contain("limits.timeout").And.Contain($"pid {row.SupervisorPid}").And.MatchRegex(@"\d+ process(es)? stopped")
                .And.NotContain("could not be stopped").And.NotContain("   at ");
            daemons.Should().OnlyContain(pid => ProcessInfo.StartTime(pid) == null, "the reader verified every process of the job is gone before it said so");
            WorkspaceCleanup.LiveJobProcesses(job.Name).Should().BeEmpty();
        }
        finally
        {
            Kill(daemons.Concat(WorkspaceCleanup.LiveJobProcesses(job.Name)));
        }
    }

    [Test]
    public async Task A_job_that_kills_its_own_supervisor_is_ended_by_the_next_reader_once_past_its_timeout()
    {
        await using var ws = new TempWorkspace(cancelGrace: TimeSpan.FromSeconds(1));
        // The rank's parent is the supervisor: kill -9 $PPID takes away whoever enforces limits.timeout.
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "setsid sleep 600 & echo $! > daemon.pid; kill -9 $PPID; sleep 3; echo late > past-timeout; sleep 600",
            Limits = new CommandJobLimits { Timeout = TimeSpan.FromSeconds(1) },
        });
        await WaitForFileAsync(ws, job.Name, "past-timeout");
        var daemons = await PidsAsync(ws, job.Name, ["daemon.pid"]);
        try
        {
            var seen = await ws.Client.GetAsync(job.Name);

            seen.Status.Should().Be(JobStatus.Failed);
            seen.Error!.Code.Should().Be(JobErrorCode.JobTimeout, seen.Error.Message);
            seen.Error.Message.Should().MatchRegex(@"\d+ process(es)? stopped").And.NotContain("could not be stopped");
            daemons.Should().OnlyContain(pid => ProcessInfo.StartTime(pid) == null);
            WorkspaceCleanup.LiveJobProcesses(job.Name).Should().BeEmpty("no process of the job survives its timeout");
        }
        finally
        {
            Kill(daemons.Concat(WorkspaceCleanup.LiveJobProcesses(job.Name)));
        }
    }

    [Test]
    public async Task A_job_that_stops_its_supervisor_with_SIGSTOP_is_ended_by_the_next_reader_once_past_its_timeout()
    {
        await using var ws = new TempWorkspace(cancelGrace: TimeSpan.FromSeconds(1));
        // A stopped supervisor is alive (its pid and start time match) but enforces nothing.
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "setsid sleep 600 & echo $! > daemon.pid; kill -STOP $PPID; sleep 3; echo late > past-timeout; sleep 600",
            Limits = new CommandJobLimits { Timeout = TimeSpan.FromSeconds(1) },
        });
        await WaitForFileAsync(ws, job.Name, "past-timeout");
        var daemons = await PidsAsync(ws, job.Name, ["daemon.pid"]);
        var row = Store(ws).Jobs.Get(job.Name)!;
        try
        {
            var seen = await ws.Client.GetAsync(job.Name);

            seen.Status.Should().Be(JobStatus.Failed);
            seen.Error!.Code.Should().Be(JobErrorCode.JobTimeout, seen.Error.Message);
            seen.Error.Message.Should().Contain("SIGSTOP").And.MatchRegex(@"\d+ process(es)? stopped").And.NotContain("could not be stopped");
            ProcessInfo.IsAlive(row.SupervisorPid!.Value, row.SupervisorStart!.Value).Should().BeFalse("the stopped supervisor was killed");
            daemons.Should().OnlyContain(pid => ProcessInfo.StartTime(pid) == null);
            WorkspaceCleanup.LiveJobProcesses(job.Name).Should().BeEmpty();
        }
        finally
        {
            Kill(daemons.Concat(WorkspaceCleanup.LiveJobProcesses(job.Name)));
            if (ProcessInfo.IsAlive(row.SupervisorPid!.Value, row.SupervisorStart!.Value)) NativeMethods.SignalProcess(row.SupervisorPid.Value, NativeMethods.SIGKILL);
        }
    }

    [TestCaseSource(nameof(Mechanisms))]
    public async Task Cancel_of_a_job_and_a_setsid_daemon_that_both_ignore_SIGTERM_takes_one_grace_period_and_leaves_no_survivor(string preference)
    {
        var grace = TimeSpan.FromSeconds(3);
        await using var ws = new TempWorkspace(cancelGrace: grace);
        var mechanism = Enum.Parse<ContainmentPreference>(preference);
        ws.Options.Containment = mechanism;
        // SIG_IGN survives exec: neither the rank nor the daemon's sleep reacts to SIGTERM, so both wait for SIGKILL.
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "trap '' TERM; setsid sh -c 'echo $$ > daemon.pid; exec sleep 600' & echo started > started; sleep 600",
        });
        RequireMechanism(await RecordedAsync(ws, job.Name), mechanism);
        await WaitForFileAsync(ws, job.Name, "started");
        var daemons = await PidsAsync(ws, job.Name, ["daemon.pid"]);
        try
        {
            var canceled = await ws.Client.CancelAsync(job.Name);

            canceled.Status.Should().Be(JobStatus.Canceled);
            canceled.Error!.Message.Should().MatchRegex(@"\d+ process(es)? stopped").And.NotContain("could not be stopped");
            var row = Store(ws).Jobs.Get(job.Name)!;
            var stop = TimeSpan.FromMilliseconds(row.EndedAt!.Value - row.CancelRequestedAt!.Value);
            stop.Should().BeLessThan(2 * grace, "one grace period covers the whole stop (the supervisor's own record of cancel → Canceled)");
            daemons.Should().OnlyContain(pid => ProcessInfo.StartTime(pid) == null);
            WorkspaceCleanup.LiveJobProcesses(job.Name).Should().BeEmpty();
        }
        finally
        {
            Kill(daemons.Concat(WorkspaceCleanup.LiveJobProcesses(job.Name)));
        }
    }

    [TestCaseSource(nameof(Mechanisms))]
    public async Task A_double_forked_daemon_left_by_a_job_that_completes_is_stopped_and_the_supervisor_log_says_how(string preference)
    {
        await using var ws = new TempWorkspace(cancelGrace: TimeSpan.FromSeconds(1));
        var mechanism = Enum.Parse<ContainmentPreference>(preference);
        ws.Options.Containment = mechanism;
        // The subshell forks the daemon and exits at once: the daemon is an orphan in its own session.
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "(setsid sh -c 'trap \"\" TERM; echo $$ > daemon.pid.tmp; mv daemon.pid.tmp daemon.pid; exec sleep 600' &); " +
                      "while [ ! -e daemon.pid ]; do sleep 0.05; done; echo bye",
        });

        var done = await ws.WaitAsync(job.Name);
        var daemons = await PidsAsync(ws, job.Name, ["daemon.pid"]);
        try
        {
            RequireMechanism(Store(ws).Jobs.Get(job.Name)!, mechanism);
            done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
            daemons.Should().OnlyContain(pid => ProcessInfo.StartTime(pid) == null, "the daemon was stopped before the job ended");
            WorkspaceCleanup.LiveJobProcesses(job.Name).Should().BeEmpty();
            var log = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "system_logs", "supervisor.txt"));
            log.Should().MatchRegex(mechanism switch
            {
                ContainmentPreference.Processes => "containment: process token",
                ContainmentPreference.Cgroup1 => "containment: cgroup v1",
                _ => "containment: cgroup v2",
            }).And.MatchRegex(@"1 process stopped");
        }
        finally
        {
            Kill(daemons.Concat(WorkspaceCleanup.LiveJobProcesses(job.Name)));
        }
    }

    [Test]
    public async Task Orphans_reparented_to_the_supervisor_are_reaped_while_the_job_runs()
    {
        await using var ws = new TempWorkspace(cancelGrace: TimeSpan.FromSeconds(1));
        // Each ( … &) subshell exits at once, orphaning its child to the supervisor (the subreaper), where it dies.
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "for i in $(seq 60); do (sh -c 'exit 0' &); done; echo spawned > spawned; sleep 600",
        });
        await WaitForFileAsync(ws, job.Name, "spawned");
        var supervisor = Store(ws).Jobs.Get(job.Name)!.SupervisorPid!.Value;

        await Eventually.HoldsAsync(() => ZombieChildren(supervisor) == 0, "no zombie of the job is left with the supervisor as its parent",
            TimeSpan.FromSeconds(15));

        (await ws.Client.GetAsync(job.Name)).Status.Should().Be(JobStatus.Running, "the orphans were reaped while the job ran");
        (await ws.Client.CancelAsync(job.Name)).Status.Should().Be(JobStatus.Canceled);
    }

    [TestCase("pytorch")]
    [TestCase("mpi")]
    [TestCase("tensorflow")]
    public async Task A_planned_process_count_above_the_machine_limit_is_refused_at_submit(string launcher)
    {
        await using var ws = new TempWorkspace();
        Distribution distribution = launcher switch
        {
            "pytorch" => new PyTorchDistribution { ProcessCountPerInstance = 5000 },
            "mpi" => new MpiDistribution { ProcessCountPerInstance = 50 },
            _ => new TensorFlowDistribution { WorkerCount = 4000, ParameterServerCount = 1000 },
        };
        var job = new CommandJob
        {
            Command = "echo never",
            Distribution = distribution,
            Resources = new JobResources { InstanceCount = launcher == "mpi" ? 100 : 1 },
        };

        var rejection = await ws.Client.Invoking(c => c.SubmitAsync(job)).Should().ThrowAsync<JobValidationException>();

        var diagnostic = rejection.Which.Diagnostics.Should().ContainSingle(d => d.Code == LocalDiagnosticCodes.TooManyProcesses).Subject;
        diagnostic.IsError.Should().BeTrue();
        diagnostic.Message.Should().Contain("5000").And.Contain("at most");
        // Refused by the check before submission, so the workspace may never have been made: nothing of the job either way.
        var jobs = Path.Combine(ws.Options.Home!, "jobs");
        (Directory.Exists(jobs) ? Directory.EnumerateDirectories(jobs) : []).Should().BeEmpty("nothing is left of a refused job");
    }

    private static void RequireMechanism(JobRow row, ContainmentPreference mechanism)
    {
        var recorded = JobContainment.FromRecord(row.ProcessGroups).Mechanism;
        switch (mechanism)
        {
            case ContainmentPreference.Processes:
                recorded.Should().Be(ContainmentMechanism.ProcessToken);
                break;
            case ContainmentPreference.Cgroup1 when recorded != ContainmentMechanism.CgroupV1:
                Assert.Ignore("This machine has no writable v1 freezer or pids cgroup; the job ran with " + recorded + ".");
                break;
            case ContainmentPreference.Automatic when recorded == ContainmentMechanism.ProcessToken:
                Assert.Ignore("This machine has no writable cgroup; the fallback is covered by the Processes case.");
                break;
        }
    }

    private static JobStore Store(TempWorkspace ws) => JobStore.Open(Path.Combine(ws.Options.Home!, "workspace.db"));

    private static async Task<JobRow> RecordedAsync(TempWorkspace ws, string name)
    {
        var store = Store(ws);
        await Eventually.HoldsAsync(() => store.Jobs.Get(name)?.ProcessGroups is { Length: > 0 }, "the supervisor records the job's containment");
        return store.Jobs.Get(name)!;
    }

    /// <summary>Waits for a file the job writes in its working folder (no client call, so no reader runs meanwhile).</summary>
    private static Task WaitForFileAsync(TempWorkspace ws, string name, string file) =>
        Eventually.HoldsAsync(() => File.Exists(CodeFile(ws, name, file)), $"the job writes {file}", TempWorkspace.Patience);

    private static async Task<IReadOnlyList<int>> PidsAsync(TempWorkspace ws, string name, string[] files)
    {
        var pids = new List<int>();
        foreach (var file in files)
        {
            await Eventually.HoldsAsync(() => File.Exists(CodeFile(ws, name, file)) && File.ReadAllText(CodeFile(ws, name, file)).EndsWith('\n'), $"the job writes {file}");
            pids.Add(int.Parse(File.ReadAllText(CodeFile(ws, name, file)).Trim(), CultureInfo.InvariantCulture));
        }
        return pids;
    }

    private static string CodeFile(TempWorkspace ws, string name, string file) => Path.Combine(ws.Options.Home!, "jobs", name, "code", file);

    private static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids) NativeMethods.SignalProcess(pid, NativeMethods.SIGKILL);
    }

    /// <summary>Zombies whose parent is <paramref name="parent"/>, read from <c>/proc/*/stat</c>.</summary>
    private static int ZombieChildren(int parent)
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z" && fields[1] == parent.ToString(CultureInfo.InvariantCulture)) count++;
        }
        return count;
    }
}
