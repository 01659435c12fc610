using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>Acceptance 1 (responses): every official example payload of api-version 2025-12-01 reads and writes back unchanged.</summary>
public sealed class RestGoldenResponseTests
{
    private static IEnumerable<string> Files() => RestCorpus.AllFiles();

    [Test]
    public void The_corpus_holds_the_examples_the_golden_tests_are_about()
    {
        Files().Should().Contain([
            Path.Combine("Job", "CommandJob", "createOrUpdate.json"), Path.Combine("Job", "PipelineJob", "list.json"),
            Path.Combine("Job", "SweepJob", "get.json"), Path.Combine("Job", "cancel.json"), Path.Combine("Job", "delete.json"),
            Path.Combine("Workspace", "get.json"), Path.Combine("Datastore", "listSecrets.json")]);
    }

    [TestCaseSource(nameof(Files))]
    public void Every_response_body_reads_and_writes_back_semantically_equal(string file)
    {
        var example = RestCorpus.Load(file);
        var responses = example["responses"]!.AsObject();
        responses.Should().NotBeEmpty();
        foreach (var (status, response) in responses)
        {
            var body = response!["body"];
            if (body is null)
            {
                // Cancel and delete answer without a body; an accepted (202) answer says where to poll.
                status.Should().BeOneOf("200", "202", "204");
                if (status == "202") response["headers"]!["location"]!.GetValue<string>().Should().NotBeNullOrEmpty();
                continue;
            }
            var written = ReadAndWrite(file, body.ToJsonString());
            written.ShouldEqualSemantically(body, $"{file} response {status}");
        }
    }

    [TestCase("CommandJob", typeof(RestCommandJob))]
    [TestCase("PipelineJob", typeof(RestPipelineJob))]
    [TestCase("SweepJob", typeof(RestSweepJob))]
    public void Job_examples_read_as_their_typed_job(string folder, Type expected)
    {
        foreach (var operation in new[] { "get.json", "createOrUpdate.json" })
        {
            var body = RestCorpus.Load(Path.Combine("Job", folder, operation))["responses"]!["200"]!["body"]!;
            var resource = RestJobSerializer.ReadResource(body.ToJsonString());
            resource.Properties.Should().BeOfType(expected);
            resource.Properties!.Status!.Value.Should().Be(RestJobStatus.NotStarted);
            resource.SystemData!.CreatedAt.Should().Be(new DateTimeOffset(2020, 1, 1, 12, 34, 56, 999, TimeSpan.Zero));
        }
        var page = RestJobSerializer.ReadList(RestCorpus.Load(Path.Combine("Job", folder, "list.json"))["responses"]!["200"]!["body"]!.ToJsonString());
        page.Value.Should().NotBeEmpty().And.AllSatisfy(r => r.Properties.Should().BeOfType(expected));
        page.NextLink.Should().Be("string");
    }

    [TestCase("CommandJob")]
    [TestCase("PipelineJob")]
    [TestCase("SweepJob")]
    public void A_createOrUpdate_request_body_reads_and_writes_back_as_the_same_PUT_body(string folder)
    {
        var body = RestCorpus.Load(Path.Combine("Job", folder, "createOrUpdate.json"))["parameters"]!["body"]!;
        var resource = RestJobSerializer.ReadResource(body.ToJsonString());
        // Fields outside the 2025-12-01 schema (the Command example's parentJobName) survive too.
        RestJobSerializer.WritePutBody(resource).ShouldEqualSemantically(body, folder);
    }

    private static JsonNode ReadAndWrite(string file, string json)
    {
        var context = RestJsonContext.Default;
        var node = JsonNode.Parse(json)!;
        if (file.StartsWith("Job", StringComparison.Ordinal))
        {
            return node["value"] is JsonArray
                ? RestJobSerializer.WriteList(RestJobSerializer.ReadList(json))
                : RestJobSerializer.WriteResource(RestJobSerializer.ReadResource(json));
        }
        if (file.StartsWith("Workspace", StringComparison.Ordinal))
        {
            return JsonSerializer.SerializeToNode(JsonSerializer.Deserialize(json, context.RestWorkspaceResource), context.RestWorkspaceResource)!;
        }
        if (file.EndsWith("listSecrets.json", StringComparison.Ordinal))
        {
            return JsonSerializer.SerializeToNode(JsonSerializer.Deserialize(json, context.RestDatastoreSecrets), context.RestDatastoreSecrets)!;
        }
        return JsonSerializer.SerializeToNode(JsonSerializer.Deserialize(json, context.RestDatastoreResource), context.RestDatastoreResource)!;
    }
}
