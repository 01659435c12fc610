using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>Links and special files in the code folder at submit: never followed out of the folder, reported, and never a hang.</summary>
[Parallelizable(ParallelScope.All)]
public class HostileCodeSnapshotTests
{
    [Test]
    public async Task Links_out_of_the_code_folder_are_reported_and_not_read_and_a_fifo_does_not_hang()
    {
        await using var ws = new TempWorkspace();
        var secret = HostileFiles.WriteSecret(ws);
        var code = Path.Combine(ws.Work, "src");
        ws.WriteFile("src/train.sh", "echo train\n");
        ws.WriteFile("src/lib/util.py", "X = 1\n");
        HostileFiles.Bash($"cd '{code}' && ln -s '{secret}' leak.txt && ln -s '{ws.Home}' outside_dir && ln -s lib lib_alias && ln -s util.py lib/alias.py && ln -s missing dangling && mkfifo pipe");

        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "bash train.sh", Code = code });
        var done = await ws.WaitAsync(job.Name);
        var record = await ws.Client.GetRecordAsync(job.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var snapshot = Path.Combine(ws.Options.Home!, "jobs", job.Name, "code");
        HostileFiles.AllText(snapshot).Should().NotContain(HostileFiles.SecretText);
        Path.Exists(Path.Combine(snapshot, "leak.txt")).Should().BeFalse();
        Path.Exists(Path.Combine(snapshot, "outside_dir")).Should().BeFalse();
        Path.Exists(Path.Combine(snapshot, "pipe")).Should().BeFalse();
        new FileInfo(Path.Combine(snapshot, "lib", "alias.py")).LinkTarget.Should().Be("util.py", "a link inside the folder is kept as a link");
        record.Warnings.Should().Contain(w => w.StartsWith("TJ4010", StringComparison.Ordinal) && w.Contains("leak.txt", StringComparison.Ordinal));
        record.Warnings.Should().Contain(w => w.Contains("outside_dir", StringComparison.Ordinal));
        record.Warnings.Should().Contain(w => w.Contains("lib_alias", StringComparison.Ordinal) && w.Contains("folder", StringComparison.Ordinal));
        record.Warnings.Should().Contain(w => w.Contains("pipe", StringComparison.Ordinal) && w.Contains("FIFO", StringComparison.Ordinal));
        record.Warnings.Should().NotContain(w => w.Contains(HostileFiles.SecretText, StringComparison.Ordinal));
    }

    [Test]
    public async Task A_workspace_inside_the_code_folder_is_not_copied_into_itself()
    {
        await using var ws = new TempWorkspace(workspaceFolder: "work/src/.tj");
        ws.WriteFile("src/train.sh", "echo train\n");
        var code = Path.Combine(ws.Work, "src");
        var first = await ws.Client.SubmitAsync(new CommandJob { Command = "bash train.sh", Code = code });
        await ws.WaitAsync(first.Name);

        var second = await ws.Client.SubmitAsync(new CommandJob { Command = "bash train.sh", Code = code });
        var done = await ws.WaitAsync(second.Name);
        var record = await ws.Client.GetRecordAsync(second.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        Path.Exists(Path.Combine(ws.Options.Home!, "jobs", second.Name, "code", ".tj")).Should().BeFalse();
        record.Warnings.Should().Contain(w => w.Contains(".tj", StringComparison.Ordinal) && w.Contains("workspace", StringComparison.Ordinal));
    }
}
