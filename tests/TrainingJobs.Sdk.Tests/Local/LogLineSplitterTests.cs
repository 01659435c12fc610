using System.Text;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Streaming;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>The one line rule both backends use: however a log's bytes are cut into chunks, the lines and offsets are the same.</summary>
[Parallelizable(ParallelScope.All)]
public class LogLineSplitterTests
{
    private static readonly byte[] Log = Encoding.UTF8.GetBytes("plain\nwindows\r\nbar 10%\rbar 20%\r\nünïcödé ✓ line\n\nlast without end");

    private static List<(long, long, string)> Split(byte[] bytes, IEnumerable<int> cuts, long offset = 0, bool afterCarriageReturn = false)
    {
        var splitter = new LogLineSplitter(offset, afterCarriageReturn);
        var lines = new List<(long, long, string)>();
        var start = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            var chunk = bytes[start..cut];
            lines.AddRange(splitter.Split(chunk, chunk.Length));
            start = cut;
        }
        lines.AddRange(splitter.Flush());
        return lines;
    }

    // A line's start and text do not depend on the cuts; its end offset is one short when a cut falls inside "\r\n"
    // (the '\n' has not arrived yet), which a resumed splitter allows for (afterCarriageReturn).
    private static List<(long, string)> Starts(List<(long Offset, long Next, string Text)> lines) => lines.Select(l => (l.Offset, l.Text)).ToList();

    [Test]
    public void Any_cut_into_chunks_gives_the_lines_and_offsets_of_one_whole_read()
    {
        var whole = Starts(Split(Log, []));
        whole.Select(l => l.Item2).Should().Equal("plain", "windows", "bar 10%", "bar 20%", "ünïcödé ✓ line", "", "last without end");
        var random = new Random(11);
        for (var trial = 0; trial < 200; trial++)
        {
            var cuts = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(0, Log.Length)).Distinct().Order().ToList();
            Starts(Split(Log, cuts)).Should().Equal(whole, $"cut at {string.Join(",", cuts)}");
        }
        // Each cut between every pair of bytes, one at a time: "\r|\n" and a UTF-8 character cut in two included.
        for (var cut = 0; cut <= Log.Length; cut++) Starts(Split(Log, [cut])).Should().Equal(whole, $"cut at {cut}");
    }

    [Test]
    public void Resumed_right_after_a_carriage_return_a_line_feed_first_ends_nothing()
    {
        var bytes = Encoding.UTF8.GetBytes("\nnext\n");

        Split(bytes, [], offset: 4, afterCarriageReturn: true).Should().Equal((5L, 10L, "next"));
        Split(bytes, [], offset: 4, afterCarriageReturn: false).Should().Equal((4L, 5L, ""), (5L, 10L, "next"));
    }

    [Test]
    public void Long_logs_of_random_line_ends_split_by_the_rule_however_they_are_cut()
    {
        // Many 64-byte blocks, so the block-at-a-time search meets line ends at every position, "\r\n" across blocks and cuts.
        var random = new Random(16);
        for (var trial = 0; trial < 300; trial++)
        {
            var bytes = RandomLog(random, random.Next(0, 3000));
            var expected = ByTheRule(bytes);

            Split(bytes, []).Should().Equal(expected);
            var cuts = Enumerable.Range(0, random.Next(1, 20)).Select(_ => random.Next(0, bytes.Length + 1)).Distinct().Order().ToList();
            Starts(Split(bytes, cuts)).Should().Equal(Starts(expected), $"trial {trial}, cut at {string.Join(",", cuts)}");
        }
    }

    [Test]
    public void A_log_read_while_it_grows_gives_the_lines_of_the_rule()
    {
        var lines = new List<(long Offset, long Next, string Text)>();
        FollowGrowingLogs(17,
            (tailer, flush) => lines.AddRange(tailer.ReadLines(flush)),
            (bytes, trial) =>
            {
                Starts(lines).Should().Equal(Starts(ByTheRule(bytes)), $"trial {trial}");
                lines.Clear();
            });
    }

    [Test]
    public void A_log_read_in_blocks_while_it_grows_gives_the_lines_of_the_rule_and_kept_blocks_do_not_change()
    {
        var blocks = new List<JobLogBlockEvent>();
        FollowGrowingLogs(18,
            (tailer, flush) =>
            {
                blocks.AddRange(ReadBlocks(tailer, flush));
                if (flush) tailer.Offset.Should().Be(blocks.Count == 0 ? 0 : blocks[^1].NextOffset);
            },
            (bytes, trial) =>
            {
                // Read only once the whole log has been: a block's bytes are never written again. (Offsets and text: a
                // "\r\n" split between two reads ends its line at the '\r', as in the per-line cut.)
                Starts(BlockLines(blocks)).Should().Equal(Starts(ByTheRule(bytes)), $"trial {trial}");
                blocks[^1].NextOffset.Should().Be(bytes.Length);
                blocks.Clear();
            });
    }

    /// <summary>
    /// Twenty random logs, each written in random pieces while one tailer follows it: <paramref name="read"/> after each
    /// piece, and once more with flush at the end; then <paramref name="check"/> with the log's bytes and its number.
    /// </summary>
    private static void FollowGrowingLogs(int seed, Action<LogTailer, bool> read, Action<byte[], int> check)
    {
        var random = new Random(seed);
        var folder = Directory.CreateTempSubdirectory("tj-splitter-");
        try
        {
            for (var trial = 0; trial < 20; trial++)
            {
                var bytes = RandomLog(random, random.Next(50_000, 200_000));
                var path = Path.Combine(folder.FullName, $"log{trial}.txt");
                using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
                using (var tailer = new LogTailer(path, 0))
                {
                    var written = 0;
                    while (written < bytes.Length)
                    {
                        var piece = Math.Min(bytes.Length - written, random.Next(1, 100_000));
                        file.Write(bytes, written, piece);
                        file.Flush();
                        written += piece;
                        read(tailer, false);
                    }
                    read(tailer, true);
                }
                check(bytes, trial);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void A_line_longer_than_the_longest_kept_whole_comes_in_the_same_pieces_in_blocks_as_in_lines()
    {
        var text = "short\r" + new string('p', LogLineSplitter.MaxLineBytes * 2 + 123) + "\nafter\r\n";
        var path = Path.Combine(Path.GetTempPath(), "tj-long-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(path, text);
        try
        {
            using var byLine = new LogTailer(path, 0);
            var expected = byLine.ReadLines(flush: true).ToList();
            using var byBlock = new LogTailer(path, 0);

            var lines = BlockLines(ReadBlocks(byBlock, flush: true));

            expected.Count.Should().BeGreaterThan(3, "the long line comes in pieces");
            lines.Should().Equal(expected);
            byBlock.Offset.Should().Be(byLine.Offset).And.Be(text.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<JobLogBlockEvent> ReadBlocks(LogTailer tailer, bool flush)
    {
        var blocks = new List<JobLogBlockEvent>();
        while (tailer.ReadBlock(flush))
        {
            var cut = tailer.Block;
            if (cut.IsEmpty) continue;
            var block = new JobLogBlockEvent("job", JobStreamPosition.Start, "user_logs/std_log.txt", 0, cut.Offset, tailer.Chunk, cut.Start, cut.End);
            block.NextOffset.Should().Be(tailer.Offset, "a block ends where the tailer goes on");
            blocks.Add(block);
        }
        return blocks;
    }

    private static List<(long, long, string)> BlockLines(IEnumerable<JobLogBlockEvent> blocks)
    {
        var lines = new List<(long, long, string)>();
        foreach (var block in blocks)
        {
            var before = lines.Count;
            foreach (var line in block.Lines) lines.Add((line.Offset, line.NextOffset, line.Text));
            block.CountLines().Should().Be(lines.Count - before, "counting a block's line ends finds the lines the enumeration finds");
        }
        return lines;
    }

    /// <summary>Letters with '\n' (6 %) and '\r' (4 %) among them: short and empty lines, "\r\n", bare '\r', "\r\r\n".</summary>
    private static byte[] RandomLog(Random random, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var roll = random.Next(100);
            bytes[i] = roll < 6 ? (byte)'\n' : roll < 10 ? (byte)'\r' : (byte)('a' + random.Next(26));
        }
        return bytes;
    }

    /// <summary>The line rule a byte at a time: a line ends at "\n", "\r\n" or a bare "\r"; an unterminated rest is the last line.</summary>
    private static List<(long, long, string)> ByTheRule(byte[] bytes)
    {
        var lines = new List<(long, long, string)>();
        var start = 0;
        var i = 0;
        while (i < bytes.Length)
        {
            if (bytes[i] is not ((byte)'\n' or (byte)'\r'))
            {
                i++;
                continue;
            }
            var next = i + 1;
            if (bytes[i] == (byte)'\r' && next < bytes.Length && bytes[next] == (byte)'\n') next++;
            lines.Add((start, next, Encoding.UTF8.GetString(bytes, start, i - start)));
            start = i = next;
        }
        if (start < bytes.Length) lines.Add((start, bytes.Length, Encoding.UTF8.GetString(bytes, start, bytes.Length - start)));
        return lines;
    }
}
