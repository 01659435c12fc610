using System.Diagnostics;
using System.Diagnostics.Metrics;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Telemetry;

/// <summary>
/// The client's instruments on the <see cref="TrainingJobsTelemetry.MeterName"/> meter: what every backend's jobs
/// share, measured once in <see cref="TrainingJobsClient"/> rather than in each backend.
/// </summary>
internal static class ClientMetrics
{
    private static readonly Meter Meter = new(TrainingJobsTelemetry.MeterName);

    private static readonly Counter<long> Submitted = Meter.CreateCounter<long>(
        "trainingjobs.client.jobs.submitted", "{job}", "Jobs this process submitted, by backend and job kind.");

    private static readonly Histogram<double> SubmitDuration = Meter.CreateHistogram<double>(
        "trainingjobs.client.submit.duration", "s", "Time SubmitAsync took (validation, uploads or the local plan, the record), by backend, job kind and outcome.");

    private static readonly Counter<long> Ended = Meter.CreateCounter<long>(
        "trainingjobs.client.jobs.ended", "{job}", "Jobs this process waited for to their end (WaitForCompletionAsync), by backend, job kind and terminal status.");

    /// <summary>A submit ended: <paramref name="submitted"/> says whether the job was created.</summary>
    public static void RecordSubmit(string backend, JobKind kind, long startTimestamp, bool submitted)
    {
        var tags = new TagList { { "trainingjobs.backend", backend }, { "trainingjobs.job.kind", Kind(kind) }, { "trainingjobs.outcome", submitted ? "submitted" : "error" } };
        SubmitDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        if (submitted) Submitted.Add(1, new TagList { { "trainingjobs.backend", backend }, { "trainingjobs.job.kind", Kind(kind) } });
    }

    /// <summary>A wait returned a terminal job.</summary>
    public static void RecordEnd(string backend, JobKind kind, JobStatus status) =>
        Ended.Add(1, new TagList { { "trainingjobs.backend", backend }, { "trainingjobs.job.kind", Kind(kind) }, { "trainingjobs.job.status", status.ToString() } });

    private static string Kind(JobKind kind) => kind.ToString().ToLowerInvariant();
}
