using TrainingJobs.Sdk.Definitions;
using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Supervision;
using TrainingJobs.Sdk.Local.Supervision.Steps;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>The supervision steps' decisions on their own (the steps that run processes are covered by <see cref="LocalSupervisionTests"/>).</summary>
[Parallelizable(ParallelScope.All)]
public class SupervisionStepTests
{
    private static JobEnd End(string reason, int exitCode = 0) => new(Enum.Parse<EndReason>(reason), 0, exitCode, StopReport.Nothing);

    [TestCase("Exited", 0, "FINISHED")]
    [TestCase("Exited", 3, "FAILED")]
    [TestCase("Canceled", 143, "KILLED")]
    [TestCase("Timeout", 143, "FAILED")]
    public void The_jobs_run_closes_the_way_the_job_ended(string reason, int exitCode, string runStatus) =>
        FinalizeStep.RunStatusFor(End(reason, exitCode)).Should().Be(runStatus);

    [TestCase("Exited", "exited")]
    [TestCase("Canceled", "canceled")]
    [TestCase("Timeout", "timeout")]
    public void The_supervisor_log_names_each_end_as_it_always_did(string reason, string text) =>
        End(reason).ReasonText.Should().Be(text);

    [Test]
    public async Task A_queued_job_takes_the_slot_a_job_of_its_process_frees_without_waiting_for_its_poll()
    {
        using var temp = new Workspace.TempStore();
        var store = temp.Store;
        // The clock never moves: the poll never fires, so only the release can wake the queued job.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var name in new[] { "holder", "waiter" })
        {
            store.Jobs.TryInsert(name, "Default", "{}", "yaml", "{}", null, now).Should().BeTrue();
            store.Jobs.TryTransition(name, JobStatus.Queued, now).Should().BeTrue();
            // Supervised by this (live) process, so the sweep of dead supervisors leaves them alone.
            store.Jobs.SetSupervisor(name, Environment.ProcessId, ProcessInfo.StartTime(Environment.ProcessId) ?? 0);
        }
        store.Jobs.TryDequeue("holder", limit: 1, now).Should().BeTrue();
        var context = new SupervisionContext(store, new Sdk.Local.Workspace.WorkspaceLayout(Path.GetDirectoryName(temp.DatabasePath)!), "waiter", TimeSpan.Zero, time);

        var waiting = QueueStep.WaitForSlotAsync(context, limit: 1);
        store.Jobs.TryTransition("holder", JobStatus.Running, now);
        store.Jobs.TryTransition("holder", JobStatus.Completed, now);
        await Task.Yield();
        var beforeRelease = waiting.IsCompleted;
        SlotReleases.Pulse();

        beforeRelease.Should().BeFalse("nothing woke the queued job yet: its clock stands still");
        (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue("the release woke it and the slot was free");
        store.Jobs.Get("waiter")!.Status.Should().Be("Preparing");
    }

    [Test]
    public void A_deadline_is_the_timeout_from_now_or_the_end_of_time_when_too_long_to_represent()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        LaunchStep.DeadlineAfter(90, time).Should().Be(time.GetUtcNow().AddSeconds(90));
        LaunchStep.DeadlineAfter(1e300, time).Should().Be(DateTimeOffset.MaxValue);
    }

    [Test]
    public void The_jobs_environment_adds_the_mlflow_variables_to_the_plans()
    {
        var plan = new LocalJobPlan
        {
            Name = "sup-job",
            ExperimentName = "exp",
            ExperimentId = "7",
            WorkingDirectory = "/jobs/sup-job/code",
            BoundCommand = "true",
            ExecutedCommand = "true",
            Environment = new Dictionary<string, string> { ["AZUREML_RUN_ID"] = "sup-job" },
        };

        var variables = TrackingStep.VariablesFor(plan, "sup-job", new Uri("http://127.0.0.1:5000/"), "token");

        variables.Should().Contain("AZUREML_RUN_ID", "sup-job")
            .And.Contain("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000")
            .And.Contain("MLFLOW_TRACKING_TOKEN", "token")
            .And.Contain("MLFLOW_RUN_ID", "sup-job")
            .And.Contain("MLFLOW_EXPERIMENT_NAME", "exp")
            .And.Contain("MLFLOW_EXPERIMENT_ID", "7");
        plan.Environment.Should().ContainSingle("the plan's own variables are copied, not changed");
    }

    [Test]
    public void A_failed_jobs_message_quotes_the_last_lines_of_its_log_or_says_there_is_none()
    {
        var folder = Directory.CreateTempSubdirectory("tj-tail-").FullName;
        try
        {
            var log = Path.Combine(folder, "std_log.txt");
            File.WriteAllLines(log, Enumerable.Range(1, 30).Select(i => $"line {i}"));

            TerminalStatusStep.LogTail(folder, log, 3).Should().Be("line 28\nline 29\nline 30");
            TerminalStatusStep.LogTail(folder, Path.Combine(folder, "missing.txt"), 3).Should().Be("(no log)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
