using System.Diagnostics;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// A <see cref="TempWorkspace"/> whose workspace folder is a small tmpfs of its own, so a job (or the test) can fill
/// the disk that holds the workspace without touching the machine's. Needs the right to mount (root, as in CI); where
/// mounting is not allowed the test is ignored with the reason, never failed.
/// </summary>
internal sealed class SmallDiskWorkspace : IAsyncDisposable
{
    private SmallDiskWorkspace(TempWorkspace workspace, string mountPoint)
    {
        Workspace = workspace;
        MountPoint = mountPoint;
    }

    public TempWorkspace Workspace { get; }

    /// <summary>The workspace folder, which is the tmpfs.</summary>
    public string MountPoint { get; }

    public static async Task<SmallDiskWorkspace> CreateAsync(string size)
    {
        var workspace = new TempWorkspace();
        var mountPoint = workspace.Options.Home!;
        Directory.CreateDirectory(mountPoint);
        var (exitCode, error) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={size},mode=0700", "tmpfs", mountPoint);
        if (exitCode != 0)
        {
            await workspace.DisposeAsync();
            Assert.Ignore($"This machine does not let the tests mount a small tmpfs to fill (mount exited with {exitCode}: {error.Trim()}); the full-disk behaviour is not tested here.");
        }
        return new SmallDiskWorkspace(workspace, mountPoint);
    }

    /// <summary>
    /// Writes a file until the disk is full (the write that fails is the proof): in 64 KB writes, then 4 KB, then single
    /// bytes, so that not even a few kilobytes stay free. A disk left with less than a 64 KB write free still takes a
    /// small database transaction (a WAL frame is one 4 KB page), and a test that expects a write to fail would then
    /// see it succeed, depending on how the sizes before happened to fall.
    /// </summary>
    public void Fill()
    {
        var chunk = new byte[64 * 1024];
        // Unbuffered writes at explicit offsets: a buffered stream would keep retrying the bytes of its failed flush.
        using var file = File.OpenHandle(Path.Combine(MountPoint, "filler"), FileMode.Create, FileAccess.Write);
        long offset = 0;
        foreach (var size in new[] { chunk.Length, 4096, 1 })
        {
            try
            {
                while (true)
                {
                    RandomAccess.Write(file, chunk.AsSpan(0, size), offset);
                    offset += size;
                }
            }
            catch (IOException)
            {
                // No space left on device for a write of this size; a smaller one may still fit.
            }
        }
    }

    /// <summary>Deletes what <see cref="Fill"/> wrote.</summary>
    public void Free() => File.Delete(Path.Combine(MountPoint, "filler"));

    public async ValueTask DisposeAsync()
    {
        // Space first (so the cleanup can record what it stops), then the processes on the tmpfs are stopped (the
        // workspace's cleanup), then it is unmounted (lazily: a file a killed process held a moment ago must not make the
        // unmount fail), then the temp folder goes.
        Free();
        await WorkspaceCleanup.StopEverythingAsync(Path.Combine(MountPoint, "workspace.db"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await RunAsync("umount", "-l", MountPoint);
        await Workspace.DisposeAsync();
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
