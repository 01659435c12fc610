using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>Job inputs and outputs (the typed wire form of a job; pipeline steps use <see cref="Node"/>).</summary>
internal sealed partial class JobToRest
{
    private Dictionary<string, RestJobInput>? Inputs(ValueMap<JobInput> inputs, string path)
    {
        Dictionary<string, RestJobInput>? wire = null;
        foreach (var (name, input) in inputs)
        {
            var inputPath = DiagnosticPath.Append(path, name);
            var converted = Input(input, inputPath);
            if (converted is null) continue;
            (wire ??= new(StringComparer.Ordinal))[name] = converted;
            // The wire has no declared type, bounds or optionality; the session restores the input as written
            // while the wire input is unchanged.
            _session.Remember(inputPath, Json<RestJobInput>(converted), input);
        }
        return wire;
    }

    private RestJobInput? Input(JobInput input, string path)
    {
        switch (input)
        {
            case LiteralInput literal:
                if (literal.EffectiveValue is not { } value)
                {
                    NotCarried(path, "a literal input without a value (the wire requires one)");
                    return null;
                }
                ReportLiteralLoss(literal, value, path);
                return new RestLiteralJobInput { JobInputType = RestJobInputType.Literal, Value = WireValues.LiteralToWire(value), Description = literal.Description };
            case AssetInput asset:
                if (asset.Optional is not null) NotCarried(DiagnosticPath.Append(path, "optional"), "'optional' on a job input");
                return new RestAssetJobInput
                {
                    JobInputType = new RestJobInputType(asset.Type.ToString()),
                    Uri = DataPath(asset, DiagnosticPath.Append(path, "path")),
                    Mode = asset.Mode is { } mode ? new RestInputDeliveryMode(WireNames.InputModeToWire(mode.ToString())) : null,
                    Description = asset.Description,
                };
            case BindingInput binding:
                // A binding on a job (not a step) is passed as literal text, as azure-ai-ml does: nothing else of it has a place.
                ReportBindingLoss(binding, path, modeCarried: false);
                return new RestLiteralJobInput { JobInputType = RestJobInputType.Literal, Value = binding.Expression, Description = binding.Description };
            default:
                return null;
        }
    }

    private void ReportBindingLoss(BindingInput binding, string path, bool modeCarried)
    {
        var lost = new List<string>();
        if (binding.Type is not null) lost.Add("type");
        if (binding.Mode is not null && !modeCarried) lost.Add("mode");
        if (binding.Optional is not null) lost.Add("optional");
        if (lost.Count > 0) NotCarried(path, $"{string.Join(", ", lost)} of a binding input (only its expression is sent, as text)");
    }

    private void ReportLiteralLoss(LiteralInput literal, LiteralValue value, string path)
    {
        var lost = new List<string>();
        if (literal.Type is not null) lost.Add("type");
        if (literal.Value is not null && literal.Default is not null) lost.Add("default");
        if (literal.Min is not null) lost.Add("min");
        if (literal.Max is not null) lost.Add("max");
        if (!literal.Enum.IsEmpty) lost.Add("enum");
        if (literal.Optional is not null) lost.Add("optional");
        if (lost.Count > 0) NotCarried(path, $"{string.Join(", ", lost)} of a literal input (only its value is sent, as text)");
        ReportAmbiguousLiteral(value, path);
    }

    private void ReportAmbiguousLiteral(LiteralValue value, string path)
    {
        if (value.Type == LiteralType.String && WireValues.LiteralFromWire(value.ToString()).Type != LiteralType.String)
        {
            Report(RestDiagnosticCodes.LiteralTypeAmbiguous, DiagnosticSeverity.Warning, path,
                $"The string '{value}' is sent as untyped text and reads back as {WireValues.LiteralFromWire(value.ToString()).Type}.");
        }
    }

    private Dictionary<string, RestJobOutput>? Outputs(ValueMap<JobOutput> outputs, string path)
    {
        Dictionary<string, RestJobOutput>? wire = null;
        foreach (var (name, output) in outputs)
        {
            var outputPath = DiagnosticPath.Append(path, name);
            if (output.Type is { IsLiteral: true } type)
            {
                NotCarried(outputPath, $"an output of literal type '{type}' (control outputs exist only on pipeline steps)");
                continue;
            }
            if (output.AssetName is not null || output.AssetVersion is not null) NotCarried(outputPath, "the asset name/version an output is registered as");
            if (output.IsControl is not null) NotCarried(outputPath, "'is_control' on a job output");
            var converted = new RestAssetJobOutput
            {
                JobOutputType = new RestJobOutputType(output.EffectiveType.ToString()),
                Uri = output.Path,
                Mode = output.Mode is { } mode ? new RestOutputDeliveryMode(WireNames.OutputModeToWire(mode.ToString())) : null,
                Description = output.Description,
            };
            (wire ??= new(StringComparer.Ordinal))[name] = converted;
            _session.Remember(outputPath, Json<RestJobOutput>(converted), output);
        }
        return wire;
    }
}
