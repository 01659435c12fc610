using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>A job's inputs and outputs in their typed wire form (a pipeline step's use <see cref="StepPortWriter"/>).</summary>
internal static class PortWriter
{
    /// <summary>The job's inputs; null when it has none that the wire can carry.</summary>
    public static Dictionary<string, RestJobInput>? Inputs(ValueMap<JobInput> inputs, string path, RestWriteContext context)
    {
        Dictionary<string, RestJobInput>? wire = null;
        foreach (var (name, input) in inputs)
        {
            var inputPath = DiagnosticPath.Append(path, name);
            var converted = Input(input, inputPath, context);
            if (converted is null) continue;
            (wire ??= new(StringComparer.Ordinal))[name] = converted;
            // The wire has no declared type, bounds or optionality; the session restores the input as written
            // while the wire input is unchanged.
            context.Remember(inputPath, RestJson.Serialize<RestJobInput>(converted), input);
        }
        return wire;
    }

    private static RestJobInput? Input(JobInput input, string path, RestWriteContext context)
    {
        switch (input)
        {
            case LiteralInput literal:
                if (literal.EffectiveValue is not { } value)
                {
                    context.NotCarried(path, "a literal input without a value (the wire requires one)");
                    return null;
                }
                InputLosses.ReportLiteral(literal, value, path, context);
                return new RestLiteralJobInput { JobInputType = RestJobInputType.Literal, Value = WireValues.LiteralToWire(value), Description = literal.Description };
            case AssetInput asset:
                if (asset.Optional is not null) context.NotCarried(DiagnosticPath.Append(path, "optional"), "'optional' on a job input");
                return new RestAssetJobInput
                {
                    JobInputType = new RestJobInputType(asset.Type.ToString()),
                    Uri = ReferenceWriter.DataPath(asset, DiagnosticPath.Append(path, "path"), context),
                    Mode = asset.Mode is { } mode ? new RestInputDeliveryMode(WireNames.InputModeToWire(mode.ToString())) : null,
                    Description = asset.Description,
                };
            case BindingInput binding:
                // A binding on a job (not a step) is passed as literal text, as azure-ai-ml does: nothing else of it has a place.
                InputLosses.ReportBinding(binding, path, modeCarried: false, context);
                return new RestLiteralJobInput { JobInputType = RestJobInputType.Literal, Value = binding.Expression, Description = binding.Description };
            default:
                return null;
        }
    }

    /// <summary>The job's outputs; null when it has none that the wire can carry.</summary>
    public static Dictionary<string, RestJobOutput>? Outputs(ValueMap<JobOutput> outputs, string path, RestWriteContext context)
    {
        Dictionary<string, RestJobOutput>? wire = null;
        foreach (var (name, output) in outputs)
        {
            var outputPath = DiagnosticPath.Append(path, name);
            if (output.Type is { IsLiteral: true } type)
            {
                context.NotCarried(outputPath, $"an output of literal type '{type}' (control outputs exist only on pipeline steps)");
                continue;
            }
            if (output.AssetName is not null || output.AssetVersion is not null) context.NotCarried(outputPath, "the asset name/version an output is registered as");
            if (output.IsControl is not null) context.NotCarried(outputPath, "'is_control' on a job output");
            var converted = new RestAssetJobOutput
            {
                JobOutputType = new RestJobOutputType(output.EffectiveType.ToString()),
                Uri = output.Path,
                Mode = output.Mode is { } mode ? new RestOutputDeliveryMode(WireNames.OutputModeToWire(mode.ToString())) : null,
                Description = output.Description,
            };
            (wire ??= new(StringComparer.Ordinal))[name] = converted;
            context.Remember(outputPath, RestJson.Serialize<RestJobOutput>(converted), output);
        }
        return wire;
    }
}
