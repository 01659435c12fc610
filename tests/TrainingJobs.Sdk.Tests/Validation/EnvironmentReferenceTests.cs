using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>TJ0037: an environment reference that is neither an azureml: reference, an ARM id nor a file.</summary>
public sealed class EnvironmentReferenceTests
{
    [TestCase("abc")]
    [TestCase("sklearn:1")]
    [TestCase("< your environment name >")]
    [TestCase("./environment.yml")]
    public void A_bare_reference_raises_the_TJ0037_warning(string reference)
    {
        var warning = (Samples.Command() with { Environment = new EnvironmentReference(reference) })
            .With(ValidationCodes.UnresolvableEnvironmentReference).Should().ContainSingle().Subject;

        warning.Path.Should().Be("environment");
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Message.Should().Contain("azureml:<name>:<version>");
    }

    [TestCase("azureml:sklearn:1")]
    [TestCase("AzureML:sklearn@latest")]
    [TestCase("azureml://registries/azureml/environments/sklearn-1.5/versions/1")]
    [TestCase("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/environments/sklearn/versions/1")]
    [TestCase("file:./environment.yml")]
    public void References_Azure_ML_resolves_raise_no_TJ0037(string reference)
    {
        (Samples.Command() with { Environment = new EnvironmentReference(reference) })
            .With(ValidationCodes.UnresolvableEnvironmentReference).Should().BeEmpty();
    }

    [Test]
    public void A_bare_environment_in_a_yaml_file_is_flagged_at_its_line()
    {
        var result = YamlJobLoader.LoadText("type: command\ncommand: python train.py\nenvironment: abc\n", new YamlLoadOptions { SourceName = "job.yml" });

        result.Diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.UnresolvableEnvironmentReference)
            .Which.Location!.Line.Should().Be(3);
    }
}
