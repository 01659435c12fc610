using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;

using static TrainingJobs.Sdk.Testing.Tests.StreamedLogs;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// <see cref="TrainingJobsClient.StreamAsync"/> of a pipeline with the Azure backend against the emulator: a two-step
/// pipeline (b reads a's output) runs as two child jobs, and the pipeline's stream yields each step's status and log
/// lines tagged with the step's name, each step's log whole and in order, and ends with the pipeline Completed; a
/// stream resumed from a position taken in the middle repeats nothing.
/// </summary>
[NonParallelizable]
public sealed class AzurePipelineStreamAgainstEmulatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    /// <summary>Step a writes 200 lines and a file to its output; step b prints that file and 200 lines of its own.</summary>
    private static PipelineJob Pipeline(EmulatorSession session, string name)
    {
        session.Emulator.AddCommandComponentVersion("write_a", "1",
            "for i in $(seq 1 200); do echo \"a line $i\"; done; mkdir -p ${{outputs.out}}; echo from-a > ${{outputs.out}}/data.txt");
        session.Emulator.AddCommandComponentVersion("read_b", "1",
            "echo \"b read $(cat ${{inputs.data}}/data.txt)\"; for i in $(seq 1 200); do echo \"b line $i\"; done");
        var a = PipelineStepBuilder.Component("a", "azureml:write_a:1").WithOutput(Output.UriFolder("out"));
        var b = PipelineStepBuilder.Component("b", "azureml:read_b:1").WithInput("data", a.Output("out"));
        return new PipelineJobBuilder()
            .WithSteps(a, b)
            .WithDefaultCompute(session.WorkspacePath + "/computes/cpu-cluster")
            .Build() with { Name = name };
    }

    [Test]
    public async Task A_two_step_pipeline_streams_both_steps_logs_whole_and_in_order_tagged_with_their_steps_and_ends_Completed()
    {
        await using var session = await EmulatorSession.StartAsync();
        await session.Client.SubmitAsync(Pipeline(session, "pipe"));

        var events = await CollectAsync(session.Client.StreamAsync("pipe")).WaitAsync(Bound);

        var lines = events.OfType<JobLogEvent>().ToList();
        lines.Select(l => (l.StepName, l.File)).Distinct().Should().Equal(("a", "a/user_logs/std_log.txt"), ("b", "b/user_logs/std_log.txt"));
        Rebuild(lines.Where(l => l.StepName == "a")).Should().Be(await LogBlobAsync(session.Emulator, "pipe_a"));
        Rebuild(lines.Where(l => l.StepName == "b")).Should().Be(await LogBlobAsync(session.Emulator, "pipe_b"));
        lines.Where(l => l.StepName == "a").Should().HaveCount(200);
        lines.Where(l => l.StepName == "b").Select(l => l.Text).Should().StartWith("b read from-a", "b reads what a wrote to its output");
        var stepStatuses = events.OfType<JobStatusEvent>().Where(s => s.StepName is not null).ToList();
        stepStatuses.Where(s => s.Status.IsTerminal).Select(s => (s.StepName, s.Status)).Should().Equal(("a", JobStatus.Completed), ("b", JobStatus.Completed));
        events.FindLastIndex(e => e.StepName == "a").Should().BeLessThan(events.FindIndex(e => e is JobLogEvent { StepName: "b" }), "a ran to its end before b started");
        events[^1].Should().BeOfType<JobStatusEvent>().Which.Should().Match<JobStatusEvent>(s => s.StepName == null && s.Status == JobStatus.Completed);
        (await session.Client.GetAsync("pipe")).Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public async Task A_pipeline_stream_resumed_from_a_position_in_the_middle_repeats_nothing_and_misses_nothing()
    {
        await using var session = await EmulatorSession.StartAsync();
        await session.Client.SubmitAsync(Pipeline(session, "resumed"));
        await session.Client.WaitForCompletionAsync("resumed").WaitAsync(Bound);
        var whole = await CollectAsync(session.Client.StreamAsync("resumed")).WaitAsync(Bound);

        // Stopped in the middle of b's log: a is done, b is partly read.
        var first = await CollectAsync(session.Client.StreamAsync("resumed"), stopAfterLogs: 300).WaitAsync(Bound);
        var resumedAt = JobStreamPosition.Parse(first[^1].Position.ToString());
        var second = await CollectAsync(session.Client.StreamAsync("resumed", new StreamOptions { StartAt = resumedAt })).WaitAsync(Bound);

        resumedAt.LogOffsets.Keys.Should().BeEquivalentTo(["a/user_logs/std_log.txt", "b/user_logs/std_log.txt"]);
        static string Key(JobEvent e) => e switch
        {
            JobLogEvent l => $"{l.StepName}|{l.File}|{l.Offset}|{l.Text}",
            JobStatusEvent s => $"{s.StepName}|status|{s.Status}",
            _ => e.ToString()!,
        };
        first.Concat(second).Select(Key).Should().Equal(whole.Select(Key), "the two parts together are the whole stream, nothing repeated or missed");
        second.OfType<JobLogEvent>().Should().NotBeEmpty().And.OnlyContain(l => l.StepName == "b");
    }
}
