using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>The fields of a pipeline job read back from the wire: its ports, its steps (see <see cref="StepReader"/>) and its settings.</summary>
internal static class PipelineReader
{
    /// <summary>The pipeline job in <paramref name="wire"/> (without the fields every job has; see <see cref="JobFromRest"/>).</summary>
    public static PipelineJob Read(RestPipelineJob wire, string path, RestReadContext context)
    {
        var steps = new List<KeyValuePair<string, PipelineStep>>();
        foreach (var (name, node) in wire.Jobs ?? [])
        {
            if (StepReader.Read(node, DiagnosticPath.Append(DiagnosticPath.Append(path, "jobs"), name), context) is { } step) steps.Add(new(name, step));
        }
        return new PipelineJob
        {
            Inputs = PortReader.Inputs(wire.Inputs, DiagnosticPath.Append(path, "inputs"), context),
            Outputs = PortReader.Outputs(wire.Outputs, DiagnosticPath.Append(path, "outputs"), context),
            Steps = ValueMap.From(steps),
            Settings = Settings(wire.Settings, DiagnosticPath.Append(path, "settings"), context),
        };
    }

    private static PipelineSettings? Settings(JsonNode? wire, string path, RestReadContext context)
    {
        if (wire is not JsonObject settings) return null;
        string? Text(string key) => settings[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        bool? Flag(string key) => settings[key] is JsonValue v && v.TryGetValue(out bool b) ? b : null;
        return new PipelineSettings
        {
            DefaultCompute = ReferenceReader.Compute(Text("default_compute"), DiagnosticPath.Append(path, "default_compute"), context),
            DefaultDatastore = ReferenceReader.Datastore(Text("default_datastore"), DiagnosticPath.Append(path, "default_datastore"), context),
            ContinueOnStepFailure = Flag("continue_on_step_failure"),
            ForceRerun = Flag("force_rerun"),
        };
    }
}
