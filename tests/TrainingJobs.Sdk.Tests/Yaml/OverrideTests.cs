using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary><c>--set path=value</c>, applied to the YAML before it is read and validated.</summary>
public class OverrideTests
{
    private const string Pipeline = """
        type: pipeline
        inputs:
          lr: 0.01
          group.sub.x: 1
        tags:
          team: research
        jobs:
          train:
            command: python train.py --lr ${{inputs.lr}}
            compute: azureml:cpu-cluster
            inputs:
              lr: ${{parent.inputs.lr}}
            limits:
              timeout: 60
        """;

    private static YamlLoadResult Load(string yaml, params string[] overrides) =>
        YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Overrides = overrides, Validate = false, SourceName = "job.yml" });

    [Test]
    public void A_literal_input_takes_the_new_value_with_its_yaml_type()
    {
        var job = Load(Pipeline, "inputs.lr=0.1", "inputs.group.sub.x=5").Definition!;

        job.Inputs["lr"].Should().Be(new LiteralInput { Value = 0.1 });
        job.Inputs["group.sub.x"].Should().Be(new LiteralInput { Value = 5 });
    }

    [Test]
    public void Nested_step_fields_are_replaced_or_added()
    {
        var job = (PipelineJob)Load(Pipeline, "jobs.train.compute=azureml:gpu", "jobs.train.limits.timeout=120", "jobs.train.resources.instance_count=2").Definition!;

        var train = (CommandJob)job.Steps["train"].Job;
        train.Compute.Should().Be("azureml:gpu");
        train.Limits!.Timeout.Should().Be(TimeSpan.FromSeconds(120));
        train.Resources!.InstanceCount.Should().Be(2);
    }

    [Test]
    public void Tags_can_be_replaced_and_added_like_az_does()
    {
        var job = Load(Pipeline, "tags.team=ml", "tags.owner=alice", "tags.a.b=dotted").Definition!;

        job.Tags.Should().BeEquivalentTo(ValueMap.Of(("team", "ml"), ("owner", "alice"), ("a.b", "dotted")));
    }

    [Test]
    public void A_free_map_that_is_missing_is_created()
    {
        var job = Load("command: echo\n", "tags.team=ml", "environment_variables.DEBUG=1", "limits.timeout=60").Definition!;

        job.Tags["team"].Should().Be("ml");
        ((CommandJob)job).EnvironmentVariables["DEBUG"].Should().Be("1");
        ((CommandJob)job).Limits!.Timeout.Should().Be(TimeSpan.FromMinutes(1));
    }

    [Test]
    public void A_path_that_does_not_exist_is_an_error()
    {
        var result = Load(Pipeline, "jobs.trian.compute=azureml:gpu");

        result.Definition.Should().BeNull();
        var error = result.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.OverridePathNotFound);
        error.Message.Should().Contain("'trian'");
        error.Path.Should().Be("jobs.trian.compute");
    }

    [Test]
    public void An_unknown_top_level_field_is_an_error_and_a_path_through_a_scalar_too()
    {
        Load(Pipeline, "comptue=azureml:gpu").Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.OverridePathNotFound);
        Load(Pipeline, "jobs.train.compute.name=x").Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.OverridePathNotFound);
    }

    [Test]
    public void A_malformed_override_is_an_error()
    {
        Load(Pipeline, "inputs.lr").Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.BadOverride);
        Load(Pipeline, "inputs..lr=1").Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.BadOverride);
    }

    [Test]
    public void Flow_values_set_mappings_and_lists()
    {
        var job = (PipelineJob)Load(Pipeline, "jobs.train.resources={instance_count: 3, locations: [westus]}").Definition!;

        ((CommandJob)job.Steps["train"].Job).Resources.Should().BeEquivalentTo(new JobResources { InstanceCount = 3, Locations = ValueList.Of("westus") });
    }

    [Test]
    public void Overrides_are_applied_before_validation()
    {
        var invalid = YamlJobLoader.LoadText("type: command\ncommand: echo\nenvironment: azureml:env:1\n", new YamlLoadOptions { Overrides = ["command="] });
        invalid.HasErrors.Should().BeTrue("the override empties the command, which validation rejects");

        var valid = YamlJobLoader.LoadText("type: command\ncommand:\nenvironment: azureml:env:1\n", new YamlLoadOptions { Overrides = ["command=python train.py"] });
        valid.Diagnostics.Where(d => d.IsError).Should().BeEmpty();
    }
}
