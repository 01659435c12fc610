using System.Security.Cryptography;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// <see cref="StreamOptions.LogLinesInBlocks"/> on real local jobs: the same lines, offsets, order, events and
/// redaction as the per-line stream, block positions that resume exactly, and blocks that stay readable after the
/// stream has moved on.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class LocalStreamBlockTests
{
    private static readonly StreamOptions Blocks = new() { LogLinesInBlocks = true };

    // Line ends of every kind, text that is not valid UTF-8, an empty line, a line longer than a read, an unterminated
    // last line and enough lines to fill many reads.
    private const string Script = """
        printf 'first\r\nprogress 10%%\rprogress 100%%\n\nnot utf-8: \377\376 end\n'
        i=0; while [ $i -lt 3000 ]; do echo "line $i ✓ $(printf '%0120d' $i)"; i=$((i+1)); done
        head -c 150000 /dev/zero | tr '\0' 'x'; echo
        printf 'no line end at the end'
        """;

    [Test]
    public async Task Blocks_hold_the_lines_of_the_per_line_stream_with_their_offsets_and_the_other_events_in_order()
    {
        await using var ws = new TempWorkspace();
        var job = await RunScriptAsync(ws);

        var perLine = await ws.StreamAllAsync(job.Name);
        var inBlocks = await ws.StreamAllAsync(job.Name, Blocks);

        inBlocks.Should().NotContain(e => e is JobLogEvent, "lines come in blocks when blocks are asked for");
        var blocks = inBlocks.OfType<JobLogBlockEvent>().ToList();
        blocks.Count.Should().BeGreaterThan(3, "a log of this size takes several reads");
        Lines(blocks).Should().Equal(Lines(perLine.OfType<JobLogEvent>()));
        Lines(blocks).Should().Contain(l => l.Text == "not utf-8: \uFFFD\uFFFD end").And.Contain(l => l.Text == "no line end at the end").And.Contain(l => l.Text.Length == 150_000);
        blocks.Sum(b => b.CountLines()).Should().Be(perLine.OfType<JobLogEvent>().Count());
        inBlocks.Where(e => e is not JobLogBlockEvent).Select(Describe).Should().Equal(perLine.Where(e => e is not JobLogEvent).Select(Describe));
        foreach (var block in blocks)
        {
            block.File.Should().Be("user_logs/std_log.txt");
            block.Position.LogOffsets[block.File].Should().Be(block.NextOffset, "a block's position is just after its last line");
        }
        blocks.Zip(blocks.Skip(1)).Should().OnlyContain(p => p.First.NextOffset == p.Second.Offset, "blocks follow one another without gap or overlap");
    }

    [Test]
    public async Task A_stream_resumed_at_a_blocks_position_goes_on_with_the_next_line_in_either_form()
    {
        await using var ws = new TempWorkspace();
        var job = await RunScriptAsync(ws);
        var all = Lines((await ws.StreamAllAsync(job.Name)).OfType<JobLogEvent>());
        var middle = (await ws.StreamAllAsync(job.Name, Blocks)).OfType<JobLogBlockEvent>().ElementAt(2);

        var resumedInBlocks = await ws.StreamAllAsync(job.Name, new StreamOptions { StartAt = JobStreamPosition.Parse(middle.Position.ToString()), LogLinesInBlocks = true });
        var resumedByLine = await ws.StreamAllAsync(job.Name, new StreamOptions { StartAt = middle.Position });

        var rest = all.SkipWhile(l => l.Offset < middle.NextOffset).ToList();
        rest.Should().NotBeEmpty();
        Lines(resumedInBlocks.OfType<JobLogBlockEvent>()).Should().Equal(rest);
        Lines(resumedByLine.OfType<JobLogEvent>()).Should().Equal(rest);
    }

    [Test]
    public async Task A_running_jobs_lines_arrive_in_blocks_as_it_writes_them_and_earlier_blocks_stay_readable()
    {
        await using var ws = new TempWorkspace();
        // Written in bursts while the stream follows, so blocks are cut from a growing log, some at a bare '\r'.
        ws.WriteFile("code/emit.sh", "i=0; while [ $i -lt 40 ]; do printf \"burst $i\\r\\n\"; printf \"step $i of 40\\r\"; sleep 0.01; i=$((i+1)); done; echo end\n");
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "sh emit.sh", Code = Path.Combine(ws.Work, "code") });

        var blocks = (await ws.StreamAllAsync(job.Name, Blocks)).OfType<JobLogBlockEvent>().ToList();
        var perLine = (await ws.StreamAllAsync(job.Name)).OfType<JobLogEvent>();

        // Read only now, after every later read of the stream: a block's bytes never change.
        Lines(blocks).Should().Equal(Lines(perLine));
        Lines(blocks).Select(l => l.Text).Should().Contain(["burst 0", "step 0 of 40", "burst 39", "step 39 of 40", "end"]);
    }

    [Test]
    public async Task Secrets_are_redacted_in_blocks_as_in_lines_and_the_offsets_stay_the_files()
    {
        await using var ws = new TempWorkspace();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        ws.WriteFile("code/emit.sh", "i=0; while [ $i -lt 2000 ]; do echo \"ordinary line $i\"; i=$((i+1)); done\necho \"token: $API_TOKEN\"\necho after\n");
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "sh emit.sh",
            Code = Path.Combine(ws.Work, "code"),
            EnvironmentVariables = ValueMap.Of(("API_TOKEN", token)),
        });
        await ws.Client.WaitForCompletionAsync(job.Name);

        var blocks = (await ws.StreamAllAsync(job.Name, Blocks)).OfType<JobLogBlockEvent>().ToList();
        var perLine = (await ws.StreamAllAsync(job.Name)).OfType<JobLogEvent>();

        Lines(blocks).Should().Equal(Lines(perLine));
        Lines(blocks).Select(l => l.Text).Should().Contain("token: <redacted>").And.NotContain(t => t.Contains(token, StringComparison.Ordinal));
        blocks.Should().NotContain(b => b.ToString().Contains(token, StringComparison.Ordinal));
        File.ReadAllText(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs", "std_log.txt")).Should().Contain(token, "the file is the job's, untouched");
    }

    [Test]
    public async Task A_pipelines_stream_gives_each_steps_lines_in_blocks_tagged_with_the_step()
    {
        await using var ws = new TempWorkspace();
        var pipeline = new PipelineJob
        {
            Steps = ValueMap.Of(
                ("prep", new PipelineStep { Job = new CommandJob { Command = "seq 1 2000" } }),
                ("train", new PipelineStep { Job = new CommandJob { Command = "echo trained" } })),
        };
        var submitted = await ws.Client.SubmitAsync(pipeline);
        await ws.Client.WaitForCompletionAsync(submitted.Name);

        var events = await ws.StreamAllAsync(submitted.Name, Blocks);

        events.Last().Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        var prep = events.OfType<JobLogBlockEvent>().Where(b => b.StepName == "prep").ToList();
        Lines(prep).Select(l => l.Text).Should().Equal(Enumerable.Range(1, 2000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        prep.Should().OnlyContain(b => b.JobName == submitted.Name + "_prep");
        Lines(events.OfType<JobLogBlockEvent>().Where(b => b.StepName == "train")).Select(l => l.Text).Should().Equal("trained");
    }

    [Test]
    public async Task A_stream_stopped_after_a_block_closes_cleanly_while_its_next_read_runs_and_can_be_opened_again()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "seq 1 200000" });
        await ws.Client.WaitForCompletionAsync(job.Name);

        // Each stop leaves a read of the next block running; the stream must wait for it before closing the file.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            JobLogBlockEvent? first = null;
            await foreach (var e in ws.Client.StreamAsync(job.Name, Blocks))
            {
                if (e is not JobLogBlockEvent block) continue;
                first = block;
                break;
            }
            first.Should().NotBeNull();
            first!.Offset.Should().Be(0);
        }
        var all = (await ws.StreamAllAsync(job.Name, Blocks)).OfType<JobLogBlockEvent>().Sum(b => b.CountLines());
        all.Should().Be(200_000);
    }

    /// <summary>Runs <see cref="Script"/> as a job to its end.</summary>
    private static async Task<Job> RunScriptAsync(TempWorkspace ws)
    {
        ws.WriteFile("code/emit.sh", Script);
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "sh emit.sh", Code = Path.Combine(ws.Work, "code") });
        return await ws.Client.WaitForCompletionAsync(job.Name);
    }

    private static List<(long Offset, long NextOffset, string Text)> Lines(IEnumerable<JobLogBlockEvent> blocks)
    {
        var lines = new List<(long, long, string)>();
        foreach (var block in blocks)
        {
            foreach (var line in block.Lines) lines.Add((line.Offset, line.NextOffset, line.Text));
        }
        return lines;
    }

    private static List<(long Offset, long NextOffset, string Text)> Lines(IEnumerable<JobLogEvent> lines) =>
        lines.Select(l => (l.Offset, l.Position.LogOffsets[l.File], l.Text)).ToList();

    private static string Describe(JobEvent e) => e switch
    {
        JobStatusEvent status => "status " + status.Status,
        JobMetricEvent metric => $"metric {metric.Metric.Key}={metric.Metric.Value}",
        _ => e.GetType().Name,
    };
}
