using Microsoft.Data.Sqlite;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// A job that fills the disk holding the workspace must not take the backend with it: its real exit code and a clear
/// DiskFull error are recorded, the database stays sound, and list/show keep working while the disk is full.
/// Each test mounts its own small tmpfs (ignored where the machine does not allow it).
/// </summary>
[Parallelizable(ParallelScope.All)]
public class HostileDiskFullTests
{
    [Test]
    public async Task A_job_that_fills_the_disk_ends_with_its_exit_code_and_a_DiskFull_error_and_the_store_stays_sound()
    {
        await using var disk = await SmallDiskWorkspace.CreateAsync("8m");
        var ws = disk.Workspace;
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo filling; head -c 20M /dev/zero > outputs/big; exit 3" });

        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Failed);
        done.ExitCode.Should().Be(3, done.Error?.Message);
        done.ExitCode.Should().Be(3, "the job's own exit code is recorded, not the supervisor's trouble");
        done.Error!.Code.Should().Be(JobErrorCode.DiskFull, done.Error.Message);
        done.Error.Message.Should().Contain("is full").And.Contain(disk.MountPoint).And.Contain("exited with code 3").And.Contain("lost");
        done.Error.Message.Should().NotContain("   at ", "no stack trace reaches a user");
        File.Exists(Path.Combine(disk.MountPoint, "jobs", job.Name, ".disk-reserve")).Should().BeFalse("the supervisor's reserve goes when the job ends");
        IntegrityCheck(disk.MountPoint).Should().Be("ok");
    }

    [Test]
    public async Task List_and_show_work_while_the_disk_holding_the_workspace_is_full()
    {
        await using var disk = await SmallDiskWorkspace.CreateAsync("8m");
        var ws = disk.Workspace;
        var finished = await ws.Client.SubmitAsync(new CommandJob { Command = "echo hello" });
        (await ws.WaitAsync(finished.Name)).Status.Should().Be(JobStatus.Completed);
        // A job whose supervisor dies: the next reader finds out and must record its end, a write on a full disk.
        var orphan = await ws.Client.SubmitAsync(new CommandJob { Command = "echo started; sleep 600" });
        var store = JobStore.Open(Path.Combine(disk.MountPoint, "workspace.db"));
        // Its supervisor gives back its disk reserve as it exits, just after the job's end is recorded: not while the disk is full.
        var first = store.Jobs.Get(finished.Name)!;
        await Eventually.HoldsAsync(() => !ProcessInfo.IsAlive(first.SupervisorPid!.Value, first.SupervisorStart!.Value), "the finished job's supervisor exits");
        await Eventually.HoldsAsync(() => store.Jobs.Get(orphan.Name)?.ProcessGroups is not null, "the job runs", TempWorkspace.Patience);
        var supervisor = store.Jobs.Get(orphan.Name)!;
        NativeMethods.SignalProcess(supervisor.SupervisorPid!.Value, NativeMethods.SIGKILL);
        await Eventually.HoldsAsync(() => !ProcessInfo.IsAlive(supervisor.SupervisorPid.Value, supervisor.SupervisorStart!.Value), "the supervisor is gone");

        // A client of a new process: no pooled connection keeps the database's WAL files (and their space) open.
        SqliteConnection.ClearAllPools();
        disk.Fill();
        var client = new TrainingJobsClient(ws.Options);

        var listed = new List<Job>();
        await foreach (var j in client.GetJobsAsync()) listed.Add(j);
        var shown = await client.GetAsync(finished.Name);
        var lost = await client.GetAsync(orphan.Name);

        listed.Select(j => j.Name).Should().BeEquivalentTo([finished.Name, orphan.Name]);
        shown.Status.Should().Be(JobStatus.Completed);
        lost.Status.Should().Be(JobStatus.Failed);
        lost.Error!.Code.Should().Be(JobErrorCode.SupervisorLost);
        lost.Error.Message.Should().Contain("disk holding the workspace is full");
        await Eventually.HoldsAsync(() => WorkspaceCleanup.LiveJobProcesses(orphan.Name).Count == 0, "the orphaned job's processes are stopped all the same");
        disk.Free();
        IntegrityCheck(disk.MountPoint).Should().Be("ok");
        (await client.GetAsync(orphan.Name)).Error!.Message.Should().NotContain("Not recorded yet", "the next reader with space records the job's end");
    }

    private static string IntegrityCheck(string home)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(home, "workspace.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
