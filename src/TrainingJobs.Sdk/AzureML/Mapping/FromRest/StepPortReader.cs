using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>A pipeline step's inputs and outputs read back from their free-form node shape (a job's own: <see cref="PortReader"/>).</summary>
internal static class StepPortReader
{
    /// <summary>The step's inputs; literal text reads back as the type the step's component <paramref name="declared"/>.</summary>
    public static ValueMap<JobInput> Inputs(JsonNode? wire, string path, Dictionary<string, LiteralType> declared, RestReadContext context)
    {
        if (wire is not JsonObject inputs) return ValueMap<JobInput>.Empty;
        var result = new List<KeyValuePair<string, JobInput>>();
        foreach (var (name, value) in inputs)
        {
            var inputPath = DiagnosticPath.Append(path, name);
            if (value is not JsonObject input)
            {
                context.Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, inputPath,
                    $"The input is {NodeFields.Shown(value)}, not an object such as {{\"job_input_type\": \"literal\", \"value\": \"…\"}}; it is left out of the definition.");
                continue;
            }
            var remembered = context.Session?.Recall<JobInput>(inputPath, input.ToJsonString());
            if (remembered is not null)
            {
                result.Add(new(name, remembered));
                continue;
            }
            if (input["job_input_type"] is { } typeNode && NodeFields.Text(input, "job_input_type") is null)
            {
                context.Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, DiagnosticPath.Append(inputPath, "job_input_type"),
                    $"The input type is {NodeFields.Shown(typeNode)}, not text such as \"literal\" or \"uri_folder\"; the input is left out of the definition.");
                continue;
            }
            result.Add(new(name, Input(input, name, inputPath, declared, context)));
        }
        return ValueMap.From(result);
    }

    private static JobInput Input(JsonObject input, string name, string inputPath, Dictionary<string, LiteralType> declared, RestReadContext context)
    {
        var inputType = NodeFields.Text(input, "job_input_type") ?? "literal";
        var mode = NodeFields.Text(input, "mode") is { } m ? InputMode.Parse(WireNames.InputModeFromWire(m)) : (InputMode?)null;
        var description = NodeFields.Text(input, "description");
        if (inputType == "literal")
        {
            var text = NodeFields.Text(input, "value") ?? string.Empty;
            return BindingText.IsBinding(text)
                ? new BindingInput { Expression = text, Mode = mode, Description = description }
                : new LiteralInput { Value = WireValues.LiteralFromWire(text, declared.TryGetValue(name, out var type) ? type : (LiteralType?)null), Description = description };
        }
        return new AssetInput
        {
            Type = AssetType.Parse(inputType),
            Path = ReferenceReader.DataPath(NodeFields.Text(input, "uri"), DiagnosticPath.Append(inputPath, "path"), context),
            Mode = mode,
            Description = description,
        };
    }

    /// <summary>The step's outputs; one bound to a pipeline output (<c>value</c>) reads back without a type.</summary>
    public static ValueMap<JobOutput> Outputs(JsonNode? wire, string path, RestReadContext context)
    {
        if (wire is not JsonObject outputs) return ValueMap<JobOutput>.Empty;
        var result = new List<KeyValuePair<string, JobOutput>>();
        foreach (var (name, value) in outputs)
        {
            if (value is not JsonObject output)
            {
                context.Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, DiagnosticPath.Append(path, name),
                    $"The output is {NodeFields.Shown(value)}, not an object such as {{\"job_output_type\": \"uri_folder\"}}; it is left out of the definition.");
                continue;
            }
            var remembered = context.Session?.Recall<JobOutput>(DiagnosticPath.Append(path, name), output.ToJsonString());
            result.Add(new(name, remembered ?? new JobOutput
            {
                Type = output.ContainsKey("value") ? (PortType?)null : PortReader.OutputType(NodeFields.Text(output, "job_output_type")) is { } outputType ? new PortType(outputType) : (PortType?)null,
                Path = NodeFields.Text(output, "value") ?? NodeFields.Text(output, "uri"),
                Mode = NodeFields.Text(output, "mode") is { } mode ? OutputMode.Parse(WireNames.OutputModeFromWire(mode)) : (OutputMode?)null,
                AssetName = NodeFields.Text(output, "asset_name"),
                AssetVersion = NodeFields.Text(output, "asset_version"),
                IsControl = output["is_control"] is JsonValue flag && flag.TryGetValue(out bool isControl) ? isControl : null,
                Description = NodeFields.Text(output, "description"),
            }));
        }
        return ValueMap.From(result);
    }
}
