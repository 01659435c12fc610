using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Workspace;

/// <summary>The job rows on their own: insertion, the status machine, first-come-first-served dequeue, digests, warnings.</summary>
public class JobTableTests
{
    private TempStore _temp = null!;
    private JobTable Jobs => _temp.Store.Jobs;

    [SetUp]
    public void Open() => _temp = new TempStore();

    [TearDown]
    public void Close() => _temp.Dispose();

    private void Insert(string name, long now = 1) => Jobs.TryInsert(name, "Default", "{}", "yaml", "{}", null, now).Should().BeTrue();

    [Test]
    public void A_job_is_inserted_NotStarted_with_one_history_entry_and_a_taken_name_is_refused()
    {
        Jobs.TryInsert("a", "exp", "{\"k\":\"v\"}", "command: x", "{\"plan\":1}", "parent", 10).Should().BeTrue();

        Jobs.TryInsert("a", "other", "{}", "y", "{}", null, 20).Should().BeFalse();

        var row = Jobs.Get("a")!;
        row.Should().BeEquivalentTo(new { Name = "a", Experiment = "exp", Status = "NotStarted", CreatedAt = 10L, TagsJson = "{\"k\":\"v\"}", DefinitionYaml = "command: x", PlanJson = "{\"plan\":1}", ParentJob = "parent", Archived = false });
        Jobs.GetStatusHistory("a").Select(h => (h.Status, h.At)).Should().Equal(("NotStarted", 10L));
        Jobs.Get("missing").Should().BeNull();
    }

    [Test]
    public void Jobs_inserted_together_are_all_recorded_NotStarted_or_none_when_one_name_is_taken()
    {
        Insert("taken");
        var refused = new List<JobTable.NewJob>
        {
            new("p", "exp", "{}", "pipeline", "{\"steps\":2}", null, StoredJobKinds.Pipeline),
            new("p_a", "exp", "{}", "command: a", "{}", "p", StoredJobKinds.Command),
            new("taken", "exp", "{}", "command: b", "{}", "p", StoredJobKinds.Command),
        };

        Jobs.TryInsertAll(refused, 10).Should().Be("taken");
        Jobs.Get("p").Should().BeNull("nothing is recorded when one name is taken");
        Jobs.Get("p_a").Should().BeNull();

        Jobs.TryInsertAll([refused[0], refused[1], refused[2] with { Name = "p_b" }], 10).Should().BeNull();
        Jobs.Get("p")!.Should().BeEquivalentTo(new { Status = "NotStarted", Kind = StoredJobKinds.Pipeline, ParentJob = (string?)null, PlanJson = "{\"steps\":2}", CreatedAt = 10L });
        Jobs.Get("p_b")!.Should().BeEquivalentTo(new { Status = "NotStarted", Kind = StoredJobKinds.Command, ParentJob = "p", DefinitionYaml = "command: b" });
        Jobs.Children("p").Should().Equal("p_a", "p_b");
        Jobs.GetStatusHistory("p_a").Select(h => (h.Status, h.At)).Should().Equal(("NotStarted", 10L));
    }

    [Test]
    public void A_cancel_request_is_read_as_a_flag()
    {
        Insert("a");
        Jobs.IsCancelRequested("a").Should().BeFalse();
        Jobs.IsCancelRequested("missing").Should().BeFalse();

        Jobs.RequestCancel("a", 500, 7);

        Jobs.IsCancelRequested("a").Should().BeTrue();
    }

    [Test]
    public void A_transition_sets_the_start_on_Running_and_the_end_and_error_on_a_terminal_status_which_is_final()
    {
        Insert("a");

        Jobs.TryTransition("a", JobStatus.Running, 5).Should().BeTrue();
        Jobs.TryTransition("a", JobStatus.Failed, 9, exitCode: 3, errorCode: JobErrorCode.SystemError, errorMessage: "boom").Should().BeTrue();
        Jobs.TryTransition("a", JobStatus.Running, 12).Should().BeFalse("a terminal status is final");
        Jobs.TryTransition("missing", JobStatus.Running, 12).Should().BeFalse();

        var row = Jobs.Get("a")!;
        row.Should().BeEquivalentTo(new { Status = "Failed", StartedAt = 5L, EndedAt = 9L, ExitCode = 3, ErrorCode = JobErrorCode.SystemError.ToString(), ErrorMessage = "boom" });
        Jobs.GetStatusHistory("a").Select(h => h.Status).Should().Equal("NotStarted", "Running", "Failed");
        Jobs.GetStatusHistory("a", afterSequence: Jobs.GetStatusHistory("a")[1].Sequence).Select(h => h.Status).Should().Equal("Failed");
    }

    [Test]
    public void Dequeue_serves_queued_jobs_first_come_first_served_within_the_limit()
    {
        foreach (var name in new[] { "first", "second", "third" })
        {
            Insert(name);
            Jobs.TryTransition(name, JobStatus.Queued, 2);
        }

        Jobs.TryDequeue("second", limit: 2, now: 3).Should().BeFalse("a job queued before it still waits");
        Jobs.TryDequeue("first", limit: 2, now: 3).Should().BeTrue();
        Jobs.TryDequeue("first", limit: 2, now: 3).Should().BeFalse("it is no longer queued");
        Jobs.TryDequeue("second", limit: 2, now: 4).Should().BeTrue();
        Jobs.TryDequeue("third", limit: 2, now: 5).Should().BeFalse("two jobs are active already");

        Jobs.Get("second")!.Status.Should().Be("Preparing");
        Jobs.GetStatusHistory("second").Select(h => (h.Status, h.At)).Last().Should().Be(("Preparing", 4L));
        Jobs.ActiveNamesSupervisedElsewhere(4242, 7).Should().BeEquivalentTo("first", "second", "third");
        Jobs.TryTransition("first", JobStatus.Completed, 6);
        Jobs.ActiveNamesSupervisedElsewhere(4242, 7).Should().BeEquivalentTo("second", "third");
    }

    [Test]
    public void The_liveness_sweep_skips_only_the_jobs_of_the_asking_supervisor_with_its_start_time()
    {
        foreach (var name in new[] { "mine", "same-pid-older-process", "other", "unclaimed" }) Insert(name);
        Jobs.SetSupervisor("mine", 4242, 7);
        // A dead supervisor whose pid the asking one now has: its jobs must still be checked.
        Jobs.SetSupervisor("same-pid-older-process", 4242, 3);
        Jobs.SetSupervisor("other", 99, 7);

        Jobs.ActiveNamesSupervisedElsewhere(4242, 7).Should().BeEquivalentTo("same-pid-older-process", "other", "unclaimed");
    }

    [Test]
    public void The_job_fields_are_set_one_at_a_time_and_the_list_is_newest_first()
    {
        Insert("old");
        Insert("new");

        Jobs.SetSupervisor("old", 42, 4242);
        Jobs.SetProcessGroups("old", "groups");
        Jobs.SetTrackingUri("old", "http://127.0.0.1:5000");
        Jobs.SetTags("old", "{\"a\":\"b\"}");
        Jobs.RequestCancel("old", 1000, 7);
        Jobs.RequestCancel("old", 2000, 8);
        Jobs.SetArchived("old", true).Should().BeTrue();
        Jobs.SetArchived("missing", true).Should().BeFalse();

        Jobs.Get("old").Should().BeEquivalentTo(new
        {
            SupervisorPid = 42, SupervisorStart = 4242L, ProcessGroups = "groups", TrackingUri = "http://127.0.0.1:5000", TagsJson = "{\"a\":\"b\"}",
            CancelRequestedAt = 7L, CancelGraceMs = 2000L, Archived = true,
        }, "the first cancel request's time stands; the grace period is the latest asked for");
        Jobs.List().Select(r => r.Name).Should().Equal("new", "old");
    }

    [Test]
    public void Output_digests_are_replaced_per_output_and_warnings_are_kept_per_job_oldest_first()
    {
        Insert("a");
        Jobs.SetOutputDigest("a", "model", "d1", 1, 10);
        Jobs.SetOutputDigest("a", "model", "d2", 2, 20);
        Jobs.SetOutputDigest("a", "data", "d3", 3, 30);
        Jobs.AddWarning("a", "first");
        Jobs.AddWarning("b", "other job");
        Jobs.AddWarning("a", "second");

        Jobs.GetOutputDigests("a").Should().BeEquivalentTo(new Dictionary<string, (string, int, long)> { ["data"] = ("d3", 3, 30), ["model"] = ("d2", 2, 20) });
        Jobs.GetOutputDigests("b").Should().BeEmpty();
        Jobs.GetWarnings("a").Should().Equal("first", "second");
    }
}
