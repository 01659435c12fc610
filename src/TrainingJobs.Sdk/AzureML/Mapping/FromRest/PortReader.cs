using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>A job's inputs and outputs read back from their typed wire form (a pipeline step's: <see cref="StepPortReader"/>).</summary>
internal static class PortReader
{
    /// <summary>The job's inputs: as the session remembers them while the wire is unchanged, else as the wire holds them.</summary>
    public static ValueMap<JobInput> Inputs(Dictionary<string, RestJobInput>? inputs, string path, RestReadContext context)
    {
        if (inputs is null) return ValueMap<JobInput>.Empty;
        var result = new List<KeyValuePair<string, JobInput>>();
        foreach (var (name, wire) in inputs)
        {
            var inputPath = DiagnosticPath.Append(path, name);
            if (wire is null)
            {
                context.NullEntry(inputPath, "input");
                continue;
            }
            var input = context.Session?.Recall<JobInput>(inputPath, RestJson.Serialize(wire)) ?? Input(wire, inputPath, context);
            if (input is not null) result.Add(new(name, input));
        }
        return ValueMap.From(result);
    }

    private static JobInput? Input(RestJobInput wire, string path, RestReadContext context)
    {
        switch (wire)
        {
            case RestLiteralJobInput literal:
                var text = literal.Value ?? string.Empty;
                return BindingText.IsBinding(text)
                    ? new BindingInput { Expression = text, Description = literal.Description }
                    : new LiteralInput { Value = WireValues.LiteralFromWire(text), Description = literal.Description };
            case RestAssetJobInput asset:
                return new AssetInput
                {
                    Type = AssetType.Parse(asset.JobInputType.Value),
                    Path = ReferenceReader.DataPath(asset.Uri, DiagnosticPath.Append(path, "path"), context),
                    Mode = asset.Mode is { } mode ? InputMode.Parse(WireNames.InputModeFromWire(mode.Value)) : (InputMode?)null,
                    Description = asset.Description,
                };
            default:
                context.Unknown(path, $"an input of type '{wire.JobInputType}'");
                return null;
        }
    }

    /// <summary>The job's outputs: as the session remembers them while the wire is unchanged, else as the wire holds them.</summary>
    public static ValueMap<JobOutput> Outputs(Dictionary<string, RestJobOutput>? outputs, string path, RestReadContext context)
    {
        if (outputs is null) return ValueMap<JobOutput>.Empty;
        var result = new List<KeyValuePair<string, JobOutput>>();
        foreach (var (name, wire) in outputs)
        {
            var outputPath = DiagnosticPath.Append(path, name);
            if (wire is null)
            {
                context.NullEntry(outputPath, "output");
                continue;
            }
            var output = context.Session?.Recall<JobOutput>(outputPath, RestJson.Serialize(wire));
            if (output is null && wire is RestAssetJobOutput asset)
            {
                output = new JobOutput
                {
                    Type = OutputType(asset.JobOutputType.Value) is { } outputType ? new PortType(outputType) : (PortType?)null,
                    Path = asset.Uri,
                    Mode = asset.Mode is { } mode ? OutputMode.Parse(WireNames.OutputModeFromWire(mode.Value)) : (OutputMode?)null,
                    Description = asset.Description,
                };
            }
            if (output is null)
            {
                context.Unknown(outputPath, $"an output of type '{wire.JobOutputType}'");
                continue;
            }
            result.Add(new(name, output));
        }
        return ValueMap.From(result);
    }

    /// <summary>
    /// The output type as a job file writes it: <c>uri_folder</c> is the default, which the wire must spell out
    /// but a file leaves unset (<c>prep_data:</c>), so it reads back unset.
    /// </summary>
    public static string? OutputType(string? wire) =>
        wire is null || wire.Equals(AssetType.UriFolder.ToString(), StringComparison.OrdinalIgnoreCase) ? null : wire;
}
