using System.Text;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local;

[Parallelizable(ParallelScope.All)]
public class LocalStreamTests
{
    [Test]
    public async Task Streaming_a_running_job_yields_statuses_then_lines_live_and_ends_with_the_terminal_status()
    {
        await using var ws = new TempWorkspace();
        // The job waits for a file the test creates after it saw the first line: the stream is live, not a replay.
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo first; while [ ! -f go ]; do sleep 0.02; done; echo second" });
        var events = new List<JobEvent>();
        using var timeout = new CancellationTokenSource(TempWorkspace.Patience);

        await foreach (var e in ws.Client.StreamAsync(job.Name, null, timeout.Token))
        {
            events.Add(e);
            if (e is JobLogEvent { Text: "first" }) await File.WriteAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "code", "go"), "");
        }

        var last = events.OfType<JobStatusEvent>().Last();
        last.Status.Should().Be(JobStatus.Completed, "{0}: {1}", last.Error?.Code, last.Error?.Message);
        events.OfType<JobStatusEvent>().Select(s => s.Status).Should().Equal(
            JobStatus.NotStarted, JobStatus.Queued, JobStatus.Preparing, JobStatus.Running, JobStatus.Finalizing, JobStatus.Completed);
        events.Last().Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        var lines = events.OfType<JobLogEvent>().ToList();
        lines.Select(l => l.Text).Should().Equal("first", "second");
        lines.Select(l => l.Offset).Should().Equal(0, 6);
        lines.Should().OnlyContain(l => l.File == "user_logs/std_log.txt" && l.Rank == 0);
        events.IndexOf(lines[0]).Should().BeGreaterThan(events.FindIndex(e => e is JobStatusEvent { Status: var s } && s == JobStatus.Running));
        events.IndexOf(lines[^1]).Should().BeLessThan(events.FindIndex(e => e is JobStatusEvent { Status: var s } && s == JobStatus.Finalizing),
            "the job wrote every line before it was finalized");
    }

    [Test]
    public async Task Streaming_a_finished_job_replays_everything_and_resuming_from_a_position_yields_only_what_came_after()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "for i in 1 2 3 4 5; do echo line-$i; done" });
        await ws.WaitAsync(job.Name);

        var all = await ws.StreamAllAsync(job.Name);
        var third = all.OfType<JobLogEvent>().Single(l => l.Text == "line-3");
        var resumed = await ws.StreamAllAsync(job.Name, new StreamOptions { StartAt = JobStreamPosition.Parse(third.Position.ToString()) });

        all.OfType<JobLogEvent>().Select(l => l.Text).Should().Equal("line-1", "line-2", "line-3", "line-4", "line-5");
        all.Last().Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        resumed.OfType<JobLogEvent>().Select(l => l.Text).Should().Equal("line-4", "line-5");
        resumed.OfType<JobStatusEvent>().Select(s => s.Status).Should().Equal(JobStatus.Finalizing, JobStatus.Completed);
    }

    [Test]
    public async Task Streaming_from_a_byte_offset_starts_at_that_line()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "echo aaaa; echo bbbb; echo cccc" });
        await ws.WaitAsync(job.Name);

        var events = await ws.StreamAllAsync(job.Name, new StreamOptions
        {
            StartAt = JobStreamPosition.FromLogOffsets([new("user_logs/std_log.txt", 5)]),
            IncludeMetrics = false,
        });

        events.OfType<JobLogEvent>().Select(l => (l.Text, l.Offset)).Should().Equal(("bbbb", 5L), ("cccc", 10L));
    }

    [Test]
    public async Task A_log_line_with_invalid_UTF8_does_not_break_the_stream()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = @"printf 'ok\n\377\376bad \303\251t\303\251\n'; printf 'after\n'; printf 'no newline at end'" });
        await ws.WaitAsync(job.Name);

        var lines = (await ws.StreamAllAsync(job.Name)).OfType<JobLogEvent>().Select(l => l.Text).ToList();

        lines.Should().Equal("ok", "\uFFFD\uFFFDbad été", "after", "no newline at end");
    }

    [Test]
    public async Task Log_offsets_survive_lines_split_across_reads()
    {
        // 200 KB of numbered lines: more than the 64 KB read chunk, so lines straddle chunk boundaries.
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "seq 1 40000" });
        await ws.WaitAsync(job.Name);
        var logPath = Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs", "std_log.txt");
        var bytes = await File.ReadAllBytesAsync(logPath);

        var lines = (await ws.StreamAllAsync(job.Name)).OfType<JobLogEvent>().ToList();

        lines.Should().HaveCount(40000);
        lines.Should().OnlyContain(l => Encoding.ASCII.GetString(bytes, (int)l.Offset, l.Text.Length) == l.Text);
        lines.Select(l => l.Text).Should().Equal(Enumerable.Range(1, 40000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
