using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Workspace;

/// <summary>MLflow runs and what is logged to them apart from metrics, on their own.</summary>
public class RunTableTests
{
    private TempStore _temp = null!;
    private RunTable Runs => _temp.Store.Runs;

    [SetUp]
    public void Open() => _temp = new TempStore();

    [TearDown]
    public void Close() => _temp.Dispose();

    private static RunRow Run(string id, string job = "job", string experiment = "0", long start = 1) =>
        new(id, job, experiment, "name-" + id, "user", "RUNNING", start, null, "active", "file:///artifacts/" + id);

    [Test]
    public void A_run_is_created_once_and_an_update_changes_only_the_fields_given()
    {
        Runs.Insert(Run("r"));
        Runs.Insert(Run("r") with { RunName = "again" });

        Runs.Get("r")!.RunName.Should().Be("name-r", "the job's run is pre-created once; a second insert changes nothing");
        Runs.Update("r", "FINISHED", 9, null);
        Runs.Get("r").Should().Be(Run("r") with { Status = "FINISHED", EndTime = 9 });
        Runs.Update("r", null, null, "renamed");
        Runs.Get("r").Should().Be(Run("r") with { Status = "FINISHED", EndTime = 9, RunName = "renamed" });
        Runs.Get("missing").Should().BeNull();
    }

    [Test]
    public void Search_returns_the_runs_of_the_experiments_newest_first_and_a_job_owns_its_runs_by_start()
    {
        Runs.Insert(Run("a", experiment: "1", start: 5));
        Runs.Insert(Run("b", experiment: "2", start: 7));
        Runs.Insert(Run("c", experiment: "1", start: 5));
        Runs.Insert(Run("d", job: "other", experiment: "3", start: 9));

        Runs.Search(["1", "2"]).Select(r => r.RunId).Should().Equal("b", "a", "c");
        Runs.IdsOfJob("job").Should().BeEquivalentTo("a", "b", "c");
        Runs.IdsOfJob("other").Should().Equal("d");
    }

    [Test]
    public void A_param_is_immutable_once_logged()
    {
        Runs.TryLogParam("r", "lr", "0.1").Should().BeNull();
        Runs.TryLogParam("r", "lr", "0.1").Should().BeNull("the same value again is fine");
        Runs.TryLogParam("r", "lr", "0.2").Should().Be("0.1", "a different value gets the existing one back");
        Runs.TryLogParam("r", "batch", "32").Should().BeNull();

        Runs.GetParams("r").Select(p => (p.Key, p.Value)).Should().Equal(("batch", "32"), ("lr", "0.1"));
    }

    [Test]
    public void Tags_are_overwritten_and_deleted_and_inputs_and_models_kept_in_order()
    {
        Runs.SetTag("r", "k", "1");
        Runs.SetTag("r", "k", "2");
        Runs.SetTag("r", "gone", "x");
        Runs.DeleteTag("r", "gone").Should().BeTrue();
        Runs.DeleteTag("r", "gone").Should().BeFalse();
        Runs.AddInput("r", "{\"i\":1}");
        Runs.AddInput("r", "{\"i\":2}");
        Runs.AddModel("r", "{\"m\":1}");

        Runs.GetTags("r").Select(p => (p.Key, p.Value)).Should().Equal(("k", "2"));
        Runs.GetInputs("r").Should().Equal("{\"i\":1}", "{\"i\":2}");
        Runs.GetModels("r").Should().Equal("{\"m\":1}");
        Runs.GetModels("other").Should().BeEmpty();
    }
}
