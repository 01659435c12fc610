using TrainingJobs.Sdk.AzureML.Backend;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.AzureML.Backend;

/// <summary>The rules of the Azure ML stream that need no service: its poll schedule, its status sequence numbers and its legacy log names.</summary>
public class AzureJobStreamTests
{
    [Test]
    public void Polls_are_2_s_apart_while_the_job_writes_and_back_off_to_60_s_when_it_is_quiet()
    {
        AzureJobStream.NextInterval(TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(2));
        AzureJobStream.NextInterval(TimeSpan.FromSeconds(10)).Should().Be(TimeSpan.FromSeconds(2));
        AzureJobStream.NextInterval(TimeSpan.FromSeconds(92)).Should().BeCloseTo(TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(1));
        AzureJobStream.NextInterval(TimeSpan.FromHours(3)).Should().Be(TimeSpan.FromSeconds(60));
    }

    [Test]
    public void Status_sequence_numbers_follow_the_Azure_ML_lifecycle_so_a_resumed_stream_skips_what_it_saw()
    {
        JobStatus[] lifecycle = [JobStatus.NotStarted, JobStatus.Starting, JobStatus.Provisioning, JobStatus.Preparing, JobStatus.Queued, JobStatus.Running, JobStatus.Finalizing, JobStatus.Completed];
        lifecycle.Select(AzureJobStream.StatusSequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        AzureJobStream.StatusSequence(JobStatus.Failed).Should().Be(AzureJobStream.StatusSequence(JobStatus.Canceled));
        AzureJobStream.StatusSequence(JobStatus.CancelRequested).Should().BeGreaterThan(AzureJobStream.StatusSequence(JobStatus.Running));
    }

    [Test]
    public void Without_user_logs_a_run_falls_back_to_azure_ai_mls_legacy_log_of_its_type()
    {
        var command = AzureRunLogs.LegacyLog(JobKind.Command);
        command.IsMatch("azureml-logs/70_driver_log.txt").Should().BeTrue();
        command.IsMatch("azureml-logs/hyperdrive.txt").Should().BeFalse("a command's legacy logs are numbered");
        command.IsMatch("azureml-logs/70_driver_log.txt.bak").Should().BeFalse();
        var sweep = AzureRunLogs.LegacyLog(JobKind.Sweep);
        sweep.IsMatch("azureml-logs/hyperdrive.txt").Should().BeTrue();
        sweep.IsMatch("azureml-logs/70_driver_log.txt").Should().BeFalse();
    }

    [Test]
    public void A_runs_log_lines_have_its_definitions_secret_variables_redacted_a_sweeps_from_its_trial_a_steps_with_its_components()
    {
        const string Token = "5b1e0c9d7a3f2e4d6c8b0a1f3e5d7c9b";
        var command = new CommandJob { Command = "train", EnvironmentVariables = ValueMap.Of(("HF_TOKEN", Token), ("EPOCHS", "1000")) };
        var sweep = new SweepJob
        {
            Trial = command,
            SamplingAlgorithm = new RandomSamplingAlgorithm(),
            Objective = new SweepObjective("loss", Goal.Minimize),
        };
        var body = new CommandJob { EnvironmentVariables = ValueMap.Of(("DB_PASSWORD", "correct-horse-battery")) };

        AzureRunLogs.SecretsOf(command).Redact($"token {Token} for 1000 epochs").Should().Be("token <redacted> for 1000 epochs");
        AzureRunLogs.SecretsOf(sweep).Redact(Token).Should().Be("<redacted>");
        AzureRunLogs.SecretsOf(new CommandJob(), body).Redact("pw correct-horse-battery").Should().Be("pw <redacted>");
        AzureRunLogs.SecretsOf(new PipelineJob()).Count.Should().Be(0);
    }
}
