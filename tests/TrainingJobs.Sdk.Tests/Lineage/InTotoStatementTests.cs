using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Lineage.Evidence;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>The in-toto Statement v1 / SLSA provenance v1 wire shape the writer produces.</summary>
[Parallelizable(ParallelScope.All)]
public class InTotoStatementTests
{
    private static readonly string Digest = new('a', 64);

    [Test]
    public void The_statement_has_the_field_names_and_types_of_the_specs()
    {
        var json = JsonNode.Parse(InTotoStatementJson.Serialize(Statement()))!.AsObject();

        json["_type"]!.GetValue<string>().Should().Be("https://in-toto.io/Statement/v1");
        json["predicateType"]!.GetValue<string>().Should().Be("https://slsa.dev/provenance/v1");
        json["subject"]![0]!.ToJsonString().Should().Be($$"""{"digest":{"sha256":"{{Digest}}"},"name":"outputs/model.bin"}""");
        var predicate = json["predicate"]!;
        predicate["buildDefinition"]!["buildType"]!.GetValue<string>().Should().Be("https://example.invalid/tj/local-job/v1");
        predicate["buildDefinition"]!["externalParameters"]!["command"]!.GetValue<string>().Should().Be("python train.py");
        predicate["buildDefinition"]!["resolvedDependencies"]![0]!["uri"]!.GetValue<string>().Should().Be("git+https://example.invalid/repo@abc");
        predicate["buildDefinition"]!["resolvedDependencies"]![0]!["digest"]!["gitCommit"]!.GetValue<string>().Should().Be("abc");
        predicate["runDetails"]!["builder"]!.ToJsonString().Should().Be("""{"id":"https://example.invalid/tj/local-runner","version":{"tj":"0.1.0"}}""");
        predicate["runDetails"]!["metadata"]!.ToJsonString().Should().Be(
            """{"invocationId":"train-1","startedOn":"2025-03-14T09:26:53Z","finishedOn":"2025-03-14T10:00:00Z"}""");
        predicate["runDetails"]!["byproducts"]![0]!["name"]!.GetValue<string>().Should().Be("logs/stdout.log");
        predicate["buildDefinition"]!.AsObject().ContainsKey("internalParameters").Should().BeFalse("nulls are left out");
    }

    [Test]
    public void A_written_statement_reads_back_equal_and_a_foreign_one_is_refused()
    {
        var statement = Statement();

        var back = InTotoStatementJson.TryDeserialize(InTotoStatementJson.Serialize(statement), out var problem)!;

        problem.Should().BeNull();
        back.Subject.Single().Digest!["sha256"].Should().Be(Digest);
        back.Predicate.RunDetails.Metadata!.StartedOn.Should().Be(new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero));
        InTotoStatementJson.TryDeserialize("""{"_type":"https://in-toto.io/Statement/v0.1","subject":[],"predicateType":"x","predicate":{"buildDefinition":{"buildType":"b","externalParameters":{}},"runDetails":{"builder":{"id":"i"}}}}"""u8, out problem)
            .Should().BeNull();
        problem.Should().Contain("Statement/v0.1");
        InTotoStatementJson.TryDeserialize("""{"_type":"https://in-toto.io/Statement/v1"}"""u8, out problem).Should().BeNull();
        problem.Should().StartWith("not an in-toto statement");
    }

    private static InTotoStatement Statement() => new()
    {
        Subject = [new ResourceDescriptor { Name = "outputs/model.bin", Digest = new Dictionary<string, string> { ["sha256"] = Digest } }],
        Predicate = new SlsaProvenance
        {
            BuildDefinition = new SlsaBuildDefinition
            {
                BuildType = "https://example.invalid/tj/local-job/v1",
                ExternalParameters = new JsonObject { ["command"] = "python train.py" },
                ResolvedDependencies = [new ResourceDescriptor { Uri = "git+https://example.invalid/repo@abc", Digest = new Dictionary<string, string> { ["gitCommit"] = "abc" } }],
            },
            RunDetails = new SlsaRunDetails
            {
                Builder = new SlsaBuilder { Id = "https://example.invalid/tj/local-runner", Version = new Dictionary<string, string> { ["tj"] = "0.1.0" } },
                Metadata = new SlsaBuildMetadata
                {
                    InvocationId = "train-1",
                    StartedOn = new DateTimeOffset(2025, 3, 14, 11, 26, 53, 400, TimeSpan.FromHours(2)),
                    FinishedOn = new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero),
                },
                Byproducts = [new ResourceDescriptor { Name = "logs/stdout.log", Digest = new Dictionary<string, string> { ["sha256"] = Digest } }],
            },
        },
    };
}
