using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// The workspace holds every job's code, logs, outputs and plan (with the real values of its secrets): other users of
/// the machine must not read it. New workspaces are owner-only; existing ones are never loosened.
/// </summary>
[Parallelizable(ParallelScope.All)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class HostileWorkspacePermissionsTests
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public async Task A_new_workspace_its_database_and_its_job_folders_are_readable_by_the_owner_only()
    {
        await using var ws = new TempWorkspace();
        var home = ws.Options.Home!;

        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo hello" });
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);

        File.GetUnixFileMode(home).Should().Be(OwnerOnlyFolder);
        File.GetUnixFileMode(Path.Combine(home, "jobs")).Should().Be(OwnerOnlyFolder);
        File.GetUnixFileMode(Path.Combine(home, "jobs", job.Name)).Should().Be(OwnerOnlyFolder);
        var database = Path.Combine(home, "workspace.db");
        File.GetUnixFileMode(database).Should().Be(OwnerOnlyFile);
        // The client's pooled connection keeps the WAL files, which SQLite creates with the database's mode.
        foreach (var side in new[] { database + "-wal", database + "-shm" }.Where(File.Exists))
        {
            File.GetUnixFileMode(side).Should().Be(OwnerOnlyFile, side);
        }
    }

    [Test]
    public async Task An_existing_workspace_keeps_its_modes()
    {
        await using var ws = new TempWorkspace();
        var home = ws.Options.Home!;
        const UnixFileMode chosen = OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        Directory.CreateDirectory(home, chosen);

        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo hello" });
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);

        File.GetUnixFileMode(home).Should().Be(chosen, "the workspace is not changed behind its owner's back");
        File.GetUnixFileMode(Path.Combine(home, "jobs", job.Name)).Should().Be(OwnerOnlyFolder, "a new job folder is owner-only all the same");
    }
}
