using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Fakes;

namespace TrainingJobs.Sdk.Docs.Snippets.Testing;

/// <summary>The snippets of docs/testing.md; compiled and run by the test project.</summary>
public static class TestingSnippets
{
    /// <summary>The fake client with a scripted job, driven by a fake clock: the job as the snippet ends it, and the lines it streamed.</summary>
    public static async Task<(Job Job, IReadOnlyList<string> Lines, IReadOnlyList<FakeCall> Calls, IReadOnlyList<JobDefinition> Submitted)> FakeAsync(CommandJob definition)
    {
        #region Snippet:FakeClient
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero));
        var fake = new FakeTrainingJobsClient(time)
            .Script("nightly-1", FakeJobScript.Completes()
                .After(TimeSpan.FromMinutes(2)).Running().Log("epoch 1").Metric("loss", 0.9, step: 1)
                .After(TimeSpan.FromHours(1)).Log("epoch 2").Metric("loss", 0.4, step: 2)
                .After(TimeSpan.FromMinutes(3))                                  // Completed at 1:05
                .Output("model", "model.onnx", "weights"))                       // written by DownloadAsync
            .Script(d => d.ExperimentName == "flaky", FakeJobScript.Fails(
                TrainingJobsModelFactory.JobError(JobErrorCode.UserError, "CUDA out of memory")));
        fake.DefaultScript = FakeJobScript.RunsUntilCanceled().Running();         // ends only by CancelAsync

        // The code under test takes a TrainingJobsClient; give it the fake.
        var job = await fake.SubmitAsync(definition);                            // Queued now
        var lines = new List<string>();
        var following = Task.Run(async () =>
        {
            await foreach (var e in fake.StreamAsync(job.Name))
                if (e is JobLogEvent log) lines.Add(log.Text);
        });
        time.Advance(TimeSpan.FromHours(2));                                     // no sleeping: the clock moves
        await following;
        Job ended = await fake.GetAsync(job.Name);                               // Completed, exit code 0

        IReadOnlyList<FakeCall> calls = fake.Calls;                              // method, job, arguments, time
        IReadOnlyList<JobDefinition> submitted = fake.Submitted;
        #endregion
        return (ended, lines, calls, submitted);
    }

    #region Snippet:HandWritten
    // Any mocking library works the same way: the mocking constructor plus TrainingJobsModelFactory.
    public sealed class AlwaysCompleted : TrainingJobsClient
    {
        public override Task<Job> SubmitAsync(JobDefinition definition, SubmitOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(TrainingJobsModelFactory.Job(name: definition.Name ?? "job-1", definition: definition, status: JobStatus.Queued));

        public override Task<Job> WaitForCompletionAsync(string name, CancellationToken cancellationToken = default) =>
            Task.FromResult(TrainingJobsModelFactory.Job(name: name, status: JobStatus.Completed, exitCode: 0));
    }
    #endregion
}
