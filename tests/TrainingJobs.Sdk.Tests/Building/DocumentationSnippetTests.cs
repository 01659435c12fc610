using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets;

namespace TrainingJobs.Sdk.Tests.Building;

/// <summary>Runs the snippets of docs/job-definitions.md and checks the page shows them exactly.</summary>
public partial class DocumentationSnippetTests
{
    private static string DocPath => Path.Combine(TestPaths.RepositoryRoot, "docs", "job-definitions.md");

    private static string SnippetFolder => Path.Combine(TestPaths.RepositoryRoot, "docs", "snippets");

    [Test]
    public void The_command_job_snippet_builds_a_valid_definition()
    {
        var job = CommandJobSnippet.Build();

        job.Validate().Should().NotContain(d => d.IsError);
        job.Command.Should().Be(
            "python train.py --data ${{inputs.training_data}} --lr ${{inputs.learning_rate}} --model ${{outputs.model}} $[[--seed ${{inputs.seed}}]]");
        job.Inputs.Keys.Should().Equal("training_data", "learning_rate", "seed");
        job.Outputs["model"].AssetName.Should().Be("mnist-classifier");
    }

    [Test]
    public void The_two_step_pipeline_snippet_builds_a_valid_definition_with_its_edge()
    {
        var pipeline = TwoStepPipelineSnippet.Build();

        pipeline.Validate().Should().NotContain(d => d.IsError);
        pipeline.Steps.Keys.Should().Equal("prep", "train");
        ((BindingInput)pipeline.Steps["train"].Job.Inputs["data"]).Expression.Should().Be("${{parent.jobs.prep.outputs.clean}}");
        ((BindingInput)pipeline.Steps["prep"].Job.Inputs["raw"]).Expression.Should().Be("${{parent.inputs.raw_data}}");
        pipeline.Steps["train"].Job.Outputs["model"].Path.Should().Be("${{parent.outputs.trained_model}}");
        pipeline.Inputs.Keys.Should().Equal("raw_data");
        pipeline.Outputs.Keys.Should().Equal("trained_model");
    }

    [Test]
    public void The_sweep_snippet_builds_a_valid_definition()
    {
        var sweep = SweepJobSnippet.Build();

        sweep.Validate().Should().NotContain(d => d.IsError);
        sweep.SearchSpace.Keys.Should().Equal("learning_rate", "boosting");
        sweep.Inputs.Keys.Should().Equal("iris_csv");
    }

    [Test]
    public void Every_csharp_block_of_the_page_equals_its_snippet_region()
    {
        var blocks = CSharpBlocks(File.ReadAllText(DocPath)).ToList();

        blocks.Should().HaveCountGreaterThanOrEqualTo(2, "the page shows at least a command job and a pipeline");
        foreach (var (marker, code) in blocks)
        {
            marker.Should().NotBeNull($"every ```csharp block needs a <!-- snippet: File.cs#Region --> line before it:\n{code}");
            var region = Region(Path.Combine(SnippetFolder, marker!.Value.File), marker.Value.Region);
            Normalize(code).Should().Be(Normalize(region), $"the block for {marker.Value.File}#{marker.Value.Region} must match its snippet");
        }
    }

    [Test]
    public void Every_snippet_region_is_shown_on_the_page()
    {
        var shown = CSharpBlocks(File.ReadAllText(DocPath)).Select(b => b.Marker).OfType<(string File, string Region)>().ToHashSet();

        foreach (var file in Directory.GetFiles(SnippetFolder, "*.cs"))
        {
            foreach (Match match in RegionStart().Matches(File.ReadAllText(file)))
            {
                shown.Should().Contain((Path.GetFileName(file), match.Groups[1].Value));
            }
        }
    }

    [Test]
    public void The_comparison_notices_a_changed_block()
    {
        Normalize("var a = 1;\n  var b = 2;").Should().Be(Normalize("var a = 1;   var b =\t2;"));
        Normalize("var a = 1;").Should().NotBe(Normalize("var a = 2;"));
    }

    private static IEnumerable<((string File, string Region)? Marker, string Code)> CSharpBlocks(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            var previous = lines.Take(i).LastOrDefault(l => l.Trim().Length > 0) ?? "";
            var marker = Marker().Match(previous);
            yield return (marker.Success ? (marker.Groups[1].Value, marker.Groups[2].Value) : null, string.Join('\n', lines[(i + 1)..end]));
            i = end;
        }
    }

    private static string Region(string file, string name)
    {
        var lines = File.ReadAllLines(file);
        var start = Array.FindIndex(lines, l => l.Trim() == "#region Snippet:" + name);
        start.Should().BeGreaterThanOrEqualTo(0, $"{file} should have #region Snippet:{name}");
        var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "#endregion");
        return string.Join('\n', lines[(start + 1)..end]);
    }

    private static string Normalize(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*([\w.\-]+\.cs)#(\w+)\s*-->\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"#region Snippet:(\w+)")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
