using System.Diagnostics;
using TrainingJobs.Sdk.IO;
using TrainingJobs.Sdk.Tests.Local;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.IO;

/// <summary>
/// The one reader of files a user names (job YAML, components, job JSON, environments.json): a FIFO with no writer
/// or a device is refused without opening it, and no read goes past the limit.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class BoundedFileTests
{
    /// <summary>Long enough for any read here; a blocking open would never end, so the deadline turns a hang into a failure.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_FIFO_with_no_writer_is_refused_without_blocking()
    {
        await using var folder = new TempWorkspace();
        var fifo = MakeFifo(folder, "job.yml");

        var read = Task.Run(() => BoundedFile.ReadAllBytes(fifo, 1024));

        var refused = await FluentActions.Awaiting(() => read.WaitAsync(Deadline)).Should().ThrowAsync<BoundedFileException>();
        refused.Which.Problem.Should().Be(BoundedFileProblem.NotRegularFile);
        refused.Which.Message.Should().Contain(fifo).And.Contain("FIFO");
    }

    [TestCase("/dev/zero", "character device")]
    [TestCase("/dev/null", "character device")]
    [TestCase("/tmp", "folder")]
    public async Task A_device_or_folder_is_refused(string path, string kind)
    {
        var read = Task.Run(() => BoundedFile.ReadAllBytes(path, 1024));

        var refused = await FluentActions.Awaiting(() => read.WaitAsync(Deadline)).Should().ThrowAsync<BoundedFileException>();
        refused.Which.Problem.Should().Be(BoundedFileProblem.NotRegularFile);
        refused.Which.Message.Should().Contain(path).And.Contain(kind);
    }

    [Test]
    public async Task A_link_to_a_device_is_refused_like_the_device()
    {
        await using var folder = new TempWorkspace();
        var link = Path.Combine(folder.Work, "job.json");
        File.CreateSymbolicLink(link, "/dev/zero");

        var refused = FluentActions.Invoking(() => BoundedFile.ReadAllBytes(link, 1024)).Should().Throw<BoundedFileException>();
        refused.Which.Message.Should().Contain("character device");
    }

    [Test]
    public async Task A_file_over_the_limit_is_refused_and_one_at_the_limit_is_read()
    {
        await using var folder = new TempWorkspace();
        var over = folder.WriteFile("over.yml", new string('a', 1025));
        var at = folder.WriteFile("at.yml", new string('a', 1024));

        var refused = FluentActions.Invoking(() => BoundedFile.ReadAllBytes(over, 1024)).Should().Throw<BoundedFileException>();
        refused.Which.Problem.Should().Be(BoundedFileProblem.TooLarge);
        refused.Which.Message.Should().Contain("1 KiB");
        BoundedFile.ReadAllBytes(at, 1024).Should().HaveCount(1024);
    }

    [Test]
    public async Task A_link_to_a_regular_file_is_followed_and_a_missing_file_is_an_ordinary_IO_error()
    {
        await using var folder = new TempWorkspace();
        var target = folder.WriteFile("real.yml", "type: command\n");
        var link = Path.Combine(folder.Work, "link.yml");
        File.CreateSymbolicLink(link, target);

        BoundedFile.ReadAllText(link, 1024).Should().Be("type: command\n");
        FluentActions.Invoking(() => BoundedFile.ReadAllBytes(Path.Combine(folder.Work, "missing.yml"), 1024))
            .Should().Throw<FileNotFoundException>();
    }

    [Test]
    public async Task The_YAML_loader_reports_a_FIFO_job_file_and_a_FIFO_component_as_diagnostics()
    {
        await using var folder = new TempWorkspace();
        var fifo = MakeFifo(folder, "job.yml");
        MakeFifo(folder, "component.yml");
        var pipeline = folder.WriteFile("pipeline.yml", """
            type: pipeline
            jobs:
              step:
                type: command
                component: file:./component.yml
            """);

        var direct = await Task.Run(() => YamlJobLoader.Load(fifo)).WaitAsync(Deadline);
        var viaComponent = await Task.Run(() => YamlJobLoader.Load(pipeline)).WaitAsync(Deadline);

        direct.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.FileNotReadable)
            .Which.Message.Should().Contain("FIFO");
        viaComponent.Diagnostics.Should().Contain(d => d.Code == YamlDiagnosticCodes.UnresolvedReference && d.Message.Contains("FIFO"));
    }

    [Test]
    public async Task The_YAML_loader_reports_a_file_over_its_limit_as_too_large()
    {
        await using var folder = new TempWorkspace();
        var huge = Path.Combine(folder.Work, "huge.yml");
        using (var sparse = File.Create(huge)) sparse.SetLength(8L * 1024 * 1024);

        var result = YamlJobLoader.Load(huge);

        result.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.DocumentTooLarge);
    }

    private static string MakeFifo(TempWorkspace folder, string name)
    {
        var path = Path.Combine(folder.Work, name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0);
        return path;
    }
}
