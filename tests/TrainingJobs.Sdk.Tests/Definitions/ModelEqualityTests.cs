using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.Definitions;

public class ModelEqualityTests
{
    private static CommandJob Sample() => new()
    {
        Name = "job-1",
        Command = "python train.py --lr ${{inputs.lr}}",
        Inputs = ValueMap.Of<JobInput>(("lr", new LiteralInput { Value = 0.1 })),
        Tags = ValueMap.Of(("team", "ml"), ("stage", "dev")),
    };

    [Test]
    public void Definitions_with_the_same_content_are_equal_whatever_the_map_order()
    {
        var reordered = Sample() with { Tags = ValueMap.Of(("stage", "dev"), ("team", "ml")) };

        reordered.Should().Be(Sample());
        reordered.GetHashCode().Should().Be(Sample().GetHashCode());
    }

    [Test]
    public void Definitions_that_differ_in_a_nested_value_are_not_equal()
    {
        var other = Sample() with { Inputs = ValueMap.Of<JobInput>(("lr", new LiteralInput { Value = 0.2 })) };

        other.Should().NotBe(Sample());
    }

    [Test]
    public void Literal_values_keep_their_type()
    {
        LiteralValue integer = 10;
        LiteralValue number = 10.0;
        LiteralValue text = "10";

        integer.Should().NotBe(number);
        number.Should().NotBe(text);
        integer.ToString().Should().Be("10");
    }

    [Test]
    public void Extensible_enums_compare_case_insensitively_and_keep_unknown_values()
    {
        JobStatus.Parse("running").Should().Be(JobStatus.Running);
        JobStatus.Parse("Scheduled").IsKnown.Should().BeFalse();
        JobStatus.Parse("Scheduled").ToString().Should().Be("Scheduled");
        JobStatus.Completed.IsTerminal.Should().BeTrue();
        JobStatus.Running.IsTerminal.Should().BeFalse();
    }

    [Test]
    public void Freeform_values_compare_by_json_content()
    {
        new FreeformValue("{ \"a\": 1 }").Should().Be(new FreeformValue("{\"a\":1}"));
    }
}
