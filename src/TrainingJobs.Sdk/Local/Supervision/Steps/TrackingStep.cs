using TrainingJobs.Sdk.Local.Mlflow;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Local.Supervision.Steps;

/// <summary>
/// Preparing: hosts the job's MLflow endpoint with its pre-created run (<c>MLFLOW_RUN_ID</c> = the job's name): a server
/// of its own, or its route on the server its parent's supervisor shares among its children.
/// </summary>
internal static class TrackingStep
{
    /// <summary>Starts the endpoint and records the job's run; the caller disposes the endpoint when the job has ended.</summary>
    public static async Task<IMlflowEndpoint> HostAsync(SupervisionContext context, LocalJobPlan plan)
    {
        var (store, name) = (context.Store, context.Name);
        var jobFolder = context.Layout.JobFolder(name);
        // The plan's token: stream readers in other processes know it from the plan, and redact it (JobSecrets).
        var api = new MlflowApi(store, name, jobFolder, context.Time);
        IMlflowEndpoint mlflow = context.SharedTracking is { } shared ? shared.Add(name, api, plan.TrackingToken ?? MlflowServer.NewToken()) : MlflowServer.Start(api, token: plan.TrackingToken);
        try
        {
            store.Runs.Insert(new RunRow(name, name, plan.ExperimentId, name, Environment.UserName, "RUNNING", context.Now, null, "active", MlflowApi.JobArtifactUri(jobFolder)));
            store.Runs.SetTag(name, "mlflow.runName", name);
            store.Jobs.SetTrackingUri(name, mlflow.Address.ToString());
            return mlflow;
        }
        catch
        {
            // The caller never receives the server: it is stopped here.
            await mlflow.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The job's environment: the plan's variables, and those that point MLflow clients at the job's run.</summary>
    public static Dictionary<string, string> VariablesFor(LocalJobPlan plan, string name, Uri address, string token) =>
        new(plan.Environment, StringComparer.Ordinal)
        {
            ["MLFLOW_TRACKING_URI"] = address.ToString().TrimEnd('/'),
            [JobSecrets.TrackingTokenVariable] = token,
            ["MLFLOW_RUN_ID"] = name,
            ["MLFLOW_EXPERIMENT_NAME"] = plan.ExperimentName,
            ["MLFLOW_EXPERIMENT_ID"] = plan.ExperimentId,
            ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "2",
            ["MLFLOW_HTTP_REQUEST_TIMEOUT"] = "30",
            ["MLFLOW_DISABLE_TELEMETRY"] = "true",
        };
}
