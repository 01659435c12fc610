using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>Jobs built in C# (the documented builder snippets) save as YAML and load back equal.</summary>
public class BuilderRoundTripTests
{
    private static IEnumerable<TestCaseData> BuiltJobs()
    {
        yield return new TestCaseData((Func<JobDefinition>)CommandJobSnippet.Build).SetName("Command job built in C#");
        yield return new TestCaseData((Func<JobDefinition>)TwoStepPipelineSnippet.Build).SetName("Two-step pipeline built in C#");
        yield return new TestCaseData((Func<JobDefinition>)SweepJobSnippet.Build).SetName("Sweep built in C#");
    }

    [TestCaseSource(nameof(BuiltJobs))]
    public void A_built_job_saves_as_yaml_that_loads_back_equal(Func<JobDefinition> build)
    {
        var job = build();

        var yaml = YamlJobWriter.Write(job);
        var result = YamlJobLoader.LoadText(yaml);

        result.Diagnostics.Where(d => d.IsError).Should().BeEmpty(yaml);
        result.Definition.Should().Be(job, yaml);
    }
}
