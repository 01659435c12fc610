using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.Validation;

public class CleanSampleTests
{
    private static IEnumerable<TestCaseData> AllSamples()
    {
        yield return new TestCaseData(Samples.Command()).SetName("Command sample");
        yield return new TestCaseData(Samples.Pipeline()).SetName("Pipeline sample");
        yield return new TestCaseData(Samples.Sweep()).SetName("Sweep sample");
    }

    [TestCaseSource(nameof(AllSamples))]
    public void A_well_formed_job_validates_without_any_diagnostic(JobDefinition job)
    {
        job.Validate().Should().BeEmpty();
    }
}
