using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Sdk.Local.Files;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// The walker every digest and copy uses, on real folders a job could leave: self-links, FIFOs, huge sparse files,
/// deep and wide trees. It stops at each bound and says which; it never follows a link or blocks on a FIFO.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class HostileTreeLimitTests
{
    private static readonly TreeLimits Small = new(MaxEntries: 10, MaxBytes: 1 << 20, MaxDuration: TimeSpan.FromMinutes(5), MaxDepth: 3);

    [Test]
    public void Self_links_are_recorded_as_links_and_never_walked()
    {
        using var folder = new TempFolder();
        HostileFiles.Bash($"cd '{folder.Path}' && ln -s . a && ln -s . b && ln -s .. up && echo x > f");

        var result = Digest(folder.Path, TreeLimits.Default);

        result.Manifest.Select(m => System.Text.Encoding.UTF8.GetString(m.Path)).Should().BeEquivalentTo(["a", "b", "f", "up"]);
        result.Stopped.Should().BeNull();
        result.Files.Should().Be(1);
    }

    [Test]
    public void A_fifo_without_a_writer_is_skipped_with_a_reason_and_not_opened()
    {
        using var folder = new TempFolder();
        HostileFiles.Bash($"mkfifo '{folder.Path}/pipe'");

        using var opened = DirectoryHandle.TryOpenFile(Path.Combine(folder.Path, "pipe"), out var refusal);
        var result = Digest(folder.Path, TreeLimits.Default);

        opened.Should().BeNull();
        refusal.Should().Contain("FIFO");
        result.Skipped.Should().ContainSingle().Which.Should().Be(new Sdk.Jobs.SkippedItem("pipe", "a FIFO (named pipe): not read"));
    }

    [Test]
    public void The_entry_limit_stops_the_walk_and_says_so()
    {
        using var folder = new TempFolder();
        for (var i = 0; i < 30; i++) File.WriteAllText(Path.Combine(folder.Path, $"f{i:00}"), "x");

        var result = Digest(folder.Path, Small);

        result.Files.Should().Be(10);
        result.Stopped.Should().Contain("10 entries");
    }

    [Test]
    public void A_huge_sparse_file_is_not_read_past_the_byte_limit()
    {
        using var folder = new TempFolder();
        using (var sparse = File.Create(Path.Combine(folder.Path, "huge.bin"))) sparse.SetLength(1L << 40);

        var result = Digest(folder.Path, Small);

        result.Bytes.Should().Be(0);
        result.Stopped.Should().Contain("huge.bin").And.Contain("bytes");
    }

    [Test]
    public void The_time_limit_stops_the_walk_and_says_so()
    {
        using var folder = new TempFolder();
        for (var i = 0; i < 5; i++) File.WriteAllText(Path.Combine(folder.Path, $"f{i}"), "x");
        // Each reading of the clock moves it on a minute: the five-minute budget runs out part way.
        var time = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromMinutes(1) };

        using var root = DirectoryHandle.TryOpen(folder.Path, out _)!;
        var result = FileTree.Digest(root, Small with { MaxEntries = 100 }, time);

        result.Stopped.Should().Contain("time limit");
        result.Files.Should().BeLessThan(5);
    }

    [Test]
    public void Folders_deeper_than_the_limit_are_skipped_with_a_reason()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "1", "2", "3", "4", "5"));
        File.WriteAllText(Path.Combine(folder.Path, "1", "2", "3", "4", "5", "deep.txt"), "x");

        var result = Digest(folder.Path, Small);

        result.Skipped.Should().ContainSingle().Which.Path.Should().Be("1/2/3/4");
        result.Skipped[0].Reason.Should().Contain("deeper than 3");
    }

    [Test]
    public void A_link_target_that_climbs_out_is_outside_on_its_text_alone()
    {
        FileTree.StaysInside(""u8, "lib/x.py"u8).Should().BeTrue();
        FileTree.StaysInside("a/b"u8, "../../c"u8).Should().BeTrue();
        FileTree.StaysInside("a/b"u8, "../../../c"u8).Should().BeFalse();
        FileTree.StaysInside(""u8, "./../x"u8).Should().BeFalse();
        FileTree.StaysInside(""u8, "/etc/shadow"u8).Should().BeFalse();
        FileTree.StaysInside(""u8, ""u8).Should().BeFalse();
    }

    private static TreeResult Digest(string path, TreeLimits limits)
    {
        using var root = DirectoryHandle.TryOpen(path, out var refusal) ?? throw new AssertionException(refusal!);
        return FileTree.Digest(root, limits, TimeProvider.System);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("tj-tree-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
