using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets;

namespace TrainingJobs.Sdk.Tests.Building;

/// <summary>Runs the snippets of docs/job-definitions.md (DocsSnippetTests checks the page shows them exactly).</summary>
public class DocumentationSnippetTests
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
}
