using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;
using TrainingJobs.Sdk.Yaml.Reading;
using static TrainingJobs.Sdk.Tests.Yaml.Reading.ReadingFixture;

namespace TrainingJobs.Sdk.Tests.Yaml.Reading;

/// <summary>The shared context: walking mappings records where each key and value was written; problems are placed and worded once.</summary>
public sealed class ReadingContextTests
{
    [Test]
    public void ForEach_visits_each_entry_under_its_dotted_path_and_records_key_and_value_positions()
    {
        var context = Context();
        var node = Value("resources:\n  instance_count: 2\n  shm_size: 8g\n", "resources");
        var visited = new List<string>();

        var ok = context.ForEach(node, "jobs.train.resources", "resource fields", (key, _, path) => visited.Add($"{key.Value}@{path}"));

        ok.Should().BeTrue();
        visited.Should().Equal("instance_count@jobs.train.resources.instance_count", "shm_size@jobs.train.resources.shm_size");
        context.Map.Locate("jobs.train.resources.shm_size").Should().Be(new SourceLocation(SourceName, 3, 3));
        context.Map.LocateValue("jobs.train.resources.shm_size").Should().Be(new SourceLocation(SourceName, 3, 13));
        context.Diagnostics.Items.Should().BeEmpty();
    }

    [Test]
    public void ForEach_over_null_visits_nothing_and_reports_nothing()
    {
        var context = Context();

        var ok = context.ForEach(Value("tags:\n", "tags"), "tags", "names", (_, _, _) => Assert.Fail("nothing to visit"));

        ok.Should().BeTrue();
        context.Diagnostics.Items.Should().BeEmpty();
    }

    [Test]
    public void ForEach_over_a_list_is_a_wrong_type_error_that_names_the_key_and_the_shape_found()
    {
        var context = Context();

        var ok = context.ForEach(Value("tags: [a, b]\n", "tags"), "tags", "names to text values", (_, _, _) => { });

        ok.Should().BeFalse();
        var error = context.Diagnostics.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.WrongType);
        error.Message.Should().Be("'tags' must be a mapping of names to text values (found a list).");
        error.Path.Should().Be("tags");
        error.Location.Should().Be(new SourceLocation(SourceName, 1, 7));
    }

    [Test]
    public void An_unknown_key_is_a_warning_at_the_key()
    {
        var context = Context();
        var mapping = (TreeMapping)Parse("colour: red\n");

        context.UnknownKey(mapping.Entries[0].Key, "colour", "a command job");

        var warning = context.Diagnostics.Items.Should().ContainSingle().Subject;
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Code.Should().Be(YamlDiagnosticCodes.UnknownKey);
        warning.Message.Should().Be("Unknown key 'colour' in a command job; it is ignored.");
        warning.Location.Should().Be(new SourceLocation(SourceName, 1, 1));
    }

    [Test]
    public void An_out_of_range_value_longer_than_40_characters_is_shortened_in_the_message()
    {
        var context = Context();
        var scalar = (TreeScalar)Value($"n: {new string('9', 50)}\n", "n");

        context.OutOfRange(scalar, "inputs.n", ScalarFields.IntRange);

        context.Diagnostics.Items.Should().ContainSingle().Which.Message
            .Should().Be($"'n' is {new string('9', 37)}..., which is out of range: it must be {ScalarFields.IntRange}.");
    }

    [TestCase("jobs.train.inputs.lr", "lr")]
    [TestCase("command", "command")]
    [TestCase("", "")]
    public void LastSegment_is_the_key_a_path_ends_in(string path, string expected) =>
        ReadingContext.LastSegment(path).Should().Be(expected);
}
