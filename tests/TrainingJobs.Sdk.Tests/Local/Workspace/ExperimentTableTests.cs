using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Workspace;

/// <summary>MLflow experiments on their own: the Default experiment, unique names, numbered ids, tags.</summary>
public class ExperimentTableTests
{
    private TempStore _temp = null!;
    private ExperimentTable Experiments => _temp.Store.Experiments;

    [SetUp]
    public void Open() => _temp = new TempStore();

    [TearDown]
    public void Close() => _temp.Dispose();

    [Test]
    public void A_new_workspace_has_the_Default_experiment_with_id_0()
    {
        Experiments.Get("0").Should().Be(new ExperimentRow("0", "Default", "", "active", 0, 0));
        Experiments.GetByName("Default")!.Id.Should().Be("0");
    }

    [Test]
    public void Experiments_get_the_next_id_and_a_taken_name_is_refused()
    {
        Experiments.TryCreate("first", "file:///a", 5).Should().Be(new ExperimentRow("1", "first", "file:///a", "active", 5, 5));
        Experiments.TryCreate("first", "file:///b", 6).Should().BeNull();
        Experiments.Ensure("second", 7).Id.Should().Be("2");
        Experiments.Ensure("second", 8).Should().Be(new ExperimentRow("2", "second", "", "active", 7, 7), "an existing experiment is returned as it is");
        Experiments.GetByName("missing").Should().BeNull();
    }

    [Test]
    public void Tags_are_overwritten_and_listed_by_key()
    {
        Experiments.SetTag("0", "z", "1");
        Experiments.SetTag("0", "a", "1");
        Experiments.SetTag("0", "z", "2");

        Experiments.GetTags("0").Select(p => (p.Key, p.Value)).Should().Equal(("a", "1"), ("z", "2"));
        Experiments.GetTags("1").Should().BeEmpty();
    }
}
