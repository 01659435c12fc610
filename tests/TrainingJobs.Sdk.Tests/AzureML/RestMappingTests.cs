using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>The JobDefinition ↔ REST mapping: references, names, formats and what the wire cannot carry.</summary>
public sealed class RestMappingTests
{
    private static readonly AzureMLWorkspaceScope Scope = new("sub-1", "rg-1", "ws-1");
    private static readonly string Ws = Scope.ResourceId;

    private static CommandJob Minimal => new()
    {
        Command = "python train.py",
        Environment = new EnvironmentReference("azureml:sklearn:3"),
    };

    private static ChoiceOption Lit(long value) => LiteralValue.FromInteger(value);

    private static (JsonNode Properties, RestPayload Payload, RestMappingSession Session) ToRest(JobDefinition job)
    {
        var session = new RestMappingSession(Scope);
        var payload = JobRestMapper.ToRest(job, session);
        return (payload.Body["properties"]!, payload, session);
    }

    private static JobDefinition ReadBack(RestPayload payload, string name = "job-1", RestMappingSession? session = null)
    {
        var resource = new JsonObject { ["id"] = Scope.JobId(name), ["name"] = name, ["properties"] = payload.Body["properties"]!.DeepClone() };
        var result = JobRestMapper.ReadJob(resource.ToJsonString(), session);
        result.Definition.Should().NotBeNull(string.Join("; ", result.Diagnostics));
        return result.Definition!;
    }

    [TestCase("azureml:cpu-cluster")]
    [TestCase("cpu-cluster")]
    public void Compute_names_become_compute_ids(string compute)
    {
        var (properties, _, _) = ToRest(Minimal with { Compute = compute });
        properties["computeId"]!.GetValue<string>().Should().Be($"{Ws}/computes/cpu-cluster");
    }

    [Test]
    public void Asset_references_become_arm_ids_and_uris_are_kept()
    {
        var job = Minimal with
        {
            Code = "azureml:train-code:7",
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Inputs = ValueMap.Of<JobInput>(
                ("registered", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:2" }),
                ("datastore", new AssetInput { Type = AssetType.UriFile, Path = "azureml://datastores/workspaceblobstore/paths/iris.csv" }),
                ("web", new AssetInput { Type = AssetType.UriFile, Path = "https://example.org/iris.csv" }),
                ("registry", new AssetInput { Type = AssetType.MLflowModel, Path = "azureml://registries/azureml/models/m/versions/1" })),
        };

        var (properties, payload, _) = ToRest(job);

        payload.Diagnostics.Should().BeEmpty();
        properties["codeId"]!.GetValue<string>().Should().Be($"{Ws}/codes/train-code/versions/7");
        properties["environmentId"]!.GetValue<string>().Should().Be($"{Ws}/environments/sklearn/versions/3");
        properties["inputs"]!["registered"]!["uri"]!.GetValue<string>().Should().Be($"{Ws}/data/iris/versions/2");
        properties["inputs"]!["datastore"]!["uri"]!.GetValue<string>().Should().Be("azureml://datastores/workspaceblobstore/paths/iris.csv");
        properties["inputs"]!["web"]!["uri"]!.GetValue<string>().Should().Be("https://example.org/iris.csv");
        properties["inputs"]!["registry"]!["jobInputType"]!.GetValue<string>().Should().Be("mlflow_model");
        properties["inputs"]!["registry"]!["uri"]!.GetValue<string>().Should().Be("azureml://registries/azureml/models/m/versions/1");
    }

    [Test]
    public void Arm_ids_read_back_as_short_references_without_a_session()
    {
        var job = Minimal with
        {
            Compute = "cpu-cluster",
            Code = "azureml:train-code:7",
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:2", Mode = InputMode.Download })),
        };
        var (_, payload, _) = ToRest(job);

        var back = (CommandJob)ReadBack(payload);

        back.Compute.Should().Be("azureml:cpu-cluster");
        back.Code.Should().Be("azureml:train-code:7");
        back.Environment.Should().Be(new EnvironmentReference("azureml:sklearn:3"));
        back.Inputs["data"].Should().Be(new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:2", Mode = InputMode.Download });
        back.Name.Should().Be("job-1");
    }

    [Test]
    public void Ids_of_another_workspace_are_kept_as_they_are()
    {
        const string other = "/subscriptions/x/resourceGroups/y/providers/Microsoft.MachineLearningServices/workspaces/z/computes/gpu";
        var (_, payload, _) = ToRest(Minimal with { Compute = "azureml:" + other });
        payload.Body["properties"]!["computeId"]!.GetValue<string>().Should().Be(other);
        ((CommandJob)ReadBack(payload)).Compute.Should().Be(other);
    }

    [Test]
    public void A_label_reference_is_sent_as_written_with_a_warning()
    {
        var (properties, payload, _) = ToRest(Minimal with { Environment = new EnvironmentReference("azureml:AzureML-lightgbm-3.3@latest") });

        properties["environmentId"]!.GetValue<string>().Should().Be("azureml:AzureML-lightgbm-3.3@latest");
        payload.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.UnresolvedLabel && d.Path == "environment");
    }

    [TestCase("ro_mount", "ReadOnlyMount")]
    [TestCase("rw_mount", "ReadWriteMount")]
    [TestCase("download", "Download")]
    [TestCase("direct", "Direct")]
    [TestCase("eval_mount", "EvalMount")]
    [TestCase("eval_download", "EvalDownload")]
    public void Input_modes_use_wire_names_both_ways(string yaml, string wire)
    {
        var job = Minimal with { Inputs = ValueMap.Of<JobInput>(("d", new AssetInput { Path = "azureml://datastores/ds/paths/p", Mode = InputMode.Parse(yaml) })) };
        var (properties, payload, _) = ToRest(job);

        properties["inputs"]!["d"]!["mode"]!.GetValue<string>().Should().Be(wire);
        ((CommandJob)ReadBack(payload)).Inputs["d"].Should().BeOfType<AssetInput>().Which.Mode!.Value.ToString().Should().Be(yaml);
    }

    [TestCase("upload", "Upload")]
    [TestCase("rw_mount", "ReadWriteMount")]
    [TestCase("direct", "Direct")]
    public void Output_modes_use_wire_names_both_ways(string yaml, string wire)
    {
        var job = Minimal with { Outputs = ValueMap.Of(("model", new JobOutput { Type = "uri_folder", Mode = OutputMode.Parse(yaml) })) };
        var (properties, payload, _) = ToRest(job);

        properties["outputs"]!["model"]!["mode"]!.GetValue<string>().Should().Be(wire);
        properties["outputs"]!["model"]!["jobOutputType"]!.GetValue<string>().Should().Be("uri_folder");
        ((CommandJob)ReadBack(payload)).Outputs["model"].Mode!.Value.ToString().Should().Be(yaml);
    }

    [Test]
    public void Durations_are_iso_8601_both_ways()
    {
        var job = Minimal with { Limits = new CommandJobLimits { Timeout = new TimeSpan(2, 30, 5) } };
        var (properties, payload, _) = ToRest(job);

        properties["limits"]!["timeout"]!.GetValue<string>().Should().Be("PT2H30M5S");
        properties["limits"]!["jobLimitsType"]!.GetValue<string>().Should().Be("Command");
        ((CommandJob)ReadBack(payload)).Limits!.Timeout.Should().Be(new TimeSpan(2, 30, 5));
    }

    [Test]
    public void Literals_are_text_on_the_wire_and_read_back_as_their_type()
    {
        var job = Minimal with
        {
            Inputs = ValueMap.Of<JobInput>(
                ("epochs", new LiteralInput { Value = 20 }),
                ("lr", new LiteralInput { Value = 0.01 }),
                ("whole", new LiteralInput { Value = 1.0 }),
                ("flag", new LiteralInput { Value = true }),
                ("schedule", new LiteralInput { Value = "time-based" })),
        };
        var (properties, payload, _) = ToRest(job);

        var inputs = properties["inputs"]!;
        inputs["epochs"]!["value"]!.GetValue<string>().Should().Be("20");
        inputs["lr"]!["value"]!.GetValue<string>().Should().Be("0.01");
        inputs["whole"]!["value"]!.GetValue<string>().Should().Be("1.0");
        inputs["flag"]!["value"]!.GetValue<string>().Should().Be("true");
        inputs["schedule"]!["jobInputType"]!.GetValue<string>().Should().Be("literal");

        var back = ((CommandJob)ReadBack(payload)).Inputs;
        back["epochs"].Should().Be(new LiteralInput { Value = 20 });
        back["lr"].Should().Be(new LiteralInput { Value = 0.01 });
        back["whole"].Should().Be(new LiteralInput { Value = 1.0 });
        back["flag"].Should().Be(new LiteralInput { Value = true });
        back["schedule"].Should().Be(new LiteralInput { Value = "time-based" });
    }

    [Test]
    public void A_declared_type_restores_what_the_wire_cannot_say()
    {
        WireValues.LiteralFromWire("10", LiteralType.String).Should().Be(LiteralValue.FromString("10"));
        WireValues.LiteralFromWire("10", LiteralType.Number).Should().Be(LiteralValue.FromNumber(10));
        WireValues.LiteralFromWire("True", LiteralType.Boolean).Should().Be(LiteralValue.FromBoolean(true));
        WireValues.LiteralFromWire("abc", LiteralType.Integer).Should().Be(LiteralValue.FromString("abc"));
    }

    [Test]
    public void A_string_that_reads_back_as_a_number_is_reported()
    {
        var (_, payload, _) = ToRest(Minimal with { Inputs = ValueMap.Of<JobInput>(("version", new LiteralInput { Value = "10" })) });
        payload.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.LiteralTypeAmbiguous && d.Path == "inputs.version");
    }

    [Test]
    public void What_the_wire_cannot_carry_is_reported_not_silently_dropped()
    {
        var job = Minimal with
        {
            Resources = new JobResources { InstanceCount = 2, Locations = ValueList.Of("westus"), MaxInstanceCount = 4 },
            QueueSettings = new QueueSettings { JobTier = JobTier.Spot, Priority = "high" },
            Inputs = ValueMap.Of<JobInput>(("lr", new LiteralInput { Type = LiteralType.Number, Value = 0.1, Min = 0, Max = 1 })),
            Outputs = ValueMap.Of(("model", new JobOutput { AssetName = "my-model", AssetVersion = "3" })),
        };

        var (properties, payload, _) = ToRest(job);

        payload.HasErrors.Should().BeFalse();
        payload.Diagnostics.Where(d => d.Code == RestDiagnosticCodes.NotCarried).Select(d => d.Path).Should().BeEquivalentTo(
            ["resources.locations", "resources.max_instance_count", "queue_settings.priority", "inputs.lr", "outputs.model"]);
        properties["queueSettings"]!["jobTier"]!.GetValue<string>().Should().Be("Spot");
        properties["resources"]!["instanceCount"]!.GetValue<int>().Should().Be(2);
        properties["resources"]!.AsObject().ContainsKey("locations").Should().BeFalse();
    }

    [Test]
    public void What_a_binding_input_or_a_component_step_cannot_carry_is_reported_not_dropped_silently()
    {
        var binding = new BindingInput { Expression = "${{parent.inputs.x}}", Type = "uri_file", Mode = InputMode.Download, Optional = true };
        var pipeline = new PipelineJob
        {
            Steps = ValueMap.Of(("train", new PipelineStep
            {
                Job = new CommandJob { Command = "python train.py", Inputs = ValueMap.Of<JobInput>(("data", binding)) },
                Component = new ComponentReference { Reference = "azureml:train:1" },
            })),
        };

        var (_, stepPayload, _) = ToRest(pipeline);
        var (_, jobPayload, _) = ToRest(Minimal with { Inputs = ValueMap.Of<JobInput>(("data", binding)) });

        stepPayload.Diagnostics.Where(d => d.Code == RestDiagnosticCodes.NotCarried).Select(d => (d.Path, Mode: d.Message.Contains("mode", StringComparison.Ordinal)))
            .Should().BeEquivalentTo([("jobs.train", false), ("jobs.train.inputs.data", false)]);
        jobPayload.Diagnostics.Where(d => d.Code == RestDiagnosticCodes.NotCarried).Should().ContainSingle()
            .Which.Message.Should().Contain("type, mode, optional of a binding input");
    }

    [Test]
    public void Missing_required_fields_are_errors()
    {
        var (_, payload, _) = ToRest(new CommandJob());
        payload.Diagnostics.Where(d => d.IsError).Select(d => (d.Code, d.Path)).Should().BeEquivalentTo(
            [(ValidationCodes.RequiredFieldMissing, "command"), (ValidationCodes.RequiredFieldMissing, "environment")]);
    }

    [Test]
    public void Local_compute_and_conflicting_sweep_resources_are_reported()
    {
        var (properties, payload, _) = ToRest(Minimal with { Compute = "local" });
        properties["computeId"]!.GetValue<string>().Should().Be("local");
        payload.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.LocalCompute && d.Path == "compute");

        var sweep = new SweepJob
        {
            Trial = Minimal with { Resources = new JobResources { InstanceCount = 1 } },
            Resources = new JobResources { InstanceCount = 4 },
            SamplingAlgorithm = new GridSamplingAlgorithm(),
            Objective = new SweepObjective("acc", Goal.Maximize),
        };
        var (sweepProperties, sweepPayload, _) = ToRest(sweep);
        sweepProperties["trial"]!["resources"]!["instanceCount"]!.GetValue<int>().Should().Be(4);
        sweepPayload.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.ConflictingResources);
    }

    [Test]
    public void Things_defined_in_place_are_listed_as_pending_assets_with_the_ids_the_body_uses()
    {
        var inline = new InlineEnvironment { Image = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest" };
        var job = Minimal with
        {
            Code = "./src",
            Environment = inline,
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Path = "../data/iris" })),
        };

        var (properties, payload, session) = ToRest(job);

        session.PendingAssets.Select(a => (a.Kind, a.Path)).Should().Equal(
            (PendingAssetKind.Code, "code"), (PendingAssetKind.Environment, "environment"), (PendingAssetKind.Data, "inputs.data.path"));
        properties["codeId"]!.GetValue<string>().Should().Be(session.PendingAssets[0].WireValue).And.StartWith($"{Ws}/codes/").And.EndWith("/versions/1");
        properties["environmentId"]!.GetValue<string>().Should().StartWith($"{Ws}/environments/CliV2AnonymousEnvironment/versions/");
        properties["inputs"]!["data"]!["uri"]!.GetValue<string>().Should().StartWith("azureml://datastores/workspaceblobstore/paths/LocalUpload/").And.EndWith("/iris");
        payload.Diagnostics.Where(d => d.Code == RestDiagnosticCodes.PendingAsset).Should().HaveCount(3);

        var back = (CommandJob)ReadBack(payload, session: session);
        back.Environment.Should().Be(inline);
        back.Code.Should().Be("./src");
    }

    [Test]
    public void Same_content_gives_the_same_anonymous_environment_id()
    {
        var first = ToRest(Minimal with { Environment = new InlineEnvironment { Image = "python:3.11" } }).Properties["environmentId"]!.GetValue<string>();
        var second = ToRest(Minimal with { Environment = new InlineEnvironment { Image = "python:3.11" } }).Properties["environmentId"]!.GetValue<string>();
        var other = ToRest(Minimal with { Environment = new InlineEnvironment { Image = "python:3.12" } }).Properties["environmentId"]!.GetValue<string>();
        first.Should().Be(second).And.NotBe(other);
    }

    [Test]
    public void Distribution_identity_services_and_notifications_use_wire_names()
    {
        var job = Minimal with
        {
            Distribution = new PyTorchDistribution { ProcessCountPerInstance = 4 },
            Identity = new ManagedIdentity { ClientId = "00000000-0000-0000-0000-000000000001" },
            Services = ValueMap.Of(
                ("lab", new JobService { Type = "jupyter_lab" }),
                ("ssh", new JobService { Type = "ssh", SshPublicKeys = "ssh-rsa AAA", Nodes = "all" }),
                ("tb", new JobService { Type = "tensor_board", LogDir = "outputs/tblogs" }),
                ("mine", new JobService { Type = "custom", Port = 8080 })),
            Notifications = new NotificationSettings { Emails = ValueList.Of("a@example.org"), EmailOn = ValueList.Of("JobFailed") },
        };

        var (properties, payload, _) = ToRest(job);

        properties["distribution"].ShouldEqualSemantically(JsonNode.Parse("""{"distributionType":"PyTorch","processCountPerInstance":4}"""));
        properties["identity"].ShouldEqualSemantically(JsonNode.Parse("""{"identityType":"Managed","clientId":"00000000-0000-0000-0000-000000000001"}"""));
        properties["services"].ShouldEqualSemantically(JsonNode.Parse("""
            {"lab":{"jobServiceType":"JupyterLab"},
             "ssh":{"jobServiceType":"SSH","nodes":{"nodesValueType":"All"},"properties":{"sshPublicKeys":"ssh-rsa AAA"}},
             "tb":{"jobServiceType":"TensorBoard","properties":{"logDir":"outputs/tblogs"}},
             "mine":{"jobServiceType":"Custom","port":8080}}
            """));
        properties["notificationSetting"].ShouldEqualSemantically(JsonNode.Parse("""{"emails":["a@example.org"],"emailOn":["JobFailed"]}"""));
        var back = (CommandJob)ReadBack(payload);
        (back.Services == job.Services).Should().BeTrue();
        back.Identity.Should().Be(job.Identity);
        back.Distribution.Should().Be(job.Distribution);
        back.Notifications.Should().Be(job.Notifications);
    }

    [Test]
    public void Pipeline_steps_have_the_node_shape_azure_ai_ml_sends()
    {
        var job = new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("epochs", new LiteralInput { Value = 20 })),
            Outputs = ValueMap.Of(("model", new JobOutput { Mode = OutputMode.Upload })),
            Settings = new PipelineSettings { DefaultCompute = "azureml:cpu-cluster", DefaultDatastore = "workspaceblobstore", ContinueOnStepFailure = true },
            Steps = ValueMap.Of(("train", new PipelineStep
            {
                Component = new ComponentReference { Reference = "azureml:my_train:3" },
                Job = new CommandJob
                {
                    Compute = "azureml:gpu-cluster",
                    Inputs = ValueMap.Of<JobInput>(
                        ("max_epochs", new BindingInput { Expression = "${{parent.inputs.epochs}}" }),
                        ("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:1", Mode = InputMode.Download })),
                    Outputs = ValueMap.Of(("model_output", new JobOutput { Path = "${{parent.outputs.model}}" })),
                    Resources = new JobResources { InstanceCount = 2 },
                    Distribution = new MpiDistribution { ProcessCountPerInstance = 1 },
                },
            })),
        };

        var (properties, payload, _) = ToRest(job);

        properties["settings"].ShouldEqualSemantically(JsonNode.Parse($$$"""
            {"default_compute":"{{{Ws}}}/computes/cpu-cluster","default_datastore":"{{{Ws}}}/datastores/workspaceblobstore","continue_on_step_failure":true}
            """));
        properties["jobs"]!["train"].ShouldEqualSemantically(JsonNode.Parse($$$"""
            {"type":"command",
             "componentId":"{{{Ws}}}/components/my_train/versions/3",
             "computeId":"{{{Ws}}}/computes/gpu-cluster",
             "inputs":{"max_epochs":{"job_input_type":"literal","value":"${{parent.inputs.epochs}}"},
                       "data":{"job_input_type":"uri_folder","uri":"{{{Ws}}}/data/iris/versions/1","mode":"Download"}},
             "outputs":{"model_output":{"value":"${{parent.outputs.model}}","type":"literal"}},
             "resources":{"instance_count":2},
             "distribution":{"distribution_type":"Mpi","process_count_per_instance":1}}
            """));

        var back = (PipelineJob)ReadBack(payload);
        back.Steps["train"].Should().Be(job.Steps["train"] with { Job = ((CommandJob)job.Steps["train"].Job) with { } });
        back.Settings.Should().Be(new PipelineSettings { DefaultCompute = "azureml:cpu-cluster", DefaultDatastore = "azureml:workspaceblobstore", ContinueOnStepFailure = true });
    }

    [Test]
    public void Sweep_settings_have_their_wire_form()
    {
        var job = new SweepJob
        {
            Trial = Minimal with { Command = "python train.py --lr ${{search_space.lr}}" },
            SamplingAlgorithm = new RandomSamplingAlgorithm { Seed = 999, Rule = "sobol" },
            Objective = new SweepObjective("accuracy", Goal.Maximize),
            EarlyTermination = new BanditPolicy { SlackFactor = 0.1, EvaluationInterval = 2, DelayEvaluation = 5 },
            Limits = new SweepJobLimits { MaxTotalTrials = 20, MaxConcurrentTrials = 4, Timeout = TimeSpan.FromHours(2) },
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(
                ("lr", new UniformParameter { MinValue = 0.01, MaxValue = 0.9 }),
                ("batch", new ChoiceParameter { Values = ValueList.Of<ChoiceOption>(Lit(16), Lit(32), Lit(64)) }),
                ("layers", new RandIntParameter(5)),
                ("momentum", new NormalParameter { Mu = 10, Sigma = 3, Q = 2 }),
                ("model", new ChoiceParameter
                {
                    Values = ValueList.Of(new ChoiceOption
                    {
                        Group = ValueMap.Of<SearchSpaceParameter>(("name", new ConstantParameter("resnet")), ("depth", new ChoiceParameter { Values = ValueList.Of<ChoiceOption>(Lit(18), Lit(50)) })),
                    }),
                })),
        };

        var (properties, payload, _) = ToRest(job);

        properties["samplingAlgorithm"].ShouldEqualSemantically(JsonNode.Parse("""{"samplingAlgorithmType":"Random","rule":"Sobol","seed":999}"""));
        properties["objective"].ShouldEqualSemantically(JsonNode.Parse("""{"primaryMetric":"accuracy","goal":"Maximize"}"""));
        properties["earlyTermination"].ShouldEqualSemantically(JsonNode.Parse("""{"policyType":"Bandit","slackFactor":0.1,"evaluationInterval":2,"delayEvaluation":5}"""));
        properties["limits"].ShouldEqualSemantically(JsonNode.Parse("""{"jobLimitsType":"Sweep","maxTotalTrials":20,"maxConcurrentTrials":4,"timeout":"PT2H"}"""));
        properties["searchSpace"].ShouldEqualSemantically(JsonNode.Parse("""
            {"lr":["uniform",[0.01,0.9]],"batch":["choice",[[16,32,64]]],"layers":["randint",[5]],"momentum":["qnormal",[10,3,2]],
             "model":["choice",[[{"name":"resnet","depth":["choice",[[18,50]]]}]]]}
            """));
        properties["trial"]!["command"]!.GetValue<string>().Should().Be("python train.py --lr ${{search_space.lr}}");

        var back = (SweepJob)ReadBack(payload);
        (back.SearchSpace == job.SearchSpace).Should().BeTrue(back.SearchSpace.ToString());
        back.SamplingAlgorithm.Should().Be(job.SamplingAlgorithm);
        back.Objective.Should().Be(job.Objective);
        back.EarlyTermination.Should().Be(job.EarlyTermination);
        back.Limits.Should().Be(job.Limits);
    }

    [Test]
    public void A_sweep_step_whose_trial_is_a_registered_component_sends_its_component_id_as_azure_ai_ml_does_and_reads_it_back()
    {
        var sweep = new SweepJob
        {
            Trial = new CommandJob(),
            TrialReference = new ComponentReference { Reference = "azureml:train:2" },
            SamplingAlgorithm = new RandomSamplingAlgorithm(),
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(("lr", new UniformParameter { MinValue = 0.01, MaxValue = 0.1 })),
            Objective = new SweepObjective("accuracy", Goal.Maximize),
            Limits = new SweepJobLimits { MaxTotalTrials = 4 },
        };
        var pipeline = new PipelineJob
        {
            Settings = new PipelineSettings { DefaultCompute = "azureml:cpu" },
            Steps = ValueMap.Of(("tune", new PipelineStep { Job = sweep })),
        };

        var (properties, payload, session) = ToRest(pipeline);

        payload.Diagnostics.Should().BeEmpty("a registered trial needs no command of its own: the component has it");
        var node = properties["jobs"]!["tune"]!;
        node["trial"].ShouldEqualSemantically(JsonNode.Parse($$"""{"componentId":"{{Ws}}/components/train/versions/2"}"""));
        node["search_space"]!["lr"].ShouldEqualSemantically(JsonNode.Parse("""["uniform",[0.01,0.1]]"""));
        var withSession = (SweepJob)((PipelineJob)ReadBack(payload, session: session)).Steps["tune"].Job;
        withSession.TrialReference.Should().Be(new ComponentReference { Reference = "azureml:train:2" });
        var withoutSession = (SweepJob)((PipelineJob)ReadBack(payload)).Steps["tune"].Job;
        withoutSession.TrialReference!.Reference.Should().Be("azureml:train:2");
        withoutSession.Trial.Command.Should().BeNull();
    }

    [Test]
    public void A_changed_step_literal_reads_back_as_the_type_its_component_declares()
    {
        var session = new RestMappingSession(Scope);
        var component = new ComponentDefinition
        {
            Name = "train",
            Body = Minimal with { Inputs = ValueMap.Of<JobInput>(("version", new LiteralInput { Type = LiteralType.String })) },
        };
        var pipeline = new PipelineJob
        {
            Steps = ValueMap.Of(("train", new PipelineStep
            {
                Component = new ComponentReference { Reference = "file:./train.yml", Definition = component },
                Job = new CommandJob { Inputs = ValueMap.Of<JobInput>(("version", new LiteralInput { Value = "10" })) },
            })),
        };
        var resource = JobRestMapper.ToResource(pipeline, session, out _);
        var json = TrainingJobs.Sdk.AzureML.Rest.RestJobSerializer.WriteResource(resource);
        json["properties"]!["jobs"]!["train"]!["inputs"]!["version"]!["value"] = "11";

        var back = (PipelineJob)JobRestMapper.ReadJob(json.ToJsonString(), session).Definition!;
        var withoutSession = (PipelineJob)JobRestMapper.ReadJob(json.ToJsonString()).Definition!;

        back.Steps["train"].Job.Inputs["version"].Should().Be(new LiteralInput { Value = "11" });
        back.Steps["train"].Component.Should().Be(pipeline.Steps["train"].Component);
        withoutSession.Steps["train"].Job.Inputs["version"].Should().Be(new LiteralInput { Value = 11 });
    }

    [Test]
    public void Definitions_built_in_csharp_come_back_equal_through_a_session()
    {
        var session = new RestMappingSession(Scope);
        var pipeline = new PipelineJob
        {
            Name = "p-1",
            DisplayName = "two steps",
            Compute = "cpu-cluster",
            Inputs = ValueMap.Of<JobInput>(("n", new LiteralInput { Type = LiteralType.Integer, Value = 3, Min = 1 }), ("raw", new AssetInput { Path = "./data", TypeIsExplicit = false })),
            Outputs = ValueMap.Of(("out", new JobOutput())),
            Steps = ValueMap.Of(
                ("prep", new PipelineStep
                {
                    Job = new CommandJob
                    {
                        Command = "python prep.py ${{inputs.n}}",
                        Code = "./src",
                        Environment = new InlineEnvironment { Image = "python:3.11" },
                        Inputs = ValueMap.Of<JobInput>(("n", new BindingInput { Expression = "${{parent.inputs.n}}" })),
                        Outputs = ValueMap.Of(("o", new JobOutput { Path = "${{parent.outputs.out}}", Mode = OutputMode.Mount })),
                    },
                }),
                ("train", new PipelineStep
                {
                    Component = new ComponentReference { Reference = "file:./train.yml", Definition = new ComponentDefinition { Name = "train", Body = Minimal } },
                    Job = new CommandJob { Inputs = ValueMap.Of<JobInput>(("x", new BindingInput { Expression = "${{parent.jobs.prep.outputs.o}}" })) },
                })),
        };

        var resource = JobRestMapper.ToResource(pipeline, session, out _);
        var json = TrainingJobs.Sdk.AzureML.Rest.RestJobSerializer.WriteResource(resource).ToJsonString();

        JobRestMapper.ReadJob(json, session).Definition.Should().Be(pipeline);
    }
}
