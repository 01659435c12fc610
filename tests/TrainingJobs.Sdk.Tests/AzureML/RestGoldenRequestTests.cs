using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>
/// Acceptance 1 (requests): for each createOrUpdate example, the request body is what the SDK produces from the
/// equivalent definition built in C#.
/// </summary>
/// <remarks>
/// Two documented adjustments are made to the expected body: the spec examples write the placeholder
/// <c>"string"</c> where an ARM id goes, so those become the ids of the assets named <c>string</c> (version 1) in the
/// example's workspace, which is what the definitions refer to; and the Command example's <c>parentJobName</c>, which
/// the 2025-12-01 schema does not define (corpus MANIFEST), is not expected because the SDK does not send it.
/// </remarks>
public sealed class RestGoldenRequestTests
{
    [Test]
    public void Command_job_body_equals_what_the_sdk_produces()
    {
        var example = RestCorpus.Load(Path.Combine("Job", "CommandJob", "createOrUpdate.json"));
        var job = new CommandJob
        {
            Description = "string",
            Tags = ValueMap.Of(("string", "string")),
            Properties = ValueMap.Of(("string", "string")),
            DisplayName = "string",
            ExperimentName = "string",
            Compute = "azureml:string",
            Code = "azureml:string:1",
            Command = "string",
            Environment = new EnvironmentReference("azureml:string:1"),
            EnvironmentVariables = ValueMap.Of(("string", "string")),
            Distribution = new TensorFlowDistribution { ParameterServerCount = 1, WorkerCount = 1 },
            Identity = new AmlTokenIdentity(),
            Inputs = ValueMap.Of<JobInput>(("string", new LiteralInput { Description = "string", Value = "string" })),
            Outputs = ValueMap.Of(("string", new JobOutput { Description = "string", Type = "uri_file", Mode = OutputMode.ReadWriteMount, Path = "string" })),
            Limits = new CommandJobLimits { Timeout = TimeSpan.FromMinutes(5) },
            Resources = new JobResources
            {
                InstanceCount = 1,
                InstanceType = "string",
                Properties = ValueMap.Of(("string", new FreeformValue("""{"e6b6493e-7d5e-4db3-be1e-306ec641327e": null}"""))),
            },
            Services = ValueMap.Of(("string", Service())),
        };

        AssertProduces(example, job);
    }

    [Test]
    public void Pipeline_job_body_equals_what_the_sdk_produces()
    {
        var example = RestCorpus.Load(Path.Combine("Job", "PipelineJob", "createOrUpdate.json"));
        var job = new PipelineJob
        {
            Description = "string",
            Tags = ValueMap.Of(("string", "string")),
            Properties = ValueMap.Of(("string", "string")),
            DisplayName = "string",
            ExperimentName = "string",
            Services = ValueMap.Of(("string", Service())),
            Compute = "azureml:string",
            Settings = new PipelineSettings(),
            Inputs = ValueMap.Of<JobInput>(("string", new LiteralInput { Description = "string", Value = "string" })),
            Outputs = ValueMap.Of(("string", new JobOutput { Description = "string", Type = "uri_file", Mode = OutputMode.Upload, Path = "string" })),
        };

        AssertProduces(example, job);
    }

    [Test]
    public void Sweep_job_body_equals_what_the_sdk_produces()
    {
        var example = RestCorpus.Load(Path.Combine("Job", "SweepJob", "createOrUpdate.json"));
        var job = new SweepJob
        {
            Description = "string",
            Tags = ValueMap.Of(("string", "string")),
            Properties = ValueMap.Of(("string", "string")),
            DisplayName = "string",
            ExperimentName = "string",
            Services = ValueMap.Of(("string", Service())),
            Compute = "azureml:string",
            SamplingAlgorithm = new GridSamplingAlgorithm(),
            Limits = new SweepJobLimits { MaxTotalTrials = 1, MaxConcurrentTrials = 1, TrialTimeout = TimeSpan.FromSeconds(1) },
            EarlyTermination = new MedianStoppingPolicy { EvaluationInterval = 1, DelayEvaluation = 1 },
            Objective = new SweepObjective("string", Goal.Minimize),
            Trial = new CommandJob
            {
                Code = "azureml:string:1",
                Command = "string",
                Environment = new EnvironmentReference("azureml:string:1"),
                EnvironmentVariables = ValueMap.Of(("string", "string")),
                Distribution = new MpiDistribution { ProcessCountPerInstance = 1 },
                Resources = new JobResources
                {
                    InstanceCount = 1,
                    InstanceType = "string",
                    Properties = ValueMap.Of(("string", new FreeformValue("""{"e6b6493e-7d5e-4db3-be1e-306ec641327e": null}"""))),
                },
            },
            // The example's search-space entry ({}) is in no form the SDK models; it is carried as written.
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(("string", new UnrecognizedSearchSpaceParameter(new FreeformValue("{}")))),
        };

        AssertProduces(example, job);
    }

    private static JobService Service() => new()
    {
        Type = "string",
        Port = 1,
        Endpoint = "string",
        Properties = ValueMap.Of(("string", "string")),
    };

    private static void AssertProduces(JsonObject example, JobDefinition job)
    {
        var scope = RestCorpus.Scope(example);
        var payload = JobRestMapper.ToRest(job, new RestMappingSession(scope));

        payload.Diagnostics.Should().BeEmpty();
        payload.Body.ShouldEqualSemantically(Expected(example, scope));
    }

    private static JsonNode Expected(JsonObject example, AzureMLWorkspaceScope scope)
    {
        var body = example["parameters"]!["body"]!.DeepClone();
        var properties = body["properties"]!.AsObject();
        properties.Remove("parentJobName");
        ExpandPlaceholders(properties, scope);
        if (properties["trial"] is JsonObject trial) ExpandPlaceholders(trial, scope);
        return body;
    }

    private static void ExpandPlaceholders(JsonObject target, AzureMLWorkspaceScope scope)
    {
        var ids = new Dictionary<string, string>
        {
            ["computeId"] = $"{scope.ResourceId}/computes/string",
            ["codeId"] = $"{scope.ResourceId}/codes/string/versions/1",
            ["environmentId"] = $"{scope.ResourceId}/environments/string/versions/1",
        };
        foreach (var (field, id) in ids)
        {
            if (target[field]?.GetValue<string>() == "string") target[field] = id;
        }
    }
}
