namespace TrainingJobs.Sdk;

/// <summary>
/// The names this library's telemetry is published under, for OpenTelemetry's <c>AddSource</c>
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
}
