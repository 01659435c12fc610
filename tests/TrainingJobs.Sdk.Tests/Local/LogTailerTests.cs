using TrainingJobs.Sdk.Local.Streaming;

namespace TrainingJobs.Sdk.Tests.Local;

[Parallelizable(ParallelScope.All)]
public class LogTailerTests
{
    [Test]
    public void A_bare_carriage_return_ends_a_line_and_a_CRLF_is_one_line_end()
    {
        using var log = new TempLog("10%\r20%\r\ndone\n");
        using var tailer = new LogTailer(log.Path, 0);

        var lines = tailer.ReadLines(flush: false).ToList();

        lines.Should().Equal((0L, 4L, "10%"), (4L, 9L, "20%"), (9L, 14L, "done"));
    }

    [Test]
    public void A_CRLF_split_between_two_reads_is_still_one_line_end()
    {
        using var log = new TempLog("50%\r");
        using var tailer = new LogTailer(log.Path, 0);

        var first = tailer.ReadLines(flush: false).ToList();
        log.Append("\nnext\n");
        var second = tailer.ReadLines(flush: false).ToList();

        first.Should().Equal((0L, 4L, "50%"));
        second.Should().Equal((5L, 10L, "next"));
        using var resumed = new LogTailer(log.Path, 4);
        resumed.ReadLines(flush: false).Should().Equal((5L, 10L, "next"));
    }

    private sealed class TempLog : IDisposable
    {
        public TempLog(string content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tj-tail-" + Guid.NewGuid().ToString("N") + ".txt");
            File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Append(string text) => File.AppendAllText(Path, text);

        public void Dispose() => File.Delete(Path);
    }
}
