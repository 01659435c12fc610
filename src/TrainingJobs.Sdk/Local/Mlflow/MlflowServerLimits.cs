namespace TrainingJobs.Sdk.Local.Mlflow;

/// <summary>
/// What one client of a job's tracking server may cost it. The job is untrusted: a connection that stops sending its
/// body, or stops reading its answer, is cut after <see cref="IoTimeout"/>, and no more than
/// <see cref="MaxRequestsInFlight"/> requests are served at once (more are answered 503, which MLflow clients retry).
/// </summary>
/// <param name="IoTimeout">How long reading one request body, and writing one answer, may take in all.</param>
/// <param name="MaxRequestsInFlight">How many requests are served at the same time.</param>
internal sealed record MlflowServerLimits(TimeSpan IoTimeout, int MaxRequestsInFlight)
{
    /// <summary>30 s per body and per answer (a stock client's own request timeout, MLFLOW_HTTP_REQUEST_TIMEOUT, is 30 s too); 64 requests at once.</summary>
    public static MlflowServerLimits Default { get; } = new(TimeSpan.FromSeconds(30), 64);
}
