using TrainingJobs.Sdk.AzureML.Backend;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.AzureML.Backend;

/// <summary>The rules of the Azure ML stream that need no service: its poll schedule and its status sequence numbers.</summary>
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
}
