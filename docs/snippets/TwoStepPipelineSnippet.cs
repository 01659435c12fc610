using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Docs.Snippets;

/// <summary>The two-step pipeline shown in docs/job-definitions.md; compiled and run by the test project.</summary>
public static class TwoStepPipelineSnippet
{
    /// <summary>Builds the documented pipeline.</summary>
    public static PipelineJob Build()
    {
        #region Snippet:TwoStepPipeline
        // What the pipeline takes and gives.
        var rawData = Input.UriFolder("raw_data", "azureml:taxi-raw:1");
        var trainedModel = Output.MLflowModel("trained_model").RegisterAs("taxi-model");

        // Step 1 cleans the data.
        var raw = Input.UriFolder("raw");
        var clean = Output.UriFolder("clean");
        var prep = new CommandJobBuilder()
            .WithCode("./prep")
            .WithCommand($"python prep.py --raw {raw} --clean {clean}")
            .WithEnvironment("azureml:sklearn-1.5:4")
            .AsStep("prep")
            .WithInput(raw, rawData);                    // ${{parent.inputs.raw_data}}

        // Step 2 trains on the cleaned data.
        var data = Input.UriFolder("data");
        var epochs = Input.Integer("epochs", 10);
        var model = Output.MLflowModel("model");
        var train = new CommandJobBuilder()
            .WithCode("./train")
            .WithCommand($"python train.py --data {data} --epochs {epochs} --model {model}")
            .WithEnvironment("azureml:sklearn-1.5:4")
            .AsStep("train")
            .WithInput(data, prep.Output(clean))         // ${{parent.jobs.prep.outputs.clean}}: the edge
            .WithOutput(model, trainedModel);            // ${{parent.outputs.trained_model}}

        PipelineJob pipeline = new PipelineJobBuilder()
            .WithDisplayName("NYC taxi: clean and train")
            .WithExperiment("taxi")
            .WithDefaultCompute("azureml:cpu-cluster")
            .WithSteps(prep, train)
            .Build();
        #endregion
        return pipeline;
    }
}
