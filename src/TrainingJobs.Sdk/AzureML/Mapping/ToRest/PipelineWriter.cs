using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>The fields of a pipeline job on the wire: its ports, its steps (see <see cref="StepWriter"/>) and its settings.</summary>
internal static class PipelineWriter
{
    /// <summary>The wire form of <paramref name="job"/> (without the fields every job has; see <see cref="JobToRest"/>).</summary>
    public static RestPipelineJob Write(PipelineJob job, string path, RestWriteContext context)
    {
        Dictionary<string, JsonNode?>? nodes = null;
        foreach (var (name, step) in job.Steps)
        {
            nodes ??= [];
            nodes[name] = StepWriter.Write(step, DiagnosticPath.Append(DiagnosticPath.Append(path, "jobs"), name), context);
        }
        return new RestPipelineJob
        {
            JobType = RestJobType.Pipeline,
            Inputs = PortWriter.Inputs(job.Inputs, DiagnosticPath.Append(path, "inputs"), context),
            Outputs = PortWriter.Outputs(job.Outputs, DiagnosticPath.Append(path, "outputs"), context),
            Jobs = nodes,
            Settings = Settings(job.Settings, DiagnosticPath.Append(path, "settings"), context),
        };
    }

    private static JsonNode? Settings(PipelineSettings? settings, string path, RestWriteContext context)
    {
        if (settings is null) return null;
        // Pipeline settings are free-form on the wire; azure-ai-ml sends them in YAML spelling with ARM ids.
        var wire = new JsonObject();
        if (settings.DefaultCompute is { } compute) wire["default_compute"] = ReferenceWriter.Compute(compute, DiagnosticPath.Append(path, "default_compute"), context);
        if (settings.DefaultDatastore is { } datastore) wire["default_datastore"] = ReferenceWriter.Datastore(datastore, DiagnosticPath.Append(path, "default_datastore"), context);
        if (settings.ContinueOnStepFailure is { } continueOnFailure) wire["continue_on_step_failure"] = continueOnFailure;
        if (settings.ForceRerun is { } forceRerun) wire["force_rerun"] = forceRerun;
        return wire;
    }
}
