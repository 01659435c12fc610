using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Sdk.Local.Streaming;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>A stream's wait ends at a change of the database or the log folder, not only at its next poll.</summary>
[Parallelizable(ParallelScope.All)]
public class ChangeSignalTests
{
    [Test]
    public async Task A_line_written_to_a_log_created_after_the_signal_ends_the_wait_long_before_the_poll()
    {
        var root = Directory.CreateTempSubdirectory("tj-signal-").FullName;
        try
        {
            var artifacts = Directory.CreateDirectory(Path.Combine(root, "artifacts")).FullName;
            var logs = Path.Combine(artifacts, "user_logs");
            // The fake clock never moves: only a notification can end a wait.
            var time = new FakeTimeProvider();
            using var signal = new ChangeSignal(root, "workspace.db", artifacts, logs);
            signal.Active.Should().BeTrue();

            var first = signal.WaitAsync(TimeSpan.FromHours(1), time, CancellationToken.None);
            Directory.CreateDirectory(logs);
            await first.WaitAsync(TimeSpan.FromSeconds(30));

            // The log folder is watched from the next wait on.
            var second = signal.WaitAsync(TimeSpan.FromHours(1), time, CancellationToken.None);
            await File.AppendAllTextAsync(Path.Combine(logs, "std_log.txt"), "line\n");
            await second.WaitAsync(TimeSpan.FromSeconds(30));
            second.IsCompletedSuccessfully.Should().BeTrue();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task Without_any_folder_to_watch_a_wait_is_a_plain_poll()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tj-signal-missing-" + Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider();
        using var signal = new ChangeSignal(missing, "workspace.db", missing, missing);
        signal.Active.Should().BeFalse();

        var wait = signal.WaitAsync(TimeSpan.FromMilliseconds(50), time, CancellationToken.None);
        wait.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromMilliseconds(50));
        await wait.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
