namespace TrainingJobs.Sdk.Local.Planning.Steps;

/// <summary>
/// The environment variables a job runs with: those Azure ML sets (run id, experiment, working folder, one per input
/// and output), then the job's own, which win.
/// </summary>
internal static class JobVariables
{
    /// <summary>The variables for the job in <paramref name="context"/>.</summary>
    public static Dictionary<string, string> For(PlanningContext context, string experimentId, InputStep.ResolvedInputs inputs, IReadOnlyDictionary<string, string> outputs)
    {
        var job = context.Job;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AZUREML_RUN_ID"] = job.Name!,
            ["AZUREML_ARM_PROJECT_NAME"] = LocalPlanner.ExperimentOf(job),
            ["AZUREML_EXPERIMENT_ID"] = experimentId,
            ["AZUREML_ARM_WORKSPACE_NAME"] = "local",
            ["AZUREML_CR_EXECUTION_WORKING_DIR_PATH"] = context.InJobFolder("code"),
            ["AZUREML_LOCAL_JOB_FOLDER"] = context.JobFolder,
            ["PYTHONUNBUFFERED"] = "1",
        };
        foreach (var (name, value) in inputs.Values)
        {
            variables["AZUREML_PARAMETER_" + name] = value;
            if (job.Inputs[name] is Definitions.AssetInput) variables["AZURE_ML_INPUT_" + name] = value;
        }
        foreach (var (name, value) in outputs)
        {
            variables["AZUREML_PARAMETER_" + name] = value;
            variables["AZURE_ML_OUTPUT_" + name] = value;
        }
        foreach (var (key, value) in job.EnvironmentVariables) variables[key] = value;
        return variables;
    }
}
