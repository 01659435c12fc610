using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// The user's shell may hold MLflow variables for another server (a user and password make a stock client send basic
/// auth, which the job's endpoint refuses with 401). Setting them changes this test process's environment, which every
/// supervisor inherits, so this test runs alone.
/// </summary>
[NonParallelizable]
public class InheritedMlflowVariablesTests
{
    [Test]
    public async Task MLflow_variables_inherited_from_the_submitter_do_not_reach_the_job_only_its_own_do()
    {
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_USERNAME", "someone");
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_PASSWORD", "secret");
        try
        {
            await using var ws = new TempWorkspace();
            var job = await ws.Client.SubmitAsync(new CommandJob
            {
                Command = "echo \"user=${MLFLOW_TRACKING_USERNAME-unset} password=${MLFLOW_TRACKING_PASSWORD-unset} own=$MLFLOW_RUN_ID set=$MLFLOW_FROM_JOB\"",
                EnvironmentVariables = ValueMap.Of(("MLFLOW_FROM_JOB", "kept")),
            });

            var done = await ws.WaitAsync(job.Name);

            done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
            var log = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs", "std_log.txt"));
            log.Should().Be($"user=unset password=unset own={job.Name} set=kept\n");
        }
        finally
        {
            Environment.SetEnvironmentVariable("MLFLOW_TRACKING_USERNAME", null);
            Environment.SetEnvironmentVariable("MLFLOW_TRACKING_PASSWORD", null);
        }
    }
}
