using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using TrainingJobs.Sdk.Lineage.Evidence;
using TrainingJobs.Sdk.Tests.Local.Hostile;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>SHA256SUMS of a bundle folder: the GNU format (checked by the real sha256sum), and what verification names.</summary>
[Parallelizable(ParallelScope.All)]
public class Sha256SumsTests
{
    [Test]
    public void Written_sums_list_every_file_sorted_in_C_order_and_sha256sum_accepts_them()
    {
        using var bundle = new Folder();
        bundle.Write("b.txt", "bee");
        bundle.Write("B.txt", "upper case sorts first in C order");
        bundle.Write("job/record.json", "{}");
        bundle.Write("job-x/a", "a dash sorts before a slash");
        bundle.Write("back\\slash.txt", "escaped the GNU way");
        bundle.Write(Sha256Sums.SignatureFileName, "a signature is not listed");

        var result = Sha256Sums.Write(bundle.Path);

        result.Problems.Should().BeEmpty();
        result.Written.Should().BeTrue();
        result.Files.Should().Be(5);
        File.ReadAllText(bundle.At(Sha256Sums.FileName)).Should().Be(
            $"{Sha("upper case sorts first in C order")}  B.txt\n" +
            $"{Sha("bee")}  b.txt\n" +
            $"\\{Sha("escaped the GNU way")}  back\\\\slash.txt\n" +
            $"{Sha("a dash sorts before a slash")}  job-x/a\n" +
            $"{Sha("{}")}  job/record.json\n");
        var (exit, output) = Run(bundle.Path, "sha256sum", "-c", "--strict", Sha256Sums.FileName);
        exit.Should().Be(0, output);
        output.Should().Contain("job/record.json: OK").And.Contain("back\\slash.txt: OK");
        Sha256Sums.Verify(bundle.Path).Intact.Should().BeTrue();
    }

    [Test]
    public void Verify_names_every_file_modified_removed_and_added()
    {
        using var bundle = new Folder();
        bundle.Write("outputs/model.bin", "weights");
        bundle.Write("logs/stdout.log", "epoch 1");
        bundle.Write("metrics/metrics.jsonl", "{}");
        bundle.Write("job/record.json", "{}");
        Sha256Sums.Write(bundle.Path).Written.Should().BeTrue();

        bundle.Write("outputs/model.bin", "other weights");
        File.Delete(bundle.At("logs/stdout.log"));
        bundle.Write("outputs/extra.bin", "planted");
        bundle.Write("job/notes.txt", "planted too");
        var check = Sha256Sums.Verify(bundle.Path);

        check.Intact.Should().BeFalse();
        check.Modified.Should().Equal("outputs/model.bin");
        check.Removed.Should().Equal("logs/stdout.log");
        check.Added.Should().Equal("job/notes.txt", "outputs/extra.bin");
        check.Problems.Should().BeEmpty();
        Run(bundle.Path, "sha256sum", "-c", "--quiet", Sha256Sums.FileName).Exit.Should().NotBe(0, "sha256sum agrees the bundle changed");
    }

    [Test]
    public void An_edited_sums_file_is_caught_as_a_modification()
    {
        using var bundle = new Folder();
        bundle.Write("a.txt", "a");
        Sha256Sums.Write(bundle.Path);
        // Someone edits a file and "fixes" the sums line by hand with a wrong digest.
        bundle.Write("a.txt", "A");
        File.WriteAllText(bundle.At(Sha256Sums.FileName), $"{Sha("not A")}  a.txt\n");

        Sha256Sums.Verify(bundle.Path).Modified.Should().Equal("a.txt");
    }

    [Test]
    public void Links_and_fifos_are_problems_never_followed_and_nothing_is_written()
    {
        using var outside = new Folder();
        outside.Write("secret.txt", "outside the bundle");
        using var bundle = new Folder();
        bundle.Write("outputs/model.bin", "weights");
        HostileFiles.Bash($"cd '{bundle.Path}' && ln -s '{outside.At("secret.txt")}' outputs/alias && ln -s '{outside.Path}' linked-folder && mkfifo outputs/pipe");

        var result = Sha256Sums.Write(bundle.Path);

        result.Written.Should().BeFalse();
        result.Problems.Should().BeEquivalentTo(
            "linked-folder: a symbolic link: not followed",
            "outputs/alias: a symbolic link: not followed",
            "outputs/pipe: a FIFO (named pipe): not read");
        File.Exists(bundle.At(Sha256Sums.FileName)).Should().BeFalse();
    }

    [Test]
    public void A_file_swapped_for_a_link_after_writing_fails_verification_with_its_name()
    {
        using var bundle = new Folder();
        bundle.Write("outputs/model.bin", "weights");
        Sha256Sums.Write(bundle.Path);
        File.Delete(bundle.At("outputs/model.bin"));
        HostileFiles.Bash($"cd '{bundle.Path}' && ln -s /etc/hostname outputs/model.bin");

        var check = Sha256Sums.Verify(bundle.Path);

        check.Intact.Should().BeFalse();
        check.Problems.Should().Equal("outputs/model.bin: a symbolic link: not followed");
        check.Removed.Should().BeEmpty("the problem already names it, with the reason");
    }

    [Test]
    public void A_sums_file_that_is_a_link_is_refused()
    {
        using var bundle = new Folder();
        bundle.Write("a.txt", "a");
        bundle.Write("elsewhere", $"{Sha("a")}  a.txt\n");
        HostileFiles.Bash($"cd '{bundle.Path}' && ln -s elsewhere {Sha256Sums.FileName}");

        var check = Sha256Sums.Verify(bundle.Path);

        check.Intact.Should().BeFalse();
        check.Problems.Should().ContainSingle().Which.Should().StartWith($"{Sha256Sums.FileName}: it is a symbolic link");
    }

    [Test]
    public void Lines_with_paths_leaving_the_folder_or_malformed_are_problems_not_lookups()
    {
        using var bundle = new Folder();
        bundle.Write("a.txt", "a");
        File.WriteAllText(bundle.At(Sha256Sums.FileName),
            $"{Sha("a")}  a.txt\n" +
            $"{Sha("x")}  ../outside.txt\n" +
            $"{Sha("x")}  /etc/passwd\n" +
            $"{Sha("x")}  dir//b\n" +
            "not-a-digest  a.txt\n" +
            $"{Sha("a")}  a.txt\n");

        var check = Sha256Sums.Verify(bundle.Path);

        check.Modified.Should().BeEmpty();
        check.Removed.Should().BeEmpty("no line that leaves the folder is looked up");
        check.Problems.Should().Equal(
            "SHA256SUMS line 2: ../outside.txt is not a plain path inside the folder (empty, . or .. parts): not checked",
            "SHA256SUMS line 3: /etc/passwd is an absolute path: not checked",
            "SHA256SUMS line 4: dir//b is not a plain path inside the folder (empty, . or .. parts): not checked",
            "SHA256SUMS line 5: not a \"<64 hex digits>  <path>\" line",
            "SHA256SUMS line 6: a.txt is listed twice");
    }

    [Test]
    public void A_missing_sums_file_or_folder_is_a_problem_not_an_exception()
    {
        using var bundle = new Folder();
        bundle.Write("a.txt", "a");

        Sha256Sums.Verify(bundle.Path).Problems.Should().Equal($"{Sha256Sums.FileName}: it does not exist");
        Sha256Sums.Verify(bundle.At("no-such-folder")).Problems.Should().ContainSingle().Which.Should().Contain("no-such-folder");
        Sha256Sums.Write(bundle.At("no-such-folder")).Written.Should().BeFalse();
    }

    [Test]
    public void Parse_reads_what_Format_writes_including_escaped_names()
    {
        (byte[], string)[] entries = [("x\\y"u8.ToArray(), Sha("1")), ("plain/name"u8.ToArray(), Sha("2")), ([0xff, (byte)'z'], Sha("3"))];
        var problems = new List<string>();

        var parsed = Sha256Sums.Parse(Sha256Sums.Format(entries), problems);

        problems.Should().BeEmpty();
        parsed.Select(e => (Convert.ToHexString(e.Path), e.Sha256)).Should().BeEquivalentTo(entries.Select(e => (Convert.ToHexString(e.Item1), e.Item2)));
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static (int Exit, string Output) Run(string folder, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    /// <summary>A temp folder deleted at the end of the test.</summary>
    internal sealed class Folder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tj-evidence-" + Guid.NewGuid().ToString("N")[..12]);

        public Folder() => Directory.CreateDirectory(Path);

        public string At(string relative) => System.IO.Path.Combine(Path, relative);

        public void Write(string relative, string text)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(At(relative))!);
            File.WriteAllText(At(relative), text);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
