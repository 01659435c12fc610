using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>
/// <see cref="DiagnosticPath"/> is the one way a diagnostic's location is written; a key that is not a plain segment
/// is quoted the same way whichever face reports it.
/// </summary>
public sealed class DiagnosticPathTests
{
    [TestCase("", "command", "command")]
    [TestCase("jobs", "train", "jobs.train")]
    [TestCase("inputs", "learning.rate", "inputs['learning.rate']")]
    [TestCase("inputs", "a[0]", "inputs['a[0]']")]
    [TestCase("tags", "it's", @"tags['it\'s']")]
    [TestCase("tags", @"back\slash", @"tags['back\\slash']")]
    [TestCase("tags", "two words", "tags['two words']")]
    [TestCase("tags", "", "tags['']")]
    [TestCase("", "a.b", "['a.b']")]
    public void Append_quotes_a_key_that_is_not_a_plain_segment(string path, string key, string expected) =>
        DiagnosticPath.Append(path, key).Should().Be(expected);

    [Test]
    public void Field_index_and_the_three_argument_append_build_nested_paths()
    {
        DiagnosticPath.Field("trial", "limits.timeout").Should().Be("trial.limits.timeout");
        DiagnosticPath.Index("command", 2).Should().Be("command[2]");
        DiagnosticPath.Append("jobs.train", "inputs", "group.lr").Should().Be("jobs.train.inputs['group.lr']");
    }

    [TestCase("jobs.train.inputs['a.b']", "jobs.train.inputs")]
    [TestCase("inputs['a.b'].path", "inputs['a.b']")]
    [TestCase(@"tags['x\'].y']", "tags")]
    [TestCase("command[0]", "command")]
    [TestCase("command", "")]
    [TestCase("", "")]
    public void Parent_cuts_at_the_last_separator_outside_quotes(string path, string parent) =>
        DiagnosticPath.Parent(path).Should().Be(parent);

    [TestCase("$", "")]
    [TestCase("$.properties.limits.timeout", "properties.limits.timeout")]
    [TestCase("$.properties.inputs['learning.rate']", "properties.inputs['learning.rate']")]
    [TestCase("$.properties.tags['plain']", "properties.tags.plain")]
    [TestCase("$.properties.jobs.train.outputs[0]", "properties.jobs.train.outputs[0]")]
    public void A_System_Text_Json_path_reads_as_a_definition_path(string jsonPath, string expected) =>
        DiagnosticPath.FromJsonPath(jsonPath).Should().Be(expected);

    [Test]
    public void The_validator_the_REST_face_and_the_YAML_source_map_quote_a_dotted_port_name_alike()
    {
        var yaml = """
            $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
            type: command
            command: python train.py
            environment: azureml:sklearn:3
            inputs:
              group.data:
                type: uri_file
            """;
        var loaded = YamlJobLoader.LoadText(yaml);
        var job = loaded.Definition.Should().BeOfType<CommandJob>().Subject;

        var validated = job.Validate().Should().ContainSingle(d => d.Code == ValidationCodes.RequiredFieldMissing).Subject;
        var written = JobRestMapper.ToRest(job, new RestMappingSession(new AzureMLWorkspaceScope("s", "g", "w"))).Diagnostics
            .Should().ContainSingle(d => d.Code == ValidationCodes.RequiredFieldMissing).Subject;

        validated.Path.Should().Be("inputs['group.data'].path");
        written.Path.Should().Be(validated.Path);
        loaded.SourceMap.Locate(validated.Path)!.Line.Should().Be(6, "the input's key is on line 6, and its path is found under it");
        loaded.Diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.RequiredFieldMissing).Which.Location!.Line.Should().Be(6);
    }
}
