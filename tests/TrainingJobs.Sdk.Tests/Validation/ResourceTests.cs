using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>
/// TJ0011 (distribution), TJ0012 (output version without name), TJ0017 (shm_size), TJ0018 (non-positive limits),
/// TJ0019 (instance bounds), TJ0022 (services), TJ0028 (env var names), TJ0029 (unknown service values), TJ0030 (input modes).
/// </summary>
public class ResourceTests
{
    [Test]
    public void A_field_of_another_distribution_type_raises_TJ0011_at_that_field()
    {
        var distribution = new PyTorchDistribution
        {
            ProcessCountPerInstance = 2,
            AdditionalFields = ValueMap.Of(("worker_count", FreeformValue.FromNode(JsonValue.Create(2)))),
        };

        var diagnostic = (Samples.Command() with { Distribution = distribution }).With(ValidationCodes.InvalidDistribution).Should().ContainSingle().Subject;
        diagnostic.Path.Should().Be("distribution.worker_count");
        diagnostic.Message.Should().Contain("pytorch");
    }

    [Test]
    public void Impossible_process_and_worker_counts_raise_TJ0011()
    {
        (Samples.Command() with { Distribution = new MpiDistribution { ProcessCountPerInstance = 0 } })
            .With(ValidationCodes.InvalidDistribution).Should().ContainSingle(d => d.Path == "distribution.process_count_per_instance");
        (Samples.Command() with { Distribution = new PyTorchDistribution { ProcessCountPerInstance = -1 } })
            .With(ValidationCodes.InvalidDistribution).Should().ContainSingle(d => d.Path == "distribution.process_count_per_instance");
        (Samples.Command() with { Distribution = new TensorFlowDistribution { WorkerCount = 0, ParameterServerCount = -1 } })
            .With(ValidationCodes.InvalidDistribution).Select(d => d.Path).Should().BeEquivalentTo("distribution.worker_count", "distribution.parameter_server_count");
    }

    [Test]
    public void Well_formed_distributions_raise_no_TJ0011()
    {
        (Samples.Command() with { Distribution = new TensorFlowDistribution { WorkerCount = 2, ParameterServerCount = 0 } })
            .With(ValidationCodes.InvalidDistribution).Should().BeEmpty();
        (Samples.Command() with { Distribution = new MpiDistribution { ProcessCountPerInstance = 1 } })
            .With(ValidationCodes.InvalidDistribution).Should().BeEmpty();
    }

    [Test]
    public void An_output_version_without_a_name_raises_TJ0012_and_with_a_name_does_not()
    {
        var without = Samples.Command() with { Outputs = ValueMap.Of(("model", new JobOutput { Type = "mlflow_model", AssetVersion = "3" })) };

        without.With(ValidationCodes.OutputVersionWithoutName).Should().ContainSingle(d => d.Path == "outputs.model.version");
        Samples.Command().With(ValidationCodes.OutputVersionWithoutName).Should().BeEmpty();
    }

    [TestCase("2gb")]
    [TestCase("g")]
    [TestCase("0g")]
    [TestCase("-1g")]
    [TestCase("2 g")]
    [TestCase("1.5g")]
    public void An_invalid_shm_size_raises_TJ0017(string size)
    {
        (Samples.Command() with { Resources = new JobResources { ShmSize = size } })
            .With(ValidationCodes.InvalidShmSize).Should().ContainSingle(d => d.Path == "resources.shm_size");
    }

    [TestCase("2g")]
    [TestCase("512m")]
    [TestCase("1024K")]
    [TestCase("100b")]
    public void A_valid_shm_size_raises_no_TJ0017(string size)
    {
        (Samples.Command() with { Resources = new JobResources { ShmSize = size } }).With(ValidationCodes.InvalidShmSize).Should().BeEmpty();
    }

    [Test]
    public void Zero_or_negative_counts_and_timeouts_raise_TJ0018()
    {
        var job = Samples.Command() with
        {
            Resources = new JobResources { InstanceCount = 0, MaxInstanceCount = -2 },
            Limits = new CommandJobLimits { Timeout = TimeSpan.Zero },
        };

        job.With(ValidationCodes.NonPositiveLimit).Select(d => d.Path).Should()
            .BeEquivalentTo("resources.instance_count", "resources.max_instance_count", "limits.timeout");
    }

    [Test]
    public void Positive_counts_and_timeouts_raise_no_TJ0018()
    {
        (Samples.Command() with { Resources = new JobResources { InstanceCount = 1, MaxInstanceCount = 4 }, Limits = new CommandJobLimits { Timeout = TimeSpan.FromSeconds(1) } })
            .With(ValidationCodes.NonPositiveLimit).Should().BeEmpty();
    }

    [Test]
    public void An_instance_count_above_max_instance_count_raises_TJ0019()
    {
        (Samples.Command() with { Resources = new JobResources { InstanceCount = 8, MaxInstanceCount = 4 } })
            .With(ValidationCodes.MinGreaterThanMax).Should().ContainSingle(d => d.Path == "resources.instance_count");
        (Samples.Command() with { Resources = new JobResources { InstanceCount = 4, MaxInstanceCount = 4 } })
            .With(ValidationCodes.MinGreaterThanMax).Should().BeEmpty();
    }

    [TestCase(0)]
    [TestCase(-22)]
    [TestCase(65536)]
    public void A_service_port_outside_1_to_65535_raises_TJ0022(int port)
    {
        (Samples.Command() with { Services = ValueMap.Of(("my_ssh", new JobService { Type = "ssh", Port = port })) })
            .With(ValidationCodes.InvalidService).Should().ContainSingle(d => d.Path == "services.my_ssh.port");
    }

    [TestCase(1)]
    [TestCase(8888)]
    [TestCase(65535)]
    public void A_service_port_in_range_raises_no_TJ0022(int port)
    {
        (Samples.Command() with { Services = ValueMap.Of(("lab", new JobService { Type = "jupyter_lab", Port = port })) })
            .With(ValidationCodes.InvalidService).Should().BeEmpty();
    }

    [TestCase("some")]
    [TestCase("All")]
    [TestCase("0")]
    public void Service_nodes_other_than_all_raise_TJ0022(string nodes)
    {
        (Samples.Command() with { Services = ValueMap.Of(("my_ssh", new JobService { Type = "ssh", Nodes = nodes })) })
            .With(ValidationCodes.InvalidService).Should().ContainSingle(d => d.Path == "services.my_ssh.nodes" && d.Message.Contains("'all'"));
    }

    [Test]
    public void Service_nodes_all_or_unset_raise_no_TJ0022()
    {
        (Samples.Command() with { Services = ValueMap.Of(("a", new JobService { Type = "ssh", Nodes = "all" }), ("b", new JobService { Type = "ssh" })) })
            .With(ValidationCodes.InvalidService).Should().BeEmpty();
    }

    [TestCase("Studio")]
    [TestCase("Tracking")]
    [TestCase("RayDashboard")]
    [TestCase("custom")]
    [TestCase("TensorBoard")]
    public void Service_types_azure_ai_ml_maps_raise_no_TJ0029(string type)
    {
        (Samples.Command() with { Services = ValueMap.Of(("s", new JobService { Type = type })) })
            .With(ValidationCodes.UnknownServiceValue).Should().BeEmpty();
    }

    [Test]
    public void A_service_type_azure_ai_ml_does_not_map_raises_a_TJ0029_warning()
    {
        (Samples.Command() with { Services = ValueMap.Of(("s", new JobService { Type = "foo" })) })
            .With(ValidationCodes.UnknownServiceValue).Should().ContainSingle(d => d.Path == "services.s.type" && d.Severity == DiagnosticSeverity.Warning);
    }

    [TestCase("")]
    [TestCase("MY VAR")]
    [TestCase("A=B")]
    public void An_invalid_environment_variable_name_raises_TJ0028(string name)
    {
        (Samples.Command() with { EnvironmentVariables = ValueMap.Of((name, "1")) })
            .With(ValidationCodes.InvalidEnvironmentVariableName).Should().ContainSingle(d => d.Path == "environment_variables");
    }

    [TestCase("AZUREML_COMPUTE_USE_COMMON_RUNTIME")]
    [TestCase("lower_case.dotted-name")]
    public void Ordinary_environment_variable_names_raise_no_TJ0028(string name)
    {
        (Samples.Command() with { EnvironmentVariables = ValueMap.Of((name, "")) }).With(ValidationCodes.InvalidEnvironmentVariableName).Should().BeEmpty();
    }

    [Test]
    public void Values_the_service_does_not_know_raise_TJ0029_warnings()
    {
        var job = Samples.Command() with
        {
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = new AssetType("parquet_table"), Path = "./data", Mode = new InputMode("stream") })),
            Outputs = ValueMap.Of(("model", new JobOutput { Type = "onnx", Mode = new OutputMode("append") })),
            QueueSettings = new QueueSettings { JobTier = new JobTier("platinum"), Priority = "urgent" },
            Services = ValueMap.Of(("shell", new JobService { Type = "telnet" })),
            Command = "python train.py",
        };

        var diagnostics = job.With(ValidationCodes.UnknownServiceValue);
        diagnostics.Select(d => d.Path).Should().BeEquivalentTo(
            "inputs.data.type", "inputs.data.mode", "outputs.model.type", "outputs.model.mode",
            "queue_settings.job_tier", "queue_settings.priority", "services.shell.type");
        diagnostics.Should().OnlyContain(d => d.Severity == DiagnosticSeverity.Warning);
    }

    [Test]
    public void Known_values_in_any_case_and_control_output_types_raise_no_TJ0029()
    {
        var job = Samples.Command() with
        {
            Outputs = ValueMap.Of(("flag", new JobOutput { Type = "boolean", IsControl = true }), ("model", new JobOutput { Mode = OutputMode.Upload })),
            QueueSettings = new QueueSettings { JobTier = JobTier.Parse("Spot"), Priority = "High" },
            Services = ValueMap.Of(("vscode", new JobService { Type = "VSCode" }), ("board", new JobService { Type = "tensor_board" })),
            Command = "python train.py",
        };

        job.With(ValidationCodes.UnknownServiceValue).Should().BeEmpty();
    }

    [Test]
    public void An_eval_mode_on_a_non_mltable_input_raises_TJ0030_and_on_an_mltable_does_not()
    {
        var folder = Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFolder, Path = "./data", Mode = InputMode.EvalMount });
        var table = Samples.Command().WithInput("data", new AssetInput { Type = AssetType.MLTable, Path = "./data", Mode = InputMode.EvalMount });

        folder.With(ValidationCodes.InputModeNotAllowedForType).Should().ContainSingle(d => d.Path == "inputs.data.mode");
        table.With(ValidationCodes.InputModeNotAllowedForType).Should().BeEmpty();
    }

    [Test]
    public void Unknown_notification_events_and_webhook_types_raise_TJ0029_and_known_ones_do_not()
    {
        var unknown = Samples.Command() with
        {
            Notifications = new NotificationSettings
            {
                Emails = ValueList.Of("ml-team@example.com"),
                EmailOn = ValueList.Of("JobCompleted", "JobExploded"),
                Webhooks = ValueMap.Of(("teams", new Webhook("Slack"))),
            },
        };
        var known = unknown with
        {
            Notifications = unknown.Notifications! with { EmailOn = ValueList.Of("jobfailed"), Webhooks = ValueMap.Of(("ado", new Webhook("AzureDevOps"))) },
        };

        unknown.With(ValidationCodes.UnknownServiceValue).Select(d => d.Path).Should()
            .BeEquivalentTo("notification_setting.email_on", "notification_setting.webhooks.teams");
        known.With(ValidationCodes.UnknownServiceValue).Should().BeEmpty();
    }
}
