using TrainingJobs.Sdk.Lineage.OpenLineage;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>Deterministic OpenLineage run ids: UUIDv7 from (created, job name), as the OpenLineage client derives them.</summary>
[Parallelizable(ParallelScope.All)]
public class OpenLineageRunIdTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    [Test]
    public void The_id_is_stable_and_differs_by_name_and_time()
    {
        var id = OpenLineageRunId.For("train-mnist-1", Created);

        OpenLineageRunId.For("train-mnist-1", Created).Should().Be(id);
        OpenLineageRunId.For("train-mnist-1", Created.ToOffset(TimeSpan.FromHours(5))).Should().Be(id, "the same instant in another offset");
        OpenLineageRunId.For("train-mnist-2", Created).Should().NotBe(id);
        OpenLineageRunId.For("train-mnist-1", Created.AddMilliseconds(1)).Should().NotBe(id);
    }

    [Test]
    public void The_id_is_a_version_7_RFC_9562_uuid_whose_time_is_the_creation()
    {
        var text = OpenLineageRunId.For("train-mnist-1", Created).ToString("D");

        text[14].Should().Be('7', "the version nibble");
        "89ab".Should().Contain(text[19].ToString(), "the variant bits are 10");
        Convert.ToInt64(text[..8] + text[9..13], 16).Should().Be(Created.ToUnixTimeMilliseconds(), "the first 48 bits are Unix milliseconds");
        OpenLineageRunId.For("b", Created.AddSeconds(1)).CompareTo(OpenLineageRunId.For("a", Created)).Should().BePositive("ids sort by creation time");
    }

    [TestCase(0, "019593fa-5b48-7712-bf80-a7012d53634d")]
    [TestCase(5_897_930, "019593fa-5d95-7566-a5ae-347567884c5b")]
    public void The_id_matches_the_OpenLineage_clients_generate_static_uuid(long ticks, string expected)
    {
        // Expected values computed by running generate_static_uuid's algorithm (openlineage-python,
        // openlineage/client/uuid.py) in Python for the same instant and b"train-mnist-1"; the second case has
        // microseconds, which change Python's isoformat() text.
        OpenLineageRunId.For("train-mnist-1", Created.AddTicks(ticks)).ToString("D").Should().Be(expected);
    }
}
