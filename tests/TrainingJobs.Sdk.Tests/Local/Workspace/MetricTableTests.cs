using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Workspace;

/// <summary>Metric points on their own: exact values, the job's own run, paging, and MLflow's "latest".</summary>
public class MetricTableTests
{
    private TempStore _temp = null!;
    private MetricTable Metrics => _temp.Store.Metrics;

    [SetUp]
    public void Open() => _temp = new TempStore();

    [TearDown]
    public void Close() => _temp.Dispose();

    [Test]
    public void Values_come_back_exactly_as_logged()
    {
        double[] values = [0.1 + 0.2, double.MaxValue, double.Epsilon, -1e-300, double.NaN, double.PositiveInfinity];
        Metrics.Insert("job", "job", values.Select((v, i) => ("loss", v, 100L + i, (long)i)));

        Metrics.OfJob("job").Select(m => m.Value).Should().Equal(values);
    }

    [Test]
    public void A_job_reads_only_its_own_run_after_a_sequence_and_up_to_a_limit()
    {
        Metrics.Insert("job", "job", [("a", 1, 1, 0), ("a", 2, 2, 1), ("b", 3, 3, 0)]);
        Metrics.Insert("job", "child-run", [("a", 9, 4, 0)]);
        Metrics.Insert("other", "other", [("a", 8, 5, 0)]);

        var all = Metrics.OfJob("job");
        all.Select(m => (m.Key, m.Value)).Should().Equal(("a", 1d), ("a", 2d), ("b", 3d));
        Metrics.OfJob("job", afterSequence: all[0].Sequence, limit: 1).Select(m => m.Value).Should().Equal(2d);
        Metrics.GetHistory("job", "a", 0, 10).Select(m => m.Value).Should().Equal(1d, 2d);
        Metrics.GetHistory("job", "a", all[0].Sequence, 10).Select(m => m.Value).Should().Equal(2d);
        Metrics.GetHistory("child-run", "a", 0, 10).Select(m => m.RunId).Should().Equal("child-run");
    }

    [Test]
    public void The_latest_point_of_a_metric_is_by_timestamp_then_step_not_by_insertion()
    {
        Metrics.Insert("job", "r", [("loss", 1, 20, 0), ("loss", 2, 10, 5), ("loss", 3, 20, 1), ("acc", 4, 1, 0), ("acc", 5, 1, 0)]);

        Metrics.GetLatest("r").Select(m => (m.Key, m.Value)).Should().BeEquivalentTo(new[] { ("loss", 3d), ("acc", 5d) },
            "the greatest (timestamp, step) wins, and of equal ones the last logged");
    }
}
