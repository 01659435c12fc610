using System.Text.Json;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// The secret values of a local job as any process can know them: from its stored plan, which holds the environment the
/// job receives (values included) and its MLflow token. What a stream reader redacts in the job's log lines.
/// </summary>
internal static class JobSecrets
{
    /// <summary>The variable that carries the job's MLflow token.</summary>
    public const string TrackingTokenVariable = "MLFLOW_TRACKING_TOKEN";

    /// <summary>The secrets of a job with this plan.</summary>
    public static SecretValues Of(LocalJobPlan plan) => SecretValues.Of(plan.TrackingToken is { } token
        ? plan.Environment.Append(KeyValuePair.Create(TrackingTokenVariable, token))
        : plan.Environment);

    /// <summary>
    /// The secrets of a stored job: <see cref="SecretValues.None"/> for a job without a command plan (a pipeline, a
    /// sweep, a step that was never planned: none of them runs a process of its own).
    /// </summary>
    public static SecretValues Read(JobStore store, string name) =>
        store.Jobs.Get(name) is { Kind: StoredJobKinds.Command, PlanJson: not "{}" } row
            ? Of(JsonSerializer.Deserialize(row.PlanJson, LocalJsonContext.Default.LocalJobPlan)!)
            : SecretValues.None;
}
