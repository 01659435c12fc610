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

    [Test]
    public void Lines_cut_from_chunks_keep_their_bytes_and_exact_offsets_after_later_reads()
    {
        // Lines of many lengths, some longer than a chunk, so lines straddle chunks and chunks are replaced.
        var random = new Random(5);
        var expected = new List<(long, long, string)>();
        var text = new System.Text.StringBuilder();
        long offset = 0;
        for (var i = 0; i < 3000; i++)
        {
            var line = i % 500 == 7 ? new string('L', 70_000 + i) : $"{i} " + new string((char)('a' + i % 26), random.Next(0, 300)) + (i % 3 == 0 ? " ✓" : "");
            var end = i % 4 == 1 ? "\r\n" : "\n";
            var length = System.Text.Encoding.UTF8.GetByteCount(line + end);
            expected.Add((offset, offset + length, line));
            offset += length;
            text.Append(line).Append(end);
        }
        using var log = new TempLog(text.ToString());
        using var tailer = new LogTailer(log.Path, 0);

        // Slices kept undecoded until every read is done: a chunk that lines refer to is never written again.
        var slices = new List<(long, long, byte[], int, int)>();
        while (tailer.Read(flush: true))
        {
            foreach (var line in tailer.Lines) slices.Add((line.Offset, line.NextOffset, tailer.Chunk, line.Start, line.Length));
        }

        slices.Select(s => (s.Item1, s.Item2, System.Text.Encoding.UTF8.GetString(s.Item3, s.Item4, s.Item5))).Should().Equal(expected);
        tailer.Offset.Should().Be(offset);
    }

    [Test]
    public void A_line_appended_in_pieces_is_one_line_and_earlier_lines_are_unchanged()
    {
        using var log = new TempLog("first\nsec");
        using var tailer = new LogTailer(log.Path, 0);
        tailer.Read(flush: false).Should().BeTrue();
        var first = tailer.Lines.Single();
        var chunk = tailer.Chunk;

        log.Append("ond\n");
        var second = tailer.ReadLines(flush: false).ToList();

        System.Text.Encoding.UTF8.GetString(chunk, first.Start, first.Length).Should().Be("first");
        second.Should().Equal((6L, 13L, "second"));
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
