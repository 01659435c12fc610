using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>
/// Bad payload content read back (GET bodies, list pages): never an exception, never a silent change; what cannot be
/// read is a TJ2xxx diagnostic naming the field and the value, and the rest of the job is kept.
/// </summary>
public sealed class RestReadRobustnessTests
{
    private static readonly AzureMLWorkspaceScope Scope = new("sub-1", "rg-1", "ws-1");

    private static CommandJob Train => new()
    {
        Command = "python train.py",
        Environment = new EnvironmentReference("azureml:sklearn:3"),
        Compute = "azureml:cpu",
    };

    private static JsonObject Resource(JobDefinition job, bool withId = true)
    {
        var payload = JobRestMapper.ToRest(job, new RestMappingSession(Scope));
        payload.HasErrors.Should().BeFalse(string.Join("; ", payload.Diagnostics));
        var resource = new JsonObject { ["name"] = "job-1", ["properties"] = payload.Body["properties"]!.DeepClone() };
        if (withId) resource["id"] = Scope.JobId("job-1");
        return resource;
    }

    private static RestJobReadResult Read(JsonObject resource, Action<JsonObject> change)
    {
        change(resource["properties"]!.AsObject());
        return JobRestMapper.ReadJob(resource.ToJsonString());
    }

    /// <summary>With a compute, as the Azure ML face requires of a pipeline ("Compute not set").</summary>
    private static PipelineJob Pipeline(PipelineStep step) => new() { Compute = "azureml:cpu", Steps = ValueMap.Of(("train", step)) };

    private static SweepJob SweepOf(CommandJob trial) => new()
    {
        Trial = trial,
        SamplingAlgorithm = new GridSamplingAlgorithm(),
        Objective = new SweepObjective("accuracy", Goal.Maximize),
        SearchSpace = ValueMap.Of<SearchSpaceParameter>(("lr", new UniformParameter { MinValue = 0.01, MaxValue = 0.9 })),
    };

    [TestCase("P10675199DT3H")]
    [TestCase("1 hour")]
    [TestCase("forever")]
    public void A_command_timeout_that_is_not_a_duration_is_a_warning_naming_field_and_value_and_the_rest_is_kept(string timeout)
    {
        var result = Read(Resource(Train), p => p["limits"] = new JsonObject { ["jobLimitsType"] = "Command", ["timeout"] = timeout });

        var warning = result.Diagnostics.Should().ContainSingle().Subject;
        warning.Code.Should().Be(RestDiagnosticCodes.UnreadableValue);
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Path.Should().Be("limits.timeout");
        warning.Message.Should().Contain(timeout);
        var job = result.Definition.Should().BeOfType<CommandJob>().Subject;
        job.Command.Should().Be("python train.py");
        job.Compute.Should().Be("azureml:cpu");
        job.Limits!.Timeout.Should().BeNull();
    }

    [Test]
    public void Sweep_limits_keep_what_reads_and_report_each_bad_duration()
    {
        var resource = Resource(SweepOf(Train));

        var result = Read(resource, p => p["limits"] = new JsonObject
        {
            ["jobLimitsType"] = "Sweep", ["maxTotalTrials"] = 20, ["timeout"] = "P10675199DT3H", ["trialTimeout"] = "forever",
        });

        result.Diagnostics.Select(d => (d.Code, d.Path)).Should().BeEquivalentTo(new[]
        {
            (RestDiagnosticCodes.UnreadableValue, "limits.timeout"),
            (RestDiagnosticCodes.UnreadableValue, "limits.trial_timeout"),
        });
        var limits = result.Definition.Should().BeOfType<SweepJob>().Subject.Limits!;
        limits.MaxTotalTrials.Should().Be(20);
        limits.Timeout.Should().BeNull();
    }

    [Test]
    public void A_step_timeout_that_overflows_is_a_warning_at_the_step()
    {
        var result = Read(Resource(Pipeline(new PipelineStep { Job = Train })),
            p => p["jobs"]!["train"]!["limits"] = new JsonObject { ["job_limits_type"] = "Command", ["timeout"] = "P10675199DT3H" });

        result.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.UnreadableValue && d.Path == "jobs.train.limits.timeout");
        result.Definition.Should().BeOfType<PipelineJob>().Which.Steps.Should().ContainKey("train");
    }

    private static IEnumerable<TestCaseData> BadStepParts()
    {
        yield return Case("an input that is not an object", "inputs", new JsonObject { ["x"] = "str" }, "jobs.train.inputs.x");
        yield return Case("an output that is not an object", "outputs", new JsonObject { ["o"] = 3 }, "jobs.train.outputs.o");
        yield return Case("nested jobs", "jobs", JsonValue.Create("x"), "jobs.train.jobs");
        yield return Case("an input type that is not text", "inputs", new JsonObject { ["x"] = new JsonObject { ["job_input_type"] = 7, ["value"] = "1" } }, "jobs.train.inputs.x.job_input_type");
        yield return Case("resources of the wrong shape", "resources", JsonValue.Create("big"), "jobs.train.resources");

        static TestCaseData Case(string name, string key, JsonNode value, string path) =>
            new TestCaseData(key, value.ToJsonString(), path).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(BadStepParts))]
    public void A_step_part_that_cannot_be_read_is_a_warning_and_the_step_is_kept(string key, string value, string path)
    {
        var result = Read(Resource(Pipeline(new PipelineStep { Job = Train })), p => p["jobs"]!["train"]![key] = JsonNode.Parse(value));

        var warning = result.Diagnostics.Should().ContainSingle().Subject;
        warning.Code.Should().Be(RestDiagnosticCodes.UnreadableValue);
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Path.Should().Be(path);
        var step = result.Definition.Should().BeOfType<PipelineJob>().Which.Steps["train"];
        step.Job.Inputs.Should().BeEmpty("nothing is invented in place of what could not be read");
        step.Job.Outputs.Should().BeEmpty();
    }

    [Test]
    public void A_step_type_that_is_not_text_is_an_error_and_no_command_step_is_invented()
    {
        var result = Read(Resource(Pipeline(new PipelineStep { Job = Train })), p => p["jobs"]!["train"]!["type"] = 5);

        result.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.MalformedStep && d.IsError && d.Path == "jobs.train")
            .Which.Message.Should().Contain("5");
        result.Definition.Should().BeOfType<PipelineJob>().Which.Steps.Should().BeEmpty();
    }

    [Test]
    public void A_sweep_step_whose_trial_is_not_an_object_is_an_error_and_no_objective_is_invented()
    {
        var resource = Resource(Pipeline(new PipelineStep { Job = SweepOf(Train) }));

        var result = Read(resource, p =>
        {
            p["jobs"]!["train"]!["trial"] = 5;
            p["jobs"]!["train"]!.AsObject().Remove("objective");
        });

        result.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.MalformedStep && d.IsError && d.Path == "jobs.train.trial");
        result.Definition.Should().BeOfType<PipelineJob>().Which.Steps.Should().BeEmpty();
    }

    [TestCase("""{"properties": {"jobType": "Sweep", "limits": {"jobLimitsType": "Sweep", "maxTotalTrials": "many"}}}""")]
    [TestCase("""{"properties": {"jobType": "Command", "command": 5}}""")]
    [TestCase("""["not a job"]""")]
    [TestCase("\"text\"")]
    public void A_payload_that_is_not_a_job_resource_is_described_in_json_terms_without_dotnet_type_names(string json)
    {
        var results = JobRestMapper.ReadJobs(json);

        var error = results.Should().ContainSingle().Subject.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(RestDiagnosticCodes.InvalidPayload);
        error.Message.Should().NotContain("System.").And.NotContain("TrainingJobs.").And.NotContain("`1").And.NotContain("Rest");
    }

    [Test]
    public void A_wrongly_typed_field_names_its_path_and_the_json_type_it_expects()
    {
        var result = JobRestMapper.ReadJob("""{"properties": {"jobType": "Sweep", "limits": {"jobLimitsType": "Sweep", "maxTotalTrials": "many"}}}""");

        result.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("maxTotalTrials must be an integer");
    }

    [Test]
    public void A_bare_array_of_job_resources_reads_like_a_list_page()
    {
        var array = new JsonArray(Resource(Train), Resource(SweepOf(Train)));

        var results = JobRestMapper.ReadJobs(array.ToJsonString());

        results.Select(r => r.Definition?.Kind).Should().Equal(JobKind.Command, JobKind.Sweep);
        results.SelectMany(r => r.Diagnostics).Should().BeEmpty();
    }

    [Test]
    public void Ids_outside_the_workspace_read_back_as_azureml_prefixed_arm_ids_and_a_named_scope_shortens_ids_of_a_job_without_id()
    {
        var resource = Resource(Pipeline(new PipelineStep { Job = Train, Component = new ComponentReference { Reference = "azureml:prep:2" } }), withId: false);
        var json = resource.ToJsonString();

        var unscoped = JobRestMapper.ReadJobs(json).Single().Definition.Should().BeOfType<PipelineJob>().Subject;
        var scoped = JobRestMapper.ReadJobs(json, scope: Scope).Single().Definition.Should().BeOfType<PipelineJob>().Subject;

        unscoped.Steps["train"].Component!.Reference.Should().Be($"azureml:{Scope.ResourceId}/components/prep/versions/2");
        scoped.Steps["train"].Component!.Reference.Should().Be("azureml:prep:2");
    }

    [Test]
    public void A_job_file_reads_a_bare_arm_id_as_a_component_reference_not_as_a_missing_file()
    {
        var id = $"{Scope.ResourceId}/components/azureml_anonymous/versions/0123abcd";
        var yaml = $"type: pipeline\njobs:\n  train:\n    type: command\n    component: {id}\n    compute: azureml:cpu\n";

        var result = TrainingJobs.Sdk.Yaml.YamlJobLoader.LoadText(yaml);

        result.Diagnostics.Should().NotContain(d => d.IsError);
        result.Definition.Should().BeOfType<PipelineJob>().Which.Steps["train"].Component!.Reference.Should().Be(id);
    }

    /// <summary>Values that break naive readers: wrong JSON types, an overflowing duration, out-of-range numbers.</summary>
    private static readonly string[] Replacements = ["5", "\"x\"", "[]", "{}", "null", "\"P10675199DT3H\"", "1e400", "-99999999999999999999", "true"];

    [Test]
    public void No_single_value_replaced_anywhere_in_a_corpus_response_makes_the_reader_throw()
    {
        var bodies = RestCorpus.AllFiles()
            .Select(RestCorpus.Load)
            .SelectMany(example => example["responses"] is JsonObject responses ? responses.Select(r => r.Value?["body"]) : [])
            .OfType<JsonObject>()
            .Where(body => body["properties"] is not null || body["value"] is not null)
            .ToList();
        bodies.Should().NotBeEmpty();
        var reads = 0;
        var failures = new List<string>();

        foreach (var body in bodies)
        {
            var text = body.ToJsonString();
            foreach (var path in Paths(body, ""))
            {
                foreach (var replacement in Replacements)
                {
                    var json = Replace(JsonNode.Parse(text)!, path, replacement);
                    try
                    {
                        _ = JobRestMapper.ReadJobs(json).Select(r => r.Definition is null ? "" : TrainingJobs.Sdk.Yaml.YamlJobWriter.Write(r.Definition)).ToList();
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{path} = {replacement}: {e.GetType().Name} at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
                    }
                    reads++;
                }
            }
        }
        failures.Distinct().Should().BeEmpty();
        reads.Should().BeGreaterThan(500);
    }

    private static IEnumerable<string> Paths(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var child = path + Separator + key;
                    yield return child;
                    if (value is not null) foreach (var p in Paths(value, child)) yield return p;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = path + Separator + "#" + i;
                    yield return child;
                    if (array[i] is { } item) foreach (var p in Paths(item, child)) yield return p;
                }
                break;
        }
    }

    /// <summary>Puts a marker at the path; the replacement is spliced into the text, so that out-of-range numbers can be written.</summary>
    private static string Replace(JsonNode root, string path, string replacement)
    {
        var segments = path.Split(Separator, StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        for (var i = 0; i < segments.Length - 1; i++) node = Step(node, segments[i])!;
        var last = segments[^1];
        if (last.StartsWith('#')) node.AsArray()[int.Parse(last[1..], System.Globalization.CultureInfo.InvariantCulture)] = Marker;
        else node.AsObject()[last] = Marker;
        return root.ToJsonString().Replace("\"" + Marker + "\"", replacement, StringComparison.Ordinal);
    }

    private const string Marker = "__replaced__";

    /// <summary>Separates path segments; keys may hold '/' (ARM ids of user-assigned identities).</summary>
    private const char Separator = '\u001f';

    private static JsonNode? Step(JsonNode node, string segment) =>
        segment.StartsWith('#') ? node.AsArray()[int.Parse(segment[1..], System.Globalization.CultureInfo.InvariantCulture)] : node.AsObject()[segment];
}
