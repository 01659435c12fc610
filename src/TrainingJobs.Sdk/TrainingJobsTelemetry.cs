namespace TrainingJobs.Sdk;

/// <summary>
/// The names this library's telemetry is published under, for OpenTelemetry's <c>AddSource</c> and <c>AddMeter</c>
/// (<c>docs/dependency-injection.md</c>, "OpenTelemetry").
/// </summary>
public static class TrainingJobsTelemetry
{
    /// <summary>
    /// The <see cref="System.Diagnostics.ActivitySource"/> of the local backend: one activity per <c>Validate</c>,
    /// <c>Submit</c>, <c>Cancel</c> and <c>Download</c>. The Azure ML backend's requests are traced by Azure.Core's
    /// HTTP pipeline instead.
    /// </summary>
    public const string ActivitySourceName = "TrainingJobs.Sdk.Local";

    /// <summary>
    /// The <see cref="System.Diagnostics.Metrics.Meter"/> of the client, for every backend:
    /// <c>trainingjobs.client.jobs.submitted</c> (counter), <c>trainingjobs.client.submit.duration</c> (histogram, seconds)
    /// and <c>trainingjobs.client.jobs.ended</c> (counter of the jobs <c>WaitForCompletionAsync</c> returned), tagged with
    /// <c>trainingjobs.backend</c>, <c>trainingjobs.job.kind</c> and, where they apply, <c>trainingjobs.outcome</c> and
    /// <c>trainingjobs.job.status</c>.
    /// </summary>
    public const string MeterName = "TrainingJobs.Sdk";
}
