using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Building;

public class CommandJobBuilderTests
{
    private static CommandJobBuilder Minimal() =>
        new CommandJobBuilder().WithCommand("python train.py").WithEnvironment("azureml:sklearn:1");

    [Test]
    public void Names_and_description_are_set()
    {
        var job = Minimal().WithName("train-1").WithDisplayName("Train").WithExperiment("mnist").WithDescription("Trains.").Build();

        job.Name.Should().Be("train-1");
        job.DisplayName.Should().Be("Train");
        job.ExperimentName.Should().Be("mnist");
        job.Description.Should().Be("Trains.");
    }

    [Test]
    public void Tags_and_properties_are_added_and_replaced()
    {
        var job = Minimal().WithTag("team", "a").WithTag("team", "b").WithTag("stage", "dev").WithProperty("run", "1").Build();

        job.Tags.Should().Equal(ValueMap.Of(("team", "b"), ("stage", "dev")));
        job.Properties.Should().Equal(ValueMap.Of(("run", "1")));
    }

    [Test]
    public void Interpolated_command_writes_expressions_and_declares_the_handles_it_uses()
    {
        var lr = Input.Number("lr", 0.01);
        var data = Input.UriFolder("data", "azureml:mnist:1");
        var model = Output.UriFolder("model");

        var job = Minimal().WithCommand($"python train.py --lr {lr} --data {data} --out {model}").Build();

        job.Command.Should().Be("python train.py --lr ${{inputs.lr}} --data ${{inputs.data}} --out ${{outputs.model}}");
        job.Inputs.Should().Equal(ValueMap.Of(("lr", lr.Declaration), ("data", (JobInput)data.Declaration)));
        job.Outputs.Should().Equal(ValueMap.Of(("model", model.Declaration)));
    }

    [Test]
    public void An_explicit_declaration_wins_over_the_handle_used_in_the_command()
    {
        var lr = Input.Number("lr", 0.01);

        var job = Minimal().WithInput(lr.WithValue(0.5)).WithCommand($"python train.py --lr {lr}").Build();

        ((LiteralInput)job.Inputs["lr"]).Value.Should().Be((LiteralValue)0.5);
    }

    [Test]
    public void Two_different_undeclared_handles_with_one_name_are_a_builder_error()
    {
        var a = Input.Number("lr", 0.1);
        var b = Input.Number("lr", 0.2);

        var act = () => Minimal().WithCommand($"python train.py --a {a} --b {b}").Build();

        act.Should().Throw<JobValidationException>().Which.Diagnostics.Should().ContainSingle(d =>
            d.Code == BuilderDiagnosticCodes.ConflictingHandles && d.Path == "inputs.lr" && d.IsError);
    }

    [Test]
    public void Plain_text_command_is_kept_as_written()
    {
        var job = Minimal().WithInput(Input.Integer("epochs", 3)).WithCommand("python train.py --epochs ${{inputs.epochs}}").Build();

        job.Command.Should().Be("python train.py --epochs ${{inputs.epochs}}");
        job.Inputs.Keys.Should().Equal("epochs");
    }

    [Test]
    public void Code_and_compute_are_set()
    {
        var job = Minimal().WithCode("./src").WithCompute("azureml:cpu-cluster").Build();

        job.Code.Should().Be("./src");
        job.Compute.Should().Be("azureml:cpu-cluster");
    }

    [Test]
    public void Environment_reference_is_kept_as_written()
    {
        Minimal().WithEnvironment("azureml:sklearn@latest").Build().Environment
            .Should().Be(new EnvironmentReference("azureml:sklearn@latest"));
    }

    [Test]
    public void Environment_image_with_conda_file_is_inline()
    {
        Minimal().WithImage("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04", "./conda.yml").Build().Environment
            .Should().Be(new InlineEnvironment { Image = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04", CondaFile = "./conda.yml" });
    }

    [Test]
    public void Environment_build_context_is_inline()
    {
        Minimal().WithBuildContext("./docker", "Dockerfile.gpu").Build().Environment
            .Should().Be(new InlineEnvironment { Build = new BuildContext("./docker", "Dockerfile.gpu") });
    }

    [Test]
    public void Any_environment_form_can_be_given_in_full()
    {
        var environment = new InlineEnvironment { Image = "python:3.12", PythonRequirementsTxt = "requirements.txt", Name = "env", Version = "2" };

        Minimal().WithEnvironment(environment).Build().Environment.Should().Be(environment);
    }

    [Test]
    public void Environment_variables_are_added_and_replaced()
    {
        var job = Minimal().WithEnvironmentVariable("A", "1").WithEnvironmentVariable("B", "2").WithEnvironmentVariable("A", "3").Build();

        job.EnvironmentVariables.Should().Equal(ValueMap.Of(("A", "3"), ("B", "2")));
    }

    [Test]
    public void Literal_inputs_of_every_type_carry_value_default_optional_range_and_enum()
    {
        var job = Minimal()
            .WithInputs(
                Input.String("optimizer").WithDefault("adam").WithEnum("adam", "sgd").WithDescription("The optimizer."),
                Input.Integer("epochs", 10).WithRange(1, 100),
                Input.Number("lr").WithDefault(0.01).WithRange(0, 1).AsOptional(),
                Input.Boolean("verbose", true))
            .Build();

        job.Inputs["optimizer"].Should().Be(new LiteralInput
        {
            Type = LiteralType.String, Default = "adam", Enum = ValueList.Of("adam", "sgd"), Description = "The optimizer.",
        });
        job.Inputs["epochs"].Should().Be(new LiteralInput { Type = LiteralType.Integer, Value = 10, Min = 1, Max = 100 });
        job.Inputs["lr"].Should().Be(new LiteralInput { Type = LiteralType.Number, Default = 0.01, Min = 0, Max = 1, Optional = true });
        job.Inputs["verbose"].Should().Be(new LiteralInput { Type = LiteralType.Boolean, Value = true });
    }

    [Test]
    public void Asset_inputs_of_every_type_carry_path_mode_datastore_and_optional()
    {
        var job = Minimal()
            .WithInputs(
                Input.UriFile("file", "https://example.org/iris.csv").WithMode(InputMode.Download),
                Input.UriFolder("folder", "./data").WithDatastore("workspaceblobstore"),
                Input.MLTable("table", "azureml:taxi:2").WithMode(InputMode.EvalMount),
                Input.CustomModel("custom", "azureml:custom:1").AsOptional(),
                Input.MLflowModel("mlflow", "azureml:mlflow:1").WithMode(InputMode.Direct),
                Input.TritonModel("triton", "azureml:triton:1"),
                Input.Asset("other", new AssetType("future_type"), "azureml:other:1"))
            .Build();

        job.Inputs["file"].Should().Be(new AssetInput { Type = AssetType.UriFile, Path = "https://example.org/iris.csv", Mode = InputMode.Download });
        job.Inputs["folder"].Should().Be(new AssetInput { Type = AssetType.UriFolder, Path = "./data", Datastore = "workspaceblobstore" });
        job.Inputs["table"].Should().Be(new AssetInput { Type = AssetType.MLTable, Path = "azureml:taxi:2", Mode = InputMode.EvalMount });
        job.Inputs["custom"].Should().Be(new AssetInput { Type = AssetType.CustomModel, Path = "azureml:custom:1", Optional = true });
        job.Inputs["mlflow"].Should().Be(new AssetInput { Type = AssetType.MLflowModel, Path = "azureml:mlflow:1", Mode = InputMode.Direct });
        job.Inputs["triton"].Should().Be(new AssetInput { Type = AssetType.TritonModel, Path = "azureml:triton:1" });
        ((AssetInput)job.Inputs["other"]).Type.ToString().Should().Be("future_type");
    }

    [Test]
    public void Inputs_can_be_given_in_model_form()
    {
        var input = new LiteralInput { Value = "x" };

        Minimal().WithInput("raw", input).Build().Inputs["raw"].Should().BeSameAs(input);
    }

    [Test]
    public void Outputs_carry_type_mode_path_and_registration()
    {
        var job = Minimal()
            .WithOutputs(
                Output.UriFolder("model").WithMode(OutputMode.Upload).RegisterAs("mnist-model", "3").WithDescription("The model."),
                Output.UriFile("metrics").WithPath("azureml://datastores/workspaceblobstore/paths/metrics.json"),
                Output.MLTable("table").WithMode(OutputMode.Direct),
                Output.CustomModel("custom"),
                Output.MLflowModel("mlflow").RegisterAs("mlflow-model"),
                Output.TritonModel("triton").WithMode(OutputMode.ReadWriteMount))
            .WithOutput("raw", new JobOutput { IsControl = true, Type = "boolean" })
            .Build();

        job.Outputs["model"].Should().Be(new JobOutput
        {
            Type = "uri_folder", Mode = OutputMode.Upload, AssetName = "mnist-model", AssetVersion = "3", Description = "The model.",
        });
        job.Outputs["metrics"].Should().Be(new JobOutput { Type = "uri_file", Path = "azureml://datastores/workspaceblobstore/paths/metrics.json" });
        job.Outputs["table"].Should().Be(new JobOutput { Type = "mltable", Mode = OutputMode.Direct });
        job.Outputs["custom"].Type.Should().Be(PortType.CustomModel);
        job.Outputs["mlflow"].Should().Be(new JobOutput { Type = "mlflow_model", AssetName = "mlflow-model" });
        job.Outputs["triton"].Should().Be(new JobOutput { Type = "triton_model", Mode = OutputMode.ReadWriteMount });
        job.Outputs["raw"].IsControl.Should().BeTrue();
    }

    [Test]
    public void Resources_are_set_in_full_or_by_instance_count_and_type()
    {
        var full = new JobResources { InstanceCount = 2, InstanceType = "Standard_D2", ShmSize = "8g", Locations = ValueList.Of("westeurope") };

        Minimal().WithResources(full).Build().Resources.Should().Be(full);
        Minimal().WithResources(full).WithInstances(4).Build().Resources.Should().Be(full with { InstanceCount = 4 });
        Minimal().WithInstances(2, "Standard_NC6s_v3").Build().Resources
            .Should().Be(new JobResources { InstanceCount = 2, InstanceType = "Standard_NC6s_v3" });
    }

    [Test]
    public void PyTorch_distribution_is_set()
    {
        Minimal().WithPyTorchDistribution(4).Build().Distribution.Should().Be(new PyTorchDistribution { ProcessCountPerInstance = 4 });
    }

    [Test]
    public void Mpi_distribution_is_set()
    {
        Minimal().WithMpiDistribution(2).Build().Distribution.Should().Be(new MpiDistribution { ProcessCountPerInstance = 2 });
    }

    [Test]
    public void TensorFlow_distribution_is_set()
    {
        Minimal().WithTensorFlowDistribution(workerCount: 3, parameterServerCount: 1).Build().Distribution
            .Should().Be(new TensorFlowDistribution { WorkerCount = 3, ParameterServerCount = 1 });
    }

    [Test]
    public void Timeout_limit_is_set()
    {
        Minimal().WithTimeout(TimeSpan.FromHours(2)).Build().Limits.Should().Be(new CommandJobLimits { Timeout = TimeSpan.FromHours(2) });
    }

    [Test]
    public void Aml_token_identity_is_set()
    {
        Minimal().WithAmlTokenIdentity().Build().Identity.Should().Be(new AmlTokenIdentity());
    }

    [Test]
    public void Managed_identity_is_set_by_client_object_or_resource_id()
    {
        Minimal().WithManagedIdentity().Build().Identity.Should().Be(new ManagedIdentity());
        Minimal().WithManagedIdentity(clientId: "c").Build().Identity.Should().Be(new ManagedIdentity { ClientId = "c" });
        Minimal().WithManagedIdentity(objectId: "o").Build().Identity.Should().Be(new ManagedIdentity { ObjectId = "o" });
        Minimal().WithManagedIdentity(resourceId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u")
            .Build().Identity.Should().Be(new ManagedIdentity { ResourceId = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u" });
    }

    [Test]
    public void User_identity_is_set()
    {
        Minimal().WithUserIdentity().Build().Identity.Should().Be(new UserIdentity());
    }

    [Test]
    public void Services_are_added_by_name()
    {
        var ssh = new JobService { Type = "ssh", SshPublicKeys = "ssh-ed25519 AAAA", Nodes = "all" };
        var tensorBoard = new JobService { Type = "tensor_board", LogDir = "outputs/tblogs" };

        var job = Minimal().WithService("my_ssh", ssh).WithService("board", tensorBoard).Build();

        job.Services.Should().Equal(ValueMap.Of(("my_ssh", ssh), ("board", tensorBoard)));
    }

    [Test]
    public void Queue_settings_are_set()
    {
        Minimal().WithQueueSettings(JobTier.Spot, "low").Build().QueueSettings
            .Should().Be(new QueueSettings { JobTier = JobTier.Spot, Priority = "low" });
    }

    [Test]
    public void Notifications_are_set()
    {
        var notifications = new NotificationSettings { Emails = ValueList.Of("ml@example.org"), EmailOn = ValueList.Of("JobFailed") };

        Minimal().WithNotifications(notifications).Build().Notifications.Should().Be(notifications);
    }

    [Test]
    public void Build_reports_a_missing_command_with_its_path()
    {
        var act = () => new CommandJobBuilder().WithEnvironment("azureml:env:1").Build();

        act.Should().Throw<JobValidationException>().Which.Errors.Should().Contain(d => d.Path == "command");
    }

    [Test]
    public void Validate_returns_the_problems_without_throwing()
    {
        new CommandJobBuilder().Validate().Should().Contain(d => d.IsError && d.Path == "command");
        Minimal().Validate().Should().NotContain(d => d.IsError);
    }
}
