using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.AzureML.Mapping.FromRest;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.AzureML.Mapping;

/// <summary>Pipeline steps and their free-form fields read on their own (<see cref="StepReader"/>, <see cref="NodeFields"/>, <see cref="WireFields"/>).</summary>
public sealed class StepReaderTests
{
    private static readonly AzureMLWorkspaceScope Scope = new("sub-1", "rg-1", "ws-1");

    private static RestReadContext NewContext() => new(session: null, Scope);

    [Test]
    public void A_step_that_is_not_an_object_is_left_out()
    {
        var context = NewContext();

        StepReader.Read(JsonValue.Create("train"), "jobs.a", context).Should().BeNull();

        context.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(RestDiagnosticCodes.UnreadableStep);
    }

    [Test]
    public void A_step_whose_type_is_not_text_is_malformed()
    {
        var context = NewContext();

        StepReader.Read(new JsonObject { ["type"] = 3 }, "jobs.a", context).Should().BeNull();

        context.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(RestDiagnosticCodes.MalformedStep);
    }

    [Test]
    public void A_command_step_reads_its_overrides_and_a_short_component_reference()
    {
        var context = NewContext();
        var node = new JsonObject
        {
            ["type"] = "command",
            ["componentId"] = $"{Scope.ResourceId}/components/train/versions/2",
            ["computeId"] = $"{Scope.ResourceId}/computes/gpu",
            ["limits"] = new JsonObject { ["job_limits_type"] = "Command", ["timeout"] = "PT1H" },
            ["environment_variables"] = new JsonObject { ["SEED"] = "1" },
        };

        var step = StepReader.Read(node, "jobs.a", context)!;

        context.Diagnostics.Should().BeEmpty();
        step.Component!.Reference.Should().Be("azureml:train:2");
        step.Job.Compute.Should().Be("azureml:gpu");
        var command = step.Job.Should().BeOfType<CommandJob>().Subject;
        command.Limits!.Timeout.Should().Be(TimeSpan.FromHours(1));
        command.EnvironmentVariables.Should().ContainKey("SEED");
    }

    [Test]
    public void A_field_of_the_wrong_shape_is_reported_and_left_out()
    {
        var context = NewContext();

        NodeFields.Read<RestQueueSettings>(JsonValue.Create(5), "jobs.a.queue_settings", context).Should().BeNull();

        context.Diagnostics.Should().ContainSingle().Which.Path.Should().Be("jobs.a.queue_settings");
    }

    [Test]
    public void A_long_value_is_shown_cut_at_80_characters()
    {
        var shown = NodeFields.Shown(JsonValue.Create(new string('x', 200)));

        shown.Should().HaveLength(80).And.EndWith("...");
    }

    [Test]
    public void A_duration_that_does_not_read_is_reported_and_left_out()
    {
        var context = NewContext();

        WireFields.Duration("two hours", "limits.timeout", context).Should().BeNull();
        WireFields.Duration("PT2H", "limits.timeout", context).Should().Be(TimeSpan.FromHours(2));

        context.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(RestDiagnosticCodes.UnreadableValue);
    }

    [Test]
    public void Null_entries_of_a_map_are_each_reported_and_dropped()
    {
        var context = NewContext();
        var map = new Dictionary<string, RestJobService> { ["ssh"] = new RestJobService(), ["a"] = null!, ["b"] = null! };

        WireFields.WithoutNulls(map, "services", "service", context)!.Keys.Should().Equal("ssh");

        context.Diagnostics.Select(d => d.Path).Should().Equal("services.a", "services.b");
    }
}
