using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Client;

public sealed class JobErrorCodeTests
{
    [Test]
    public void Known_values_compare_ignoring_case_and_keep_their_text()
    {
        JobErrorCode parsed = "jobtimeout";

        (parsed == JobErrorCode.JobTimeout).Should().BeTrue();
        (parsed != JobErrorCode.UserError).Should().BeTrue();
        parsed.GetHashCode().Should().Be(JobErrorCode.JobTimeout.GetHashCode());
        JobErrorCode.JobTimeout.ToString().Should().Be("JobTimeout");
        JobErrorCode.Known.Select(c => c.ToString()).Should().Equal("UserError", "SystemError", "JobTimeout", "SupervisorLost", "DiskFull", "Canceled");
    }

    [Test]
    public void An_unknown_code_survives_unchanged()
    {
        var code = new JobErrorCode("QuotaExceeded");

        code.IsKnown.Should().BeFalse();
        code.ToString().Should().Be("QuotaExceeded");
        JobErrorCode.DiskFull.IsKnown.Should().BeTrue();
        FluentActions.Invoking(() => new JobErrorCode(null!)).Should().Throw<ArgumentNullException>();
    }
}
