using TrainingJobs.Sdk.Yaml;
using TrainingJobs.Sdk.Yaml.Reading;
using static TrainingJobs.Sdk.Tests.Yaml.Reading.ReadingFixture;

namespace TrainingJobs.Sdk.Tests.Yaml.Reading;

/// <summary>Which kind a mapping describes: <c>type</c>, else its <c>$schema</c>, else command.</summary>
public sealed class JobKindReaderTests
{
    [TestCase("https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json", "sweep")]
    [TestCase("https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json", "pipeline")]
    [TestCase("https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json", "command")]
    [TestCase("https://example.com/schemas/Job.schema.json", null)]
    [TestCase("https://example.com/schemas/environment.schema.json", null)]
    public void FromSchema_takes_the_kind_from_the_schema_file_name(string schema, string? expected) =>
        JobKindReader.FromSchema(schema).Should().Be(expected);

    [TestCase("type: Sweep\n", "sweep")]
    [TestCase("type:\n", "command")]
    [TestCase("name: x\n", "command")]
    [TestCase("$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\n", "pipeline")]
    [TestCase("type: command\n$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json\n", "command")]
    public void Read_prefers_type_then_schema_then_command(string yaml, string expected)
    {
        var context = Context();

        JobKindReader.Read((TreeMapping)Parse(yaml), "", context, out _).Should().Be(expected);

        context.Diagnostics.Items.Should().BeEmpty();
    }

    [Test]
    public void A_type_that_is_not_text_is_a_wrong_type_error_and_reads_as_command()
    {
        var context = Context();

        JobKindReader.Read((TreeMapping)Parse("type: [command]\n"), "jobs.a", context, out _).Should().Be("command");

        var error = context.Diagnostics.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.WrongType);
        error.Path.Should().Be("jobs.a.type");
    }

    [Test]
    public void Describe_words_where_a_key_was_found()
    {
        JobKindReader.Describe(JobShape.Job, "sweep").Should().Be("a sweep job");
        JobKindReader.Describe(JobShape.Node, "sweep").Should().Be("a sweep step");
        JobKindReader.Describe(JobShape.Component, "sweep").Should().Be("a sweep component");
    }
}
