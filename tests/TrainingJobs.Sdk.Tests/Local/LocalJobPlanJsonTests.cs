using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// The plan is stored as JSON (the supervisor reads it back, possibly a plan written by an earlier version): its typed
/// fields keep the exact strings plans were always written with, and every value round-trips.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class LocalJobPlanJsonTests
{
    /// <summary>The stored text of every distribution type, as plans were written when the field was a string.</summary>
    private static readonly Dictionary<PlannedDistributionType, string> DistributionTexts = new()
    {
        [PlannedDistributionType.None] = "none",
        [PlannedDistributionType.PyTorch] = "pytorch",
        [PlannedDistributionType.Mpi] = "mpi",
        [PlannedDistributionType.TensorFlow] = "tensorflow",
    };

    private static LocalJobPlan Plan() => new()
    {
        Name = "plan-job",
        ExperimentName = "Default",
        ExperimentId = "1",
        WorkingDirectory = "/jobs/plan-job/code",
        BoundCommand = "python train.py",
        ExecutedCommand = "python train.py",
        Environment = new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1" },
    };

    private static string Serialize(LocalJobPlan plan) => JsonSerializer.Serialize(plan, LocalJsonContext.Default.LocalJobPlan);

    private static LocalJobPlan Deserialize(string json) => JsonSerializer.Deserialize(json, LocalJsonContext.Default.LocalJobPlan)!;

    [Test]
    public void Every_distribution_type_has_its_stored_text() =>
        DistributionTexts.Keys.Should().BeEquivalentTo(Enum.GetValues<PlannedDistributionType>());

    [TestCaseSource(nameof(DistributionTypes))]
    public void A_distribution_type_is_stored_as_its_lower_case_name_and_reads_back(string member)
    {
        var type = Enum.Parse<PlannedDistributionType>(member);
        var json = Serialize(Plan() with { DistributionType = type });

        JsonNode.Parse(json)!["distribution_type"]!.GetValue<string>().Should().Be(DistributionTexts[type]);
        Deserialize(json).DistributionType.Should().Be(type);
    }

    private static IEnumerable<string> DistributionTypes() => Enum.GetNames<PlannedDistributionType>();

    [TestCaseSource(nameof(InputKinds))]
    public void An_input_kind_is_stored_as_literal_or_the_asset_type_and_reads_back(string? assetType, string stored)
    {
        var kind = assetType is null ? PlannedInputKind.Literal : PlannedInputKind.Asset(AssetType.Parse(assetType));
        var json = Serialize(Plan() with { Inputs = [new PlannedInput("data", kind, "/data", null)] });

        JsonNode.Parse(json)!["inputs"]![0]!["kind"]!.GetValue<string>().Should().Be(stored);
        var read = Deserialize(json).Inputs.Should().ContainSingle().Subject;
        read.Kind.Should().Be(kind);
        read.Kind.ToString().Should().Be(stored, "the job's record shows the kind as it was written");
        read.Kind.IsLiteral.Should().Be(stored == "literal");
    }

    private static IEnumerable<TestCaseData> InputKinds()
    {
        yield return new TestCaseData(null, "literal");
        foreach (var type in AssetType.Known) yield return new TestCaseData(type.ToString(), type.ToString());
        // A type Azure ML does not know is a warning, not an error: the job runs and the plan keeps the type as written.
        yield return new TestCaseData("my_type", "my_type");
    }

    [Test]
    public void A_plan_stored_when_the_fields_were_strings_reads_and_is_written_back_unchanged()
    {
        // One line in the store; written here a field group per line.
        var stored = """
            {"name":"old-job","experiment_name":"Default","experiment_id":"1","working_directory":"/jobs/old-job/code",
            "bound_command":"torchrun train.py","executed_command":"torchrun train.py","environment":{"PYTHONUNBUFFERED":"1"},
            "distribution_type":"pytorch","process_count":4,"processes_per_instance":2,"parameter_server_count":0,"timeout_seconds":60,
            "outputs":{"model":"/jobs/old-job/outputs/model"},
            "inputs":[{"name":"lr","kind":"literal","value":"0.1","sha256":null},{"name":"data","kind":"uri_folder","value":"/data","sha256":"abc"}],
            "code_digest":null,"ignore_file":null,"environment_resolution":"no environment","warnings":[],"submitted_by":"me@here"}
            """.ReplaceLineEndings("");

        var plan = Deserialize(stored);

        plan.DistributionType.Should().Be(PlannedDistributionType.PyTorch);
        plan.Inputs.Select(i => i.Kind).Should().Equal(PlannedInputKind.Literal, PlannedInputKind.Asset(AssetType.UriFolder));
        Serialize(plan).Should().Be(stored);
    }
}
