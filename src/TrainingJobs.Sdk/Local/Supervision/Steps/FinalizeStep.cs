using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local.Files;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Local.Supervision.Steps;

/// <summary>
/// Finalizing: closes the job's MLflow runs the way the job ended, digests what it wrote, and reports log folders it
/// left unusable, now that nothing of the job writes any more.
/// </summary>
internal static class FinalizeStep
{
    /// <summary>Moves the job to <c>Finalizing</c> and does the work of that status.</summary>
    public static void Finalize(SupervisionContext context, LocalJobPlan plan, JobEnd end)
    {
        context.Store.Jobs.TryTransition(context.Name, JobStatus.Finalizing, context.Now);
        CloseRuns(context, end);
        RecordOutputDigests(context, plan);
        var jobFolder = context.Layout.JobFolder(context.Name);
        foreach (var problem in LogFolderCheck.Problems(jobFolder, context.Layout.UserLogsFolder(context.Name)))
        {
            context.Log(problem);
            context.Store.Jobs.AddWarning(context.Name, problem);
        }
    }

    /// <summary>The MLflow status of the job's run for how the job ended (a timeout fails the run; a cancel kills it).</summary>
    public static string RunStatusFor(JobEnd end) => end.Reason switch
    {
        EndReason.Exited => end.ExitCode == 0 ? "FINISHED" : "FAILED",
        EndReason.Canceled => "KILLED",
        _ => "FAILED",
    };

    /// <summary>
    /// Closes the MLflow runs the way the exit code says (never the other way round). The job's own run
    /// (MLFLOW_RUN_ID) always ends as the job does, even if the script marked it FINISHED and then failed: the job
    /// status wins. Runs the script created itself are closed only if it left them open.
    /// </summary>
    private static void CloseRuns(SupervisionContext context, JobEnd end)
    {
        var (store, name) = (context.Store, context.Name);
        var runStatus = RunStatusFor(end);
        foreach (var runId in store.Runs.IdsOfJob(name))
        {
            if (runId == name || store.Runs.Get(runId) is { Status: "RUNNING" or "SCHEDULED" }) store.Runs.Update(runId, runStatus, context.Now, null);
        }
    }

    /// <summary>Digests what the job wrote (named outputs and ./outputs).</summary>
    private static void RecordOutputDigests(SupervisionContext context, LocalJobPlan plan)
    {
        var (store, name) = (context.Store, context.Name);
        var artifacts = context.Layout.ArtifactsFolder(name);
        var folders = plan.Outputs.Select(o => (o.Key, o.Value)).Append(("artifacts/outputs", Path.Combine(artifacts, "outputs")));
        foreach (var (output, folder) in folders)
        {
            try
            {
                if (OutputDigests.Of(context.Layout.JobFolder(name), folder, context.Time) is not { } digest) continue;
                store.Jobs.SetOutputDigest(name, output, digest.Digest, digest.Files, digest.Bytes);
                store.Files.Record(name, Workspace.FileTable.Output, output, digest.Listing());
                foreach (var line in digest.Report(output + "/"))
                {
                    // The supervisor log for whoever reads system_logs, the job record for everyone else.
                    context.Log("output digest: " + line);
                    store.Jobs.AddWarning(name, $"Output digest of {line}");
                }
            }
            catch (IOException e)
            {
                context.Log($"could not digest output {output}: {e.Message}");
            }
        }
    }
}
