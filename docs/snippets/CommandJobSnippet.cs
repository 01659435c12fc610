using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using static TrainingJobs.Sdk.Building.CommandText;

namespace TrainingJobs.Sdk.Docs.Snippets;

/// <summary>The command job shown in docs/job-definitions.md; compiled and run by the test project.</summary>
public static class CommandJobSnippet
{
    /// <summary>Builds the documented command job.</summary>
    public static CommandJob Build()
    {
        #region Snippet:CommandJob
        var trainingData = Input.UriFolder("training_data", "azureml:mnist-train:3");
        var learningRate = Input.Number("learning_rate", 0.01).WithRange(0.0001, 1);
        var seed = Input.Integer("seed").AsOptional();
        var model = Output.MLflowModel("model").RegisterAs("mnist-classifier");

        CommandJob job = new CommandJobBuilder()
            .WithDisplayName("Train the MNIST classifier")
            .WithExperiment("mnist")
            .WithCode("./src")
            .WithCommand($"python train.py --data {trainingData} --lr {learningRate} --model {model} {Optional($"--seed {seed}")}")
            .WithEnvironment("azureml:acpt-pytorch-2.2-cuda12.1:10")
            .WithCompute("azureml:gpu-cluster")
            .WithInstances(2, "Standard_NC6s_v3")
            .WithPyTorchDistribution(processCountPerInstance: 1)
            .WithTimeout(TimeSpan.FromHours(2))
            .WithTag("team", "vision")
            .Build();
        #endregion
        return job;
    }
}
