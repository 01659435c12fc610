using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>Explicit YAML tags outside the core schema are refused, not silently dropped.</summary>
public sealed class YamlTagTests
{
    private const string Head = "type: command\ncommand: python train.py\n";

    private static YamlLoadResult Load(string yaml) =>
        YamlJobLoader.LoadText(Head + yaml, new YamlLoadOptions { SourceName = "job.yml" });

    [TestCase("environment: !!binary abc\n", "!!binary", 3, 14)]
    [TestCase("environment: azureml:sklearn:1\ntags: !!set {a, b}\n", "!!set", 4, 7)]
    [TestCase("environment: azureml:sklearn:1\ntags:\n  team: !vault ml-team\n", "!vault", 5, 9)]
    [TestCase("environment: azureml:sklearn:1\ninputs:\n  when: !!timestamp 2024-01-01\n", "!!timestamp", 5, 9)]
    public void A_tag_the_face_does_not_support_is_a_TJ1050_error_naming_the_tag(string yaml, string tag, int line, int column)
    {
        var result = Load(yaml);

        result.Definition.Should().BeNull();
        var error = result.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.UnsupportedYamlFeature).Subject;
        error.Severity.Should().Be(DiagnosticSeverity.Error);
        error.Message.Should().Contain($"'{tag}'");
        error.Location.Should().Be(new SourceLocation("job.yml", line, column));
    }

    [Test]
    public void Core_schema_tags_keep_working()
    {
        var result = Load("environment: !!str azureml:sklearn:1\ntags: !!map {version: !!str 01, count: !!int 3}\ninputs:\n  lr: !!float 0.1\n");

        result.Diagnostics.Should().NotContain(d => d.IsError);
        result.Definition!.Tags["version"].Should().Be("01");
    }
}
