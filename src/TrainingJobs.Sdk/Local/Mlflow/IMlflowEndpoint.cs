namespace TrainingJobs.Sdk.Local.Mlflow;

/// <summary>
/// Where one job's MLflow clients are pointed: its tracking URI and bearer token, served until disposed. A server of
/// its own (<see cref="MlflowServer"/>) or its route on a server its supervisor shares (<see cref="MlflowRoute"/>).
/// </summary>
internal interface IMlflowEndpoint : IAsyncDisposable
{
    /// <summary>The tracking URI (<c>MLFLOW_TRACKING_URI</c>).</summary>
    Uri Address { get; }

    /// <summary>The bearer token (<c>MLFLOW_TRACKING_TOKEN</c>).</summary>
    string Token { get; }
}
