using System.Security.Cryptography;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;

using static TrainingJobs.Sdk.Testing.Tests.StreamedLogs;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// Issue 13, acceptance 2, for the Azure backend's stream (against the emulator and a real Azurite): the values of the
/// definition's secret environment variables, and a secret the script prints, reach no streamed line, while the log in
/// Blob storage keeps them and the lines keep its offsets.
/// </summary>
[NonParallelizable]
public sealed class AzureStreamSecretsAgainstEmulatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    [Test]
    public async Task Secret_variables_and_printed_secrets_reach_no_streamed_line_and_the_blob_keeps_the_bytes_the_job_wrote()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var connection = $"DefaultEndpointsProtocol=https;AccountName=data;AccountKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))};EndpointSuffix=core.windows.net";
        var printed = "Zq" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var session = await EmulatorSession.StartAsync();
        await session.Client.SubmitAsync(new CommandJob
        {
            Name = "secrets",
            Command = $"echo \"token: $API_TOKEN\"; echo \"storage: $STORAGE\"; echo 'Authorization: Bearer {printed}'; echo done",
            EnvironmentVariables = ValueMap.Of(("API_TOKEN", token), ("STORAGE", connection)),
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Compute = session.WorkspacePath + "/computes/cpu-cluster",
        });

        var events = await CollectAsync(session.Client.StreamAsync("secrets")).WaitAsync(Bound);

        events[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed);
        var blob = await LogBlobAsync(session.Emulator, "secrets");
        blob.Should().Contain(token).And.Contain(connection).And.Contain(printed);
        var lines = events.OfType<JobLogEvent>().ToList();
        lines.Select(l => l.Text).Should().Equal("token: <redacted>", "storage: <redacted>", "Authorization: <redacted>", "done");
        var offsets = blob.Split('\n')[..^1].Aggregate(new List<long> { 0 }, (at, line) => [.. at, at[^1] + System.Text.Encoding.UTF8.GetByteCount(line) + 1]);
        lines.Select(l => l.Offset).Should().Equal(offsets[..^1], "offsets are those of the blob's lines");

        // In blocks (one per line on this backend): the same lines, offsets and redaction.
        var inBlocks = await CollectAsync(session.Client.StreamAsync("secrets", new StreamOptions { LogLinesInBlocks = true })).WaitAsync(Bound);
        inBlocks.Should().NotContain(e => e is JobLogEvent);
        var blockLines = new List<(long Offset, long Next, string Text)>();
        foreach (var block in inBlocks.OfType<JobLogBlockEvent>())
        {
            foreach (var line in block.Lines) blockLines.Add((line.Offset, line.NextOffset, line.Text));
            block.Position.LogOffsets[block.File].Should().Be(block.NextOffset);
        }
        blockLines.Should().Equal(lines.Select(l => (l.Offset, l.Position.LogOffsets[l.File], l.Text)));
        inBlocks[^1].Should().BeOfType<JobStatusEvent>().Which.Status.Should().Be(JobStatus.Completed, "the terminal status still comes last");
    }
}
