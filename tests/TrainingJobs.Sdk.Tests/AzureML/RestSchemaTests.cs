using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>Acceptance 2 (definitions built in C#): every request body the SDK produces validates against the swagger definitions.</summary>
public sealed class RestSchemaTests
{
    private static readonly SwaggerValidator Validator = SwaggerValidator.ForJobsExtract();
    private static readonly AzureMLWorkspaceScope Scope = new("sub-1", "rg-1", "ws-1");

    [Test]
    public void The_validator_rejects_what_the_schema_forbids()
    {
        var body = JsonNode.Parse("""
            {"properties": {"jobType": "Command", "command": "python x.py", "environmentId": "/e",
              "status": "Running", "parentJobName": "p",
              "inputs": {"a": {"jobInputType": "literal"}, "b": {"jobInputType": "uri_folder", "uri": "u", "mode": "ReadWriteMount", "extra": 1}},
              "distribution": {"distributionType": "Ray"},
              "limits": {"jobLimitsType": "Command", "timeout": 5}}}
            """);

        var errors = Validator.Validate(body, "JobBaseResource");

        errors.Should().BeEquivalentTo([
            "$.properties.status: read-only, must not be sent",
            "$.properties.parentJobName: not a property of CommandJob (additionalProperties: false)",
            "$.properties.inputs.a.value: required by LiteralJobInput",
            "$.properties.inputs.b.extra: not a property of UriFolderJobInput (additionalProperties: false)",
            "$.properties.distribution.distributionType: 'Ray' is not a subtype of DistributionConfiguration",
            "$.properties.limits.timeout: expected a string",
        ]);
        Validator.Validate(JsonNode.Parse("""{"properties": {"jobType": "Command"}}"""), "JobBaseResource")
            .Should().BeEquivalentTo(["$.properties.command: required by CommandJob", "$.properties.environmentId: required by CommandJob"]);
    }

    [Test]
    public void The_validator_accepts_the_spec_examples_own_request_bodies_apart_from_their_non_schema_field()
    {
        foreach (var folder in new[] { "CommandJob", "PipelineJob", "SweepJob" })
        {
            var body = RestCorpus.Load(Path.Combine("Job", folder, "createOrUpdate.json"))["parameters"]!["body"]!.DeepClone();
            body["properties"]!.AsObject().Remove("parentJobName");
            Validator.Validate(body, "JobBaseResource").Should().BeEmpty(folder);
        }
    }

    public static IEnumerable<TestCaseData> Definitions()
    {
        var env = new EnvironmentReference("azureml:sklearn:3");
        yield return new TestCaseData(new CommandJob
        {
            Command = "python train.py --lr ${{inputs.lr}} --data ${{inputs.data}}",
            Code = "./src",
            Environment = new InlineEnvironment { Image = "python:3.11" },
            Compute = "azureml:gpu-cluster",
            DisplayName = "train",
            ExperimentName = "exp",
            Tags = ValueMap.Of(("team", "ml")),
            Inputs = ValueMap.Of<JobInput>(
                ("lr", new LiteralInput { Value = 0.01 }),
                ("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:1", Mode = InputMode.Download }),
                ("table", new AssetInput { Type = AssetType.MLTable, Path = "./data", Mode = InputMode.EvalMount })),
            Outputs = ValueMap.Of(("model", new JobOutput { Type = "mlflow_model", Mode = OutputMode.Upload })),
            Distribution = new PyTorchDistribution { ProcessCountPerInstance = 2 },
            Resources = new JobResources { InstanceCount = 2, InstanceType = "Standard_NC6s_v3", ShmSize = "16g" },
            Limits = new CommandJobLimits { Timeout = TimeSpan.FromHours(2) },
            QueueSettings = new QueueSettings { JobTier = JobTier.Spot },
            Identity = new ManagedIdentity { ClientId = "00000000-0000-0000-0000-000000000001" },
            Services = ValueMap.Of(("ssh", new JobService { Type = "ssh", SshPublicKeys = "ssh-rsa AAA", Nodes = "all" })),
            Notifications = new NotificationSettings { Emails = ValueList.Of("a@example.org"), EmailOn = ValueList.Of("JobFailed") },
            EnvironmentVariables = ValueMap.Of(("OMP_NUM_THREADS", "1")),
        }).SetName("command job with every part");
        yield return new TestCaseData(new PipelineJob
        {
            DisplayName = "pipeline",
            Inputs = ValueMap.Of<JobInput>(("epochs", new LiteralInput { Value = 20 }), ("raw", new AssetInput { Type = AssetType.UriFile, Path = "https://example.org/x.csv" })),
            Outputs = ValueMap.Of(("model", new JobOutput { Mode = OutputMode.Upload })),
            Settings = new PipelineSettings { DefaultCompute = "azureml:cpu-cluster", ContinueOnStepFailure = false },
            Steps = ValueMap.Of(("train", new PipelineStep
            {
                Component = new ComponentReference { Reference = "azureml:train:1" },
                Job = new CommandJob { Inputs = ValueMap.Of<JobInput>(("n", new BindingInput { Expression = "${{parent.inputs.epochs}}" })) },
            })),
        }).SetName("pipeline job with a component step");
        yield return new TestCaseData(new SweepJob
        {
            Compute = "azureml:cpu-cluster",
            Trial = new CommandJob { Command = "python train.py --lr ${{search_space.lr}}", Code = "src", Environment = env, Distribution = new TensorFlowDistribution { WorkerCount = 2 } },
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFile, Path = "https://example.org/iris.csv" })),
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(("lr", new UniformParameter { MinValue = 0.01, MaxValue = 0.9, Log = true })),
            SamplingAlgorithm = new RandomSamplingAlgorithm { Seed = 1, Rule = "sobol" },
            Objective = new SweepObjective("loss", Goal.Minimize),
            EarlyTermination = new TruncationSelectionPolicy { TruncationPercentage = 20, EvaluationInterval = 1 },
            Limits = new SweepJobLimits { MaxTotalTrials = 8, MaxConcurrentTrials = 2, Timeout = TimeSpan.FromHours(1), TrialTimeout = TimeSpan.FromMinutes(10) },
            Resources = new JobResources { InstanceCount = 1 },
        }).SetName("sweep job with every part");
    }

    [TestCaseSource(nameof(Definitions))]
    public void Bodies_the_sdk_produces_validate_against_the_swagger(JobDefinition job)
    {
        var payload = JobRestMapper.ToRest(job, new RestMappingSession(Scope));

        payload.HasErrors.Should().BeFalse(string.Join("; ", payload.Diagnostics));
        Validator.Validate(payload.Body, "JobBaseResource").Should().BeEmpty(payload.ToJson());
    }
}
