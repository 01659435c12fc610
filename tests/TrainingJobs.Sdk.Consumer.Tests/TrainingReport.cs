using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Consumer.Tests;

/// <summary>
/// Code an application might write against the client: submit a job, follow it, and report how it went. The
/// tests below run it against a faked client.
/// </summary>
public sealed class TrainingReport
{
    private readonly TrainingJobsClient _client;

    public TrainingReport(TrainingJobsClient client) => _client = client;

    /// <summary>Submits the job, collects its log lines and last loss, and downloads its outputs when it completed.</summary>
    public async Task<Summary> RunAsync(JobDefinition definition, string downloadPath, CancellationToken cancellationToken = default)
    {
        var job = await _client.SubmitAsync(definition, cancellationToken: cancellationToken);
        var lines = new List<string>();
        double? lastLoss = null;
        JobStatusEvent? last = null;
        await foreach (var e in _client.StreamAsync(job.Name, cancellationToken: cancellationToken))
        {
            switch (e)
            {
                case JobLogEvent log:
                    lines.Add(log.Text);
                    break;
                case JobMetricEvent { Metric.Key: "loss" } metric:
                    lastLoss = metric.Metric.Value;
                    break;
                case JobStatusEvent status:
                    last = status;
                    break;
            }
        }
        var files = 0;
        if (last?.Status == JobStatus.Completed)
        {
            var download = await _client.DownloadAsync(job.Name, new DownloadOptions { All = true, DownloadPath = downloadPath }, cancellationToken);
            files = download.Downloaded.Sum(d => d.FileCount);
        }
        return new Summary(job.Name, last?.Status ?? JobStatus.Unknown, last?.Error?.Code, lines, lastLoss, files);
    }

    /// <summary>The names of the experiment's jobs that failed because they timed out.</summary>
    public async Task<IReadOnlyList<string>> TimedOutAsync(string experiment, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        await foreach (var job in _client.GetJobsAsync(new JobQuery { ExperimentName = experiment, Status = JobStatus.Failed }, cancellationToken))
        {
            if (job.Error?.Code == JobErrorCode.JobTimeout) names.Add(job.Name);
        }
        return names;
    }

    public sealed record Summary(string Name, JobStatus Status, JobErrorCode? ErrorCode, IReadOnlyList<string> Lines, double? LastLoss, int FilesDownloaded);
}
