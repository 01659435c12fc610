using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>A job that replaces its own log with a link or a FIFO: stream, download and the error message stay bounded and never read through it.</summary>
[Parallelizable(ParallelScope.All)]
public class HostileLogTests
{
    private const string Logs = "$AZUREML_LOCAL_JOB_FOLDER/artifacts/user_logs";

    [Test]
    public async Task A_log_linked_to_a_secret_never_reaches_the_error_message_or_the_stream()
    {
        await using var ws = new TempWorkspace();
        var secret = HostileFiles.WriteSecret(ws);
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = $"echo before; rm {Logs}/std_log.txt; ln -s {secret} {Logs}/std_log.txt; exit 3" });

        var events = await ws.StreamAllAsync(job.Name);
        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Failed);
        done.ExitCode.Should().Be(3);
        done.Error!.Message.Should().NotContain(HostileFiles.SecretText).And.Contain("symbolic link");
        events.OfType<JobLogEvent>().Should().NotContain(e => e.Text.Contains(HostileFiles.SecretText, StringComparison.Ordinal));
        events.OfType<JobStatusEvent>().Last().Status.Should().Be(JobStatus.Failed);
    }

    [Test]
    public async Task A_log_linked_to_dev_zero_or_replaced_by_a_fifo_ends_stream_and_download()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = $"echo hi; rm {Logs}/std_log.txt; ln -s /dev/zero {Logs}/std_log.txt; mkfifo {Logs}/extra.txt; exit 1",
        });

        var events = await ws.StreamAllAsync(job.Name);
        var done = await ws.WaitAsync(job.Name);
        var result = await ws.Client.DownloadAsync(job.Name, new DownloadOptions { DownloadPath = Path.Combine(ws.Work, "download") });

        done.Status.Should().Be(JobStatus.Failed);
        done.Error!.Message.Should().Contain("symbolic link");
        events.OfType<JobStatusEvent>().Last().Status.Should().Be(JobStatus.Failed);
        events.OfType<JobLogEvent>().Should().NotContain(e => e.Text.Contains('\0'), "/dev/zero is never read through the link");
        result.Skipped.Select(s => s.Path).Should().Contain(["artifacts/user_logs/std_log.txt", "artifacts/user_logs/extra.txt"]);
        var record = await ws.Client.GetRecordAsync(job.Name);
        record.Warnings.Should().Contain(w => w.Contains("user_logs/std_log.txt is a symbolic link to /dev/zero", StringComparison.Ordinal));
        record.Warnings.Should().Contain(w => w.Contains("user_logs/extra.txt is a FIFO", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_log_folder_replaced_by_a_link_is_not_followed()
    {
        await using var ws = new TempWorkspace();
        var secret = HostileFiles.WriteSecret(ws);
        var fake = Path.Combine(ws.Home, "fake_logs");
        Directory.CreateDirectory(fake);
        File.Copy(secret, Path.Combine(fake, "std_log.txt"));
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = $"rm -rf {Logs}; ln -s {fake} {Logs}; exit 2" });

        var events = await ws.StreamAllAsync(job.Name);
        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Failed);
        done.Error!.Message.Should().NotContain(HostileFiles.SecretText);
        events.OfType<JobLogEvent>().Should().NotContain(e => e.Text.Contains(HostileFiles.SecretText, StringComparison.Ordinal));
    }
}
