using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>Inputs and code paths that are devices or FIFOs are refused at submit, and a refusal leaves no staging folder behind.</summary>
[Parallelizable(ParallelScope.All)]
public class HostileInputTests
{
    [TestCase("/dev/zero", "ro_mount")]
    [TestCase("/dev/zero", "download")]
    [TestCase("fifo", "ro_mount")]
    [TestCase("fifo", "download")]
    public async Task A_device_or_fifo_input_is_refused_and_nothing_is_left_in_staging(string path, string mode)
    {
        await using var ws = new TempWorkspace();
        if (path == "fifo")
        {
            path = Path.Combine(ws.Work, "fifo");
            HostileFiles.Bash($"mkfifo '{path}'");
        }
        ws.WriteFile("src/train.sh", "echo train\n");

        var submit = () => ws.Client.SubmitAsync(new CommandJob
        {
            Command = "cat ${{inputs.data}}",
            Code = Path.Combine(ws.Work, "src"),
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFile, Path = path, Mode = new InputMode(mode) })),
        });

        var refused = (await submit.Should().ThrowAsync<JobValidationException>()).Which;
        refused.Diagnostics.Should().Contain(d => d.Code == "TJ4011" && d.Path == "inputs.data" && d.Message.Contains(path, StringComparison.Ordinal));
        HostileFiles.StagingLeftovers(ws).Should().BeEmpty();
    }

    [Test]
    public async Task A_code_path_that_is_a_fifo_is_refused_and_nothing_is_left_in_staging()
    {
        await using var ws = new TempWorkspace();
        var fifo = Path.Combine(ws.Work, "code_fifo");
        HostileFiles.Bash($"mkfifo '{fifo}'");

        var submit = () => ws.Client.SubmitAsync(new CommandJob { Command = "true", Code = fifo });

        var refused = (await submit.Should().ThrowAsync<JobValidationException>()).Which;
        refused.Diagnostics.Should().Contain(d => d.Code == "TJ4011" && d.Path == "code");
        HostileFiles.StagingLeftovers(ws).Should().BeEmpty();
    }
}
