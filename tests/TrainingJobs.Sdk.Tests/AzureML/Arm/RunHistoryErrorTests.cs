using System.Text.Json;
using TrainingJobs.Sdk.AzureML.Arm;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.AzureML.Arm;

/// <summary>The <c>error</c> of run history's run details, read into a <see cref="JobError"/>.</summary>
public sealed class RunHistoryErrorTests
{
    private static JobError? Read(string details)
    {
        using var document = JsonDocument.Parse(details);
        return RunHistory.Error(document.RootElement);
    }

    [Test]
    public void The_root_error_of_run_history_s_ErrorResponse_gives_code_and_message() =>
        Read("""{"status":"Failed","error":{"error":{"code":"UserError","message":"Execution failed. User process exited with status code 3.","details":[]},"time":"2026-12-04T12:00:00Z"}}""")
            .Should().Be(new JobError(JobErrorCode.UserError, "Execution failed. User process exited with status code 3."));

    [Test]
    public void A_bare_error_object_is_read_too_and_a_missing_code_is_Unknown()
    {
        Read("""{"error":{"code":"SystemError","message":"The node was lost."}}""").Should().Be(new JobError(JobErrorCode.SystemError, "The node was lost."));
        Read("""{"error":{"error":{"message":"No code given."}}}""").Should().Be(new JobError(new JobErrorCode("Unknown"), "No code given."));
    }

    [TestCase("""{"status":"Completed"}""")]
    [TestCase("""{"error":null}""")]
    [TestCase("""{"error":{"error":{}}}""")]
    [TestCase("""{"error":"text"}""")]
    public void No_error_or_an_empty_one_is_null(string details) => Read(details).Should().BeNull();
}
