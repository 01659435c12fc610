using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// The workspace database deleted (or replaced) under a running job: the supervisor must notice, stop the job's
/// processes and say why in its log, and nothing may quietly recreate an empty database in its place.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class HostileWorkspaceDatabaseTests
{
    [TestCase(false, "was deleted")]
    [TestCase(true, "was replaced by another file")]
    public async Task A_database_deleted_or_replaced_under_a_running_job_stops_the_job_and_is_reported_not_recreated(bool replace, string said)
    {
        await using var ws = new TempWorkspace();
        var database = Path.Combine(ws.Options.Home!, "workspace.db");
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo started; sleep 600" });
        var store = JobStore.Open(database);
        await Eventually.HoldsAsync(() => store.Jobs.Get(job.Name)?.ProcessGroups is not null, "the job runs", TempWorkspace.Patience);
        var supervisor = store.Jobs.Get(job.Name)!;
        try
        {
            if (replace)
            {
                // Same content, another file: what a restore from a copy or an editor's save-by-rename does.
                File.Copy(database, database + ".copy");
                File.Move(database + ".copy", database, overwrite: true);
            }
            else
            {
                foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
            }

            await Eventually.HoldsAsync(() => WorkspaceCleanup.LiveJobProcesses(job.Name).Count == 0,
                "the supervisor stops the job's processes once its database is gone", TempWorkspace.Patience);
            await Eventually.HoldsAsync(() => !ProcessInfo.IsAlive(supervisor.SupervisorPid!.Value, supervisor.SupervisorStart!.Value),
                "the supervisor exits", TempWorkspace.Patience);

            var log = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "system_logs", "supervisor.txt"));
            log.Should().Contain($"workspace database {database} {said}").And.Contain("stopped the job's processes");
            if (!replace) File.Exists(database).Should().BeFalse("no connection recreates an empty database where the workspace's was");
            var reading = () => ws.Client.GetAsync(job.Name);
            (await reading.Should().ThrowAsync<IOException>()).Which.Message.Should().Contain(said);
        }
        finally
        {
            // Were the supervisor not to stop them, the workspace's cleanup could not find them in a deleted database.
            foreach (var pid in WorkspaceCleanup.LiveJobProcesses(job.Name)) NativeMethods.SignalProcess(pid, NativeMethods.SIGKILL);
            if (ProcessInfo.IsAlive(supervisor.SupervisorPid!.Value, supervisor.SupervisorStart!.Value)) NativeMethods.SignalProcess(supervisor.SupervisorPid.Value, NativeMethods.SIGKILL);
        }
    }

    [Test]
    public async Task A_client_of_a_workspace_whose_database_was_deleted_gets_a_clear_error_not_an_empty_workspace()
    {
        await using var ws = new TempWorkspace();
        var database = Path.Combine(ws.Options.Home!, "workspace.db");
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo hello" });
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);

        var listing = async () => await new TrainingJobsClient(ws.Options).GetJobsAsync().ToListAsync();

        (await listing.Should().ThrowAsync<IOException>()).Which.Message.Should().Contain($"{database} does not exist");
        File.Exists(database).Should().BeFalse("a workspace that has jobs is not given a new, empty database");
    }

    [Test]
    public void A_supervisor_opening_a_workspace_without_a_database_gets_a_clear_error_and_no_empty_database()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tj-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var database = Path.Combine(folder, "workspace.db");

            var open = () => JobStore.Open(database, create: false);

            open.Should().Throw<IOException>().WithMessage($"*{database} does not exist*");
            File.Exists(database).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
