using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>Acceptance 4: unknown job types, statuses and properties from the service are kept, not dropped.</summary>
public sealed class RestUnknownValueTests
{
    private static JsonObject CommandGet() =>
        RestCorpus.Load(Path.Combine("Job", "CommandJob", "get.json"))["responses"]!["200"]!["body"]!.DeepClone().AsObject();

    [Test]
    public void A_job_type_the_sdk_does_not_model_reads_without_failing_and_keeps_its_json()
    {
        var body = new JsonObject
        {
            ["id"] = "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/jobs/automl-1",
            ["name"] = "automl-1",
            ["properties"] = new JsonObject
            {
                ["jobType"] = "AutoML",
                ["displayName"] = "classify",
                ["status"] = "Running",
                ["taskDetails"] = new JsonObject { ["taskType"] = "Classification", ["targetColumnName"] = "y", ["trainingData"] = new JsonObject { ["jobInputType"] = "mltable", ["uri"] = "azureml:train:1" } },
            },
        };

        var result = JobRestMapper.ReadJob(body.ToJsonString());

        result.IsModelled.Should().BeFalse();
        result.JobType.Should().Be("AutoML");
        result.Status.Should().Be(JobStatus.Running);
        result.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.UnsupportedJobType && d.IsError)
            .Which.Message.Should().Contain("AutoML");
        result.Raw.ShouldEqualSemantically(body);

        var resource = RestJobSerializer.ReadResource(body.ToJsonString());
        resource.Properties.Should().BeOfType<RestUnknownJob>().Which.DisplayName.Should().Be("classify");
        RestJobSerializer.WritePutBody(resource)["properties"]!["taskDetails"].ShouldEqualSemantically(body["properties"]!["taskDetails"]);
    }

    [Test]
    public void A_list_page_mixing_known_and_unknown_job_types_reads_every_job()
    {
        var command = CommandGet();
        var fineTuning = new JsonObject { ["name"] = "ft", ["properties"] = new JsonObject { ["jobType"] = "FineTuning", ["fineTuningDetails"] = new JsonObject { ["model"] = "x" } } };
        var page = new JsonObject { ["value"] = new JsonArray(command, fineTuning), ["nextLink"] = "https://next" };

        var results = JobRestMapper.ReadJobs(page.ToJsonString());

        results.Should().HaveCount(2);
        results[0].Definition.Should().BeOfType<CommandJob>();
        results[1].IsModelled.Should().BeFalse();
        results[1].JobType.Should().Be("FineTuning");
        results[1].Raw!["properties"]!["fineTuningDetails"]!["model"]!.GetValue<string>().Should().Be("x");
    }

    [Test]
    public void An_unknown_status_value_is_kept_as_sent()
    {
        var body = CommandGet();
        body["properties"]!["status"] = "Scheduled";

        var result = JobRestMapper.ReadJob(body.ToJsonString());
        var resource = RestJobSerializer.ReadResource(body.ToJsonString());

        result.Status!.Value.ToString().Should().Be("Scheduled");
        result.Status!.Value.IsKnown.Should().BeFalse();
        result.Definition.Should().BeOfType<CommandJob>();
        resource.Properties!.Status!.Value.IsKnown.Should().BeFalse();
        RestJobSerializer.WriteResource(resource)["properties"]!["status"]!.GetValue<string>().Should().Be("Scheduled");
    }

    [Test]
    public void Unknown_properties_at_every_level_survive_a_get_then_put()
    {
        var body = CommandGet();
        var properties = body["properties"]!.AsObject();
        properties["queueSettings"] = new JsonObject { ["jobTier"] = "Premium", ["priority"] = 3 };
        properties["newTopLevelSetting"] = new JsonObject { ["enabled"] = true, ["level"] = 2 };
        properties["inputs"]!["string"]!["newInputField"] = "kept";
        properties["distribution"]!["newDistributionField"] = 7;
        properties["limits"]!["newLimit"] = "PT1H";
        properties["resources"]!["newResourceField"] = new JsonArray("a", "b");
        properties["identity"]!["newIdentityField"] = "x";
        properties["services"]!["string"]!["newServiceField"] = "y";

        var resource = RestJobSerializer.ReadResource(body.ToJsonString());
        resource.Properties!.Tags!["string"] = "changed";
        var put = RestJobSerializer.WritePutBody(resource)["properties"]!.AsObject();

        put["newTopLevelSetting"].ShouldEqualSemantically(properties["newTopLevelSetting"]);
        put["queueSettings"]!["priority"]!.GetValue<int>().Should().Be(3);
        put["inputs"]!["string"]!["newInputField"]!.GetValue<string>().Should().Be("kept");
        put["distribution"]!["newDistributionField"]!.GetValue<int>().Should().Be(7);
        put["limits"]!["newLimit"]!.GetValue<string>().Should().Be("PT1H");
        put["resources"]!["newResourceField"].ShouldEqualSemantically(new JsonArray("a", "b"));
        put["identity"]!["newIdentityField"]!.GetValue<string>().Should().Be("x");
        put["services"]!["string"]!["newServiceField"]!.GetValue<string>().Should().Be("y");
        put["tags"]!["string"]!.GetValue<string>().Should().Be("changed");
        // Read-only fields are not sent back.
        put.ContainsKey("status").Should().BeFalse();
        put.ContainsKey("parameters").Should().BeFalse();
        put["services"]!["string"]!.AsObject().ContainsKey("errorMessage").Should().BeFalse();
    }

    [Test]
    public void Unknown_subtypes_of_inputs_distributions_and_policies_are_kept_on_the_wire_and_reported_when_mapped()
    {
        var body = CommandGet();
        var properties = body["properties"]!.AsObject();
        properties["inputs"]!["string"] = new JsonObject { ["jobInputType"] = "vector_index", ["uri"] = "azureml://x", ["dimensions"] = 3 };
        properties["distribution"] = new JsonObject { ["distributionType"] = "Ray", ["port"] = 6379 };

        var resource = RestJobSerializer.ReadResource(body.ToJsonString());
        var put = RestJobSerializer.WritePutBody(resource)["properties"]!;
        var result = JobRestMapper.ReadJob(body.ToJsonString());

        resource.Properties.Should().BeOfType<RestCommandJob>().Which.Distribution.Should().BeOfType<RestUnknownDistribution>();
        put["inputs"]!["string"].ShouldEqualSemantically(properties["inputs"]!["string"]);
        put["distribution"].ShouldEqualSemantically(properties["distribution"]);
        result.Definition.Should().BeOfType<CommandJob>().Which.Distribution.Should().BeNull();
        result.Diagnostics.Where(d => d.Code == RestDiagnosticCodes.UnknownWireValue).Select(d => d.Path)
            .Should().BeEquivalentTo(["inputs.string", "distribution"]);
    }

    [Test]
    public void Unknown_enum_values_survive_a_get_then_put_and_read_back_as_written()
    {
        var body = CommandGet();
        var properties = body["properties"]!.AsObject();
        properties["inputs"]!["data"] = new JsonObject { ["jobInputType"] = "uri_folder", ["uri"] = "azureml://datastores/ds/paths/p", ["mode"] = "StreamMount" };
        properties["queueSettings"] = new JsonObject { ["jobTier"] = "Ultra" };
        properties["identity"] = new JsonObject { ["identityType"] = "WorkloadIdentity" };

        var put = RestJobSerializer.WritePutBody(RestJobSerializer.ReadResource(body.ToJsonString()))["properties"]!;
        var result = JobRestMapper.ReadJob(body.ToJsonString());

        put["inputs"]!["data"]!["mode"]!.GetValue<string>().Should().Be("StreamMount");
        put["queueSettings"]!["jobTier"]!.GetValue<string>().Should().Be("Ultra");
        put["identity"]!["identityType"]!.GetValue<string>().Should().Be("WorkloadIdentity");
        var job = result.Definition.Should().BeOfType<CommandJob>().Subject;
        job.Inputs["data"].Should().BeOfType<AssetInput>().Which.Mode!.Value.ToString().Should().Be("StreamMount");
        job.QueueSettings!.JobTier!.Value.ToString().Should().Be("Ultra");
        result.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.UnknownWireValue && d.Path == "identity");
    }

    [Test]
    public void A_search_space_entry_in_an_unknown_form_is_kept_and_reported()
    {
        var body = RestCorpus.Load(Path.Combine("Job", "SweepJob", "get.json"))["responses"]!["200"]!["body"]!.DeepClone();
        body["properties"]!["searchSpace"] = JsonNode.Parse("""{"lr": ["uniform", [0.01, 0.1]], "future": ["beta", [2, 5]], "odd": {}}""");

        var result = JobRestMapper.ReadJob(body.ToJsonString());
        var sweep = result.Definition.Should().BeOfType<SweepJob>().Subject;

        sweep.SearchSpace["lr"].Should().Be(new UniformParameter { MinValue = 0.01, MaxValue = 0.1 });
        sweep.SearchSpace["future"].Should().Be(new UnrecognizedSearchSpaceParameter(new FreeformValue("""["beta", [2, 5]]""")));
        result.Diagnostics.Where(d => d.Code == RestDiagnosticCodes.UnknownWireValue).Select(d => d.Path)
            .Should().BeEquivalentTo(["search_space.future", "search_space.odd"]);
        var again = JobRestMapper.ToRest(sweep, new RestMappingSession(new TrainingJobs.Sdk.AzureML.AzureMLWorkspaceScope("s", "g", "w")));
        again.Body["properties"]!["searchSpace"].ShouldEqualSemantically(body["properties"]!["searchSpace"]);
    }

    [Test]
    public void A_payload_that_is_not_a_job_gives_a_diagnostic_not_an_exception()
    {
        var result = JobRestMapper.ReadJob("{ not json");
        result.IsModelled.Should().BeFalse();
        result.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.InvalidPayload);

        JobRestMapper.ReadJobs("""{"name": "x"}""").Should().ContainSingle()
            .Which.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.InvalidPayload);
    }
}
