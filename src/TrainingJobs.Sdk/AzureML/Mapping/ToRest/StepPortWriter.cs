using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>
/// A pipeline step's inputs and outputs in the free-form node shape azure-ai-ml sends (a job's own ports have a
/// typed wire form: see <see cref="PortWriter"/>).
/// </summary>
internal static class StepPortWriter
{
    /// <summary>The node's <c>inputs</c>; null when the step has none.</summary>
    public static JsonObject? Inputs(ValueMap<JobInput> inputs, string path, RestWriteContext context)
    {
        if (inputs.IsEmpty) return null;
        var wire = new JsonObject();
        foreach (var (name, input) in inputs)
        {
            var inputPath = DiagnosticPath.Append(path, name);
            var node = new JsonObject();
            switch (input)
            {
                case BindingInput binding:
                    node["job_input_type"] = "literal";
                    node["value"] = binding.Expression;
                    InputLosses.ReportBinding(binding, inputPath, modeCarried: true, context);
                    if (binding.Mode is { } bindingMode) node["mode"] = WireNames.InputModeToWire(bindingMode.ToString());
                    break;
                case LiteralInput literal when literal.EffectiveValue is { } value:
                    InputLosses.ReportAmbiguousLiteral(value, inputPath, context);
                    node["job_input_type"] = "literal";
                    node["value"] = WireValues.LiteralToWire(value);
                    break;
                case LiteralInput:
                    context.NotCarried(inputPath, "a literal input without a value");
                    continue;
                case AssetInput asset:
                    node["job_input_type"] = asset.Type.ToString();
                    node["uri"] = ReferenceWriter.DataPath(asset, DiagnosticPath.Append(inputPath, "path"), context);
                    if (asset.Mode is { } mode) node["mode"] = WireNames.InputModeToWire(mode.ToString());
                    break;
                default:
                    continue;
            }
            if (input.Description is not null) node["description"] = input.Description;
            wire[name] = node;
            context.Remember(inputPath, node.ToJsonString(), input);
        }
        return wire;
    }

    /// <summary>The node's <c>outputs</c>; null when the step has none.</summary>
    public static JsonObject? Outputs(ValueMap<JobOutput> outputs, string path, RestWriteContext context)
    {
        if (outputs.IsEmpty) return null;
        var wire = new JsonObject();
        foreach (var (name, output) in outputs)
        {
            var node = new JsonObject();
            if (output.Path is { } bound && bound.StartsWith("${{", StringComparison.Ordinal))
            {
                node["value"] = bound;
                node["type"] = "literal";
                // A bound output takes its type from what it is bound to; azure-ai-ml sends only the binding.
                if (output.Type is not null) context.NotCarried(DiagnosticPath.Append(DiagnosticPath.Append(path, name), "type"), "the type of a step output bound to a pipeline output (the pipeline output's type applies)");
            }
            else
            {
                node["job_output_type"] = output.EffectiveType.ToString();
                if (output.Path is not null) node["uri"] = output.Path;
            }
            if (output.Mode is { } mode) node["mode"] = WireNames.OutputModeToWire(mode.ToString());
            if (output.AssetName is not null) node["asset_name"] = output.AssetName;
            if (output.AssetVersion is not null) node["asset_version"] = output.AssetVersion;
            if (output.IsControl is { } isControl) node["is_control"] = isControl;
            if (output.Description is not null) node["description"] = output.Description;
            wire[name] = node;
            context.Remember(DiagnosticPath.Append(path, name), node.ToJsonString(), output);
        }
        return wire;
    }
}
