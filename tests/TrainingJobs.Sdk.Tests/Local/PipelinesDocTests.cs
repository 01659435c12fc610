using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets.Pipelines;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>docs/pipelines-and-sweeps.md: its builder-defined pipeline runs locally, and its YAML block is the same pipeline (DocsSnippetTests checks the C# blocks).</summary>
public partial class PipelinesDocTests
{
    private static string DocPath => Path.Combine(TestPaths.RepositoryRoot, "docs", "pipelines-and-sweeps.md");

    private static string SnippetFolder => Path.Combine(TestPaths.RepositoryRoot, "docs", "snippets", "pipelines");

    [Test]
    public void The_documented_pipeline_is_a_valid_diamond()
    {
        var pipeline = LocalPipelineSnippet.Build();

        pipeline.Validate().Should().NotContain(d => d.IsError);
        pipeline.Steps.Keys.Should().Equal("prep", "square", "total", "report");
        Binding(pipeline, "square", "numbers").Should().Be("${{parent.jobs.prep.outputs.numbers}}");
        Binding(pipeline, "total", "numbers").Should().Be("${{parent.jobs.prep.outputs.numbers}}");
        Binding(pipeline, "report", "squares").Should().Be("${{parent.jobs.square.outputs.squares}}");
        Binding(pipeline, "report", "total").Should().Be("${{parent.jobs.total.outputs.total}}");
        pipeline.Steps["report"].Job.Outputs["summary"].Path.Should().Be("${{parent.outputs.report}}");
        pipeline.Outputs.Keys.Should().Equal("report");
    }

    [Test]
    public async Task The_documented_pipeline_runs_locally_with_data_flowing_through_files()
    {
        await using var ws = new TempWorkspace();

        var (pipeline, steps, lines, download) = await LocalPipelineSnippet.RunAsync(ws.Options.Home!, Path.Combine(ws.Work, "dl"));

        pipeline.Status.Should().Be(JobStatus.Completed, pipeline.Error?.Message);
        steps.Should().HaveCount(4).And.OnlyContain(s => s.Status == JobStatus.Completed && s.ParentJobName == pipeline.Name);
        lines.Should().Contain("[report] sum=55 squares=10", "report read both branches' files, each computed from prep's file");
        var report = download.Downloaded.Should().ContainSingle(d => d.Name == "report").Subject;
        (await File.ReadAllTextAsync(Path.Combine(report.LocalPath, "report.txt"))).Trim().Should().Be("sum=55 squares=10");
    }

    [Test]
    public void The_yaml_block_of_the_page_is_the_same_pipeline_as_the_builder_snippet()
    {
        var page = File.ReadAllText(DocPath).ReplaceLineEndings("\n");
        var block = YamlBlock().Match(page);
        block.Success.Should().BeTrue("the page shows the diamond as YAML under <!-- same-as: pipelines/LocalPipelineSnippet.cs#DiamondPipeline -->");

        var loaded = YamlJobLoader.LoadText(block.Groups[1].Value);

        loaded.Diagnostics.Should().NotContain(d => d.IsError);
        // Compared in the writer's canonical form, so the page may use the short forms az ml accepts.
        YamlJobWriter.Write(loaded.Definition!).Should().Be(YamlJobWriter.Write(LocalPipelineSnippet.Build()));
    }

    private static string? Binding(PipelineJob pipeline, string step, string input) =>
        (pipeline.Steps[step].Job.Inputs[input] as BindingInput)?.Expression;

    [GeneratedRegex(@"<!--\s*same-as:\s*pipelines/LocalPipelineSnippet\.cs#DiamondPipeline\s*-->\s*\n```yaml\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
