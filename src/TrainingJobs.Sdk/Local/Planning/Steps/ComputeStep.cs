namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>A local job runs on this machine: a compute target other than <c>local</c> is used on Azure ML only.</summary>
internal static class ComputeStep
{
    /// <summary>Warns when the job names a compute target that the local run ignores.</summary>
    public static void Check(PlanningContext context)
    {
        if (context.Job.Compute is { } compute && !string.Equals(compute, "local", StringComparison.OrdinalIgnoreCase))
        {
            context.Warn(LocalDiagnosticCodes.IgnoredSetting, "compute", $"The job runs on this machine; compute '{compute}' is used on Azure ML only.");
        }
    }
}
