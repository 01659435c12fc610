using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Cli.Tests;

/// <summary><c>tj job show</c> (json and yaml) shows a job's secrets redacted, including a job that printed them and failed.</summary>
[Parallelizable(ParallelScope.All)]
public class LocalJobSecretsCliTests
{
    private const string Token = "tok-3d5f8a1b9c7e-only-the-job-sees";

    [Test]
    public async Task Show_as_json_and_yaml_never_contains_a_secret_value_or_the_jobs_MLflow_token()
    {
        await using var ws = new LocalCliWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "printf %s \"$MLFLOW_TRACKING_TOKEN\" > outputs/token; echo \"$HF_TOKEN $MLFLOW_TRACKING_TOKEN\"; exit 1",
            EnvironmentVariables = ValueMap.Of(("HF_TOKEN", Token)),
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        (await ws.Client.WaitForCompletionAsync(job.Name, timeout.Token)).Status.Should().Be(JobStatus.Failed);
        var mlflowToken = await File.ReadAllTextAsync(Path.Combine(ws.Home, "jobs", job.Name, "artifacts", "outputs", "token"));
        mlflowToken.Should().NotBeEmpty();

        foreach (var format in new[] { "json", "yaml" })
        {
            var (code, output, _) = await ws.RunAsync("job", "show", "--name", job.Name, "-o", format);

            code.Should().Be(0);
            output.Should().Contain("HF_TOKEN").And.Contain("<redacted>", format).And.NotContain(Token, format).And.NotContain(mlflowToken, format);
        }
    }
}
