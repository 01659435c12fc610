using System.Text;
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
}
