using System.Security.Cryptography;
using System.Text;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>Links and special files a job leaves in its outputs: digests at Finalizing never follow or open them.</summary>
[Parallelizable(ParallelScope.All)]
public class HostileOutputLinkTests
{
    [Test]
    public async Task A_link_to_dev_zero_self_links_and_a_fifo_in_outputs_do_not_hold_the_job_in_Finalizing()
    {
        await using var ws = new TempWorkspace();
        var secret = HostileFiles.WriteSecret(ws);
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = $"echo real > outputs/real.txt; ln -s /dev/zero outputs/z; ln -s . outputs/a; ln -s . outputs/b; ln -s {secret} outputs/s; mkfifo outputs/pipe; " +
                "ln -s /dev/zero ${{outputs.model}}/z; echo w > ${{outputs.model}}/w.bin",
            Outputs = ValueMap.Of(("model", new JobOutput())),
        });

        var done = await ws.WaitAsync(job.Name);
        var record = await ws.Client.GetRecordAsync(job.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var outputs = record.OutputDigests["artifacts/outputs"];
        // Links are part of the digest as links (their target text), the FIFO is skipped: one file, four links.
        outputs.Sha256.Should().Be(DirHash1Lines(
            ("a", LinkDigest(".")), ("b", LinkDigest(".")), ("real.txt", Sha("real\n")), ("s", LinkDigest(secret)), ("z", LinkDigest("/dev/zero"))));
        outputs.FileCount.Should().Be(1);
        outputs.Bytes.Should().Be(5);
        record.OutputDigests["model"].Sha256.Should().Be(DirHash1Lines(("w.bin", Sha("w\n")), ("z", LinkDigest("/dev/zero"))));
        var supervisorLog = File.ReadAllText(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "system_logs", "supervisor.txt"));
        supervisorLog.Should().Contain("pipe").And.Contain("FIFO");
        record.Warnings.Should().Contain(w => w.Contains("pipe", StringComparison.Ordinal) && w.Contains("FIFO", StringComparison.Ordinal));
        supervisorLog.Should().NotContain(HostileFiles.SecretText);
    }

    [Test]
    public async Task An_output_folder_replaced_by_a_link_to_the_root_is_neither_digested_nor_downloaded_through()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "rm -rf ${{outputs.model}} && ln -s / ${{outputs.model}}",
            Outputs = ValueMap.Of(("model", new JobOutput())),
        });

        var done = await ws.WaitAsync(job.Name);
        var record = await ws.Client.GetRecordAsync(job.Name);
        var download = await ws.Client.DownloadAsync(job.Name, new DownloadOptions { All = true, DownloadPath = Path.Combine(ws.Work, "download") });

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        record.OutputDigests["model"].FileCount.Should().Be(0);
        record.Warnings.Should().Contain(w => w.StartsWith("Output digest of model", StringComparison.Ordinal) && w.Contains("symbolic link", StringComparison.Ordinal));
        download.Skipped.Should().Contain(s => s.Path == "named-outputs/model" && s.Reason.Contains("symbolic link", StringComparison.Ordinal));
        Path.Exists(Path.Combine(ws.Work, "download", "named-outputs", "model", "etc")).Should().BeFalse();
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The documented digest of a link: SHA-256 of "symlink:" followed by its target text.</summary>
    private static string LinkDigest(string target) => Sha("symlink:" + target);

    private static string DirHash1Lines(params (string Path, string Sha256)[] lines)
    {
        var manifest = new StringBuilder();
        foreach (var (path, sha) in lines.OrderBy(l => l.Path, StringComparer.Ordinal)) manifest.Append(sha).Append("  ").Append(path).Append('\n');
        return Sha(manifest.ToString());
    }
}
