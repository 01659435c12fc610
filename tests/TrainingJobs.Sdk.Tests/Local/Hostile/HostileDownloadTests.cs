using System.Text;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>Download of outputs a job filled with links, special files and odd names: nothing outside the job is read, nothing outside the target is written.</summary>
[Parallelizable(ParallelScope.All)]
public class HostileDownloadTests
{
    [Test]
    public async Task Links_to_secrets_and_devices_are_not_copied_as_files_and_are_reported()
    {
        await using var ws = new TempWorkspace();
        var secret = HostileFiles.WriteSecret(ws);
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = $"echo kept > outputs/kept.txt; ln -s {secret} outputs/secret.txt; ln -s /etc/shadow outputs/shadow; ln -s {ws.Home} outputs/home; " +
                "ln -s /dev/zero outputs/zero; ln -s kept.txt outputs/alias.txt; mkfifo outputs/pipe; ln -s . outputs/self",
        });
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);
        var target = Path.Combine(ws.Work, "download");

        var result = await ws.Client.DownloadAsync(job.Name, new DownloadOptions { DownloadPath = target });

        var outputs = Path.Combine(target, "artifacts", "outputs");
        File.ReadAllText(Path.Combine(outputs, "kept.txt")).Should().Be("kept\n");
        HostileFiles.AllText(target).Should().NotContain(HostileFiles.SecretText);
        foreach (var name in new[] { "secret.txt", "shadow", "home", "zero", "pipe" }) Path.Exists(Path.Combine(outputs, name)).Should().BeFalse(name);
        new FileInfo(Path.Combine(outputs, "alias.txt")).LinkTarget.Should().Be("kept.txt", "a link inside the output is kept as a link");
        new FileInfo(Path.Combine(outputs, "self")).LinkTarget.Should().Be(".");
        result.Skipped.Select(s => s.Path).Should().Contain(["artifacts/outputs/secret.txt", "artifacts/outputs/shadow", "artifacts/outputs/home", "artifacts/outputs/zero", "artifacts/outputs/pipe"]);
        result.Skipped.Single(s => s.Path == "artifacts/outputs/pipe").Reason.Should().Contain("FIFO");
        result.Skipped.Single(s => s.Path == "artifacts/outputs/shadow").Reason.Should().Contain("/etc/shadow");
    }

    [Test]
    public async Task Download_never_writes_through_a_link_already_in_the_target_folder()
    {
        await using var ws = new TempWorkspace();
        var secret = HostileFiles.WriteSecret(ws);
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo model > outputs/model.txt; mkdir outputs/sub; echo x > outputs/sub/x.txt" });
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);
        var target = Path.Combine(ws.Work, "download");
        var outside = Path.Combine(ws.Home, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(Path.Combine(target, "artifacts", "outputs"));
        File.CreateSymbolicLink(Path.Combine(target, "artifacts", "outputs", "model.txt"), secret);
        Directory.CreateSymbolicLink(Path.Combine(target, "artifacts", "outputs", "sub"), outside);

        var result = await ws.Client.DownloadAsync(job.Name, new DownloadOptions { DownloadPath = target });

        File.ReadAllText(secret).Should().Be(HostileFiles.SecretText + "\n", "the link's target is never written");
        Directory.EnumerateFileSystemEntries(outside).Should().BeEmpty("nothing is written through a folder link");
        var model = new FileInfo(Path.Combine(target, "artifacts", "outputs", "model.txt"));
        model.LinkTarget.Should().BeNull("the link was replaced by the downloaded file");
        File.ReadAllText(model.FullName).Should().Be("model\n");
        result.Skipped.Should().Contain(s => s.Path == "artifacts/outputs/sub" && s.Reason.Contains("link", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_name_that_is_not_UTF8_is_downloaded_and_digested()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "printf 'odd' > \"outputs/$(printf 'bad\\377name')\"; echo ok > outputs/ok.txt" });
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);
        var target = Path.Combine(ws.Work, "download");

        var result = await ws.Client.DownloadAsync(job.Name, new DownloadOptions { DownloadPath = target });
        var record = await ws.Client.GetRecordAsync(job.Name);

        result.Downloaded.Single().FileCount.Should().BeGreaterThanOrEqualTo(3, "std_log.txt, ok.txt and the odd name");
        result.Skipped.Should().BeEmpty();
        HostileFiles.Bash($"test \"$(cat '{Path.Combine(target, "artifacts", "outputs")}'/bad$'\\377'name)\" = odd");
        record.OutputDigests["artifacts/outputs"].FileCount.Should().Be(2);
        record.OutputDigests["artifacts/outputs"].Bytes.Should().Be(6);
    }
}
