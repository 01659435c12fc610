using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// A rank started by one <c>posix_spawn</c> gets what the older <c>sh</c> → <c>setsid</c> chain gave it: its own
/// session and group, its working directory, only the environment it was given, stdin from <c>/dev/null</c>, output
/// appended to its log, no signal ignored or blocked (the runtime ignores SIGPIPE); and its exit code is seen.
/// </summary>
public class RankSpawnTests
{
    [Test]
    public async Task A_spawned_rank_runs_in_its_own_session_with_its_environment_folder_and_log_and_its_exit_code_is_seen()
    {
        var folder = Directory.CreateTempSubdirectory("rankspawn-").FullName;
        try
        {
            var log = Path.Combine(folder, "log.txt");
            await File.WriteAllTextAsync(log, "before\n");
            const string Script = "echo \"sid=$(ps -o sid= -p $$ | tr -d ' ') pgid=$(ps -o pgid= -p $$ | tr -d ' ') pid=$$\"; " +
                                  "echo \"pwd=$(pwd)\"; echo \"vars=$(env | grep -c .)\"; echo \"only=$ONLY\"; " +
                                  "while read -r field rest; do case $field in SigIgn:|SigBlk:) echo \"$field $rest\";; esac; done < /proc/$$/status; " +
                                  "read -r line; echo \"stdin=$? [$line]\"; echo err >&2; exit 7";

            var pid = RankSpawn.TrySpawn(["/bin/bash", "-c", Script], [KeyValuePair.Create("ONLY", "yes"), KeyValuePair.Create("PATH", "/usr/bin:/bin")], folder, log);
            if (pid is null) Assert.Ignore("This libc has no POSIX_SPAWN_SETSID or posix_spawn_file_actions_addchdir_np.");
            var exitCode = await RankSpawn.WaitForExitAsync(pid.Value).WaitAsync(TimeSpan.FromSeconds(30));

            exitCode.Should().Be(7);
            var lines = await File.ReadAllLinesAsync(log);
            lines[0].Should().Be("before", "the log is appended to");
            lines.Should().Contain($"sid={pid} pgid={pid} pid={pid}");
            lines.Should().Contain("pwd=" + folder);
            lines.Should().Contain("only=yes");
            var variables = lines.Single(l => l.StartsWith("vars=", StringComparison.Ordinal));
            int.Parse(variables.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(6,
                "the rank has the two variables it was given and the few bash sets itself, not this process's");
            // The masks are read by the shell itself with builtins only: a grep child read them while bash was still in
            // make_child, which blocks SIGINT, SIGTERM and SIGCHLD around fork(), and saw those as blocked now and then.
            // Bit n - 1 is signal n. SIGINT 2, SIGPIPE 13, SIGTERM 15: none ignored (this process ignores SIGPIPE) nor blocked.
            const ulong Signals = (1UL << 1) | (1UL << 12) | (1UL << 14);
            (Mask(lines, "SigIgn:") & Signals).Should().Be(0UL);
            (Mask(lines, "SigBlk:") & Signals).Should().Be(0UL);
            lines.Should().Contain("stdin=1 []", "stdin is /dev/null");
            lines.Should().Contain("err");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ulong Mask(string[] lines, string field) =>
        ulong.Parse(lines.Single(l => l.StartsWith(field, StringComparison.Ordinal)).AsSpan(field.Length).Trim(), System.Globalization.NumberStyles.HexNumber,
            System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task A_rank_a_signal_ends_reports_128_plus_the_signal_and_a_missing_folder_fails_the_spawn()
    {
        var folder = Directory.CreateTempSubdirectory("rankspawn-").FullName;
        try
        {
            var log = Path.Combine(folder, "log.txt");
            await File.WriteAllTextAsync(log, "");
            var pid = RankSpawn.TrySpawn(["/bin/bash", "-c", "kill -TERM $$"], [], folder, log);
            if (pid is null) Assert.Ignore("This libc has no POSIX_SPAWN_SETSID or posix_spawn_file_actions_addchdir_np.");

            (await RankSpawn.WaitForExitAsync(pid.Value).WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(128 + 15);
            var missing = () => RankSpawn.TrySpawn(["/bin/bash", "-c", "true"], [], Path.Combine(folder, "missing"), log);
            missing.Should().Throw<System.ComponentModel.Win32Exception>().Which.NativeErrorCode.Should().Be(2);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Waits_in_waves_each_see_their_own_exit_code_however_many_run_at_once_and_whichever_ends_first()
    {
        var folder = Directory.CreateTempSubdirectory("rankspawn-").FullName;
        try
        {
            var log = Path.Combine(folder, "log.txt");
            await File.WriteAllTextAsync(log, "");
            // Three waves: the second and third find the first's waiter threads idle and must each get one to itself
            // (a long sleeper in the wave must not hold up the exit of the short ones behind it).
            for (var wave = 0; wave < 3; wave++)
            {
                var sleeper = RankSpawn.TrySpawn(["/bin/bash", "-c", "sleep 20; exit 99"], [], folder, log);
                if (sleeper is null) Assert.Ignore("This libc has no POSIX_SPAWN_SETSID or posix_spawn_file_actions_addchdir_np.");
                var sleeping = RankSpawn.WaitForExitAsync(sleeper.Value);
                var codes = Enumerable.Range(1, 24).Select(code => (code, RankSpawn.WaitForExitAsync(RankSpawn.TrySpawn(["/bin/bash", "-c", $"exit {code}"], [], folder, log)!.Value))).ToList();

                foreach (var (code, exit) in codes) (await exit.WaitAsync(TimeSpan.FromSeconds(15))).Should().Be(code);
                sleeping.IsCompleted.Should().BeFalse();
                NativeMethods.SignalProcess(sleeper.Value, NativeMethods.SIGKILL);
                (await sleeping.WaitAsync(TimeSpan.FromSeconds(15))).Should().Be(128 + 9);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
