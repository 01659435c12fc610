using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Docs.Snippets;

/// <summary>The sweep shown in docs/job-definitions.md; compiled and run by the test project.</summary>
public static class SweepJobSnippet
{
    /// <summary>Builds the documented sweep.</summary>
    public static SweepJob Build()
    {
        #region Snippet:SweepJob
        var iris = Input.UriFile("iris_csv", "azureml:iris:1");
        var learningRate = SearchSpace.LogUniform("learning_rate", -6, -1);
        var boosting = SearchSpace.Choice("boosting", "gbdt", "dart");

        SweepJob sweep = new SweepJobBuilder()
            .WithTrial(new CommandJobBuilder()
                .WithCode("./src")
                .WithCommand($"python main.py --iris-csv {iris} --learning-rate {learningRate} --boosting {boosting}")
                .WithEnvironment("azureml:lightgbm-3.3:2"))
            .WithCompute("azureml:cpu-cluster")
            .WithRandomSampling(seed: 42)
            .WithObjective("test-multi_logloss", Goal.Minimize)
            .WithLimits(maxTotalTrials: 20, maxConcurrentTrials: 10, timeout: TimeSpan.FromHours(2))
            .WithEarlyTermination(new BanditPolicy { SlackFactor = 0.1, EvaluationInterval = 1 })
            .Build();
        #endregion
        return sweep;
    }
}
