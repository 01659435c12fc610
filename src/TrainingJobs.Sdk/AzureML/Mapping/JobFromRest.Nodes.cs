using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>Pipeline steps read back from the free-form <c>jobs</c> objects (see <see cref="ToRest.StepWriter"/> for the shape).</summary>
internal sealed partial class JobFromRest
{
    private PipelineStep? Node(JsonNode? wire, string path)
    {
        if (wire is not JsonObject node)
        {
            Report(RestDiagnosticCodes.UnreadableStep, DiagnosticSeverity.Warning, path, "The step is not a JSON object; it is left out of the definition.");
            return null;
        }
        if (node["type"] is { } typeNode && Text(node, "type") is null)
        {
            Report(RestDiagnosticCodes.MalformedStep, DiagnosticSeverity.Error, path,
                $"The step's type is {Shown(typeNode)}, not text such as \"command\"; the step cannot be read and is left out of the definition.");
            return null;
        }
        var type = Text(node, "type") ?? "command";
        if (type == "sweep" && node["trial"] is { } trialNode and not JsonObject)
        {
            Report(RestDiagnosticCodes.MalformedStep, DiagnosticSeverity.Error, DiagnosticPath.Append(path, "trial"),
                $"The sweep step's trial is {Shown(trialNode)}, not an object; the step cannot be read and is left out of the definition.");
            return null;
        }
        if (node["jobs"] is { } nested)
        {
            Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, DiagnosticPath.Append(path, "jobs"),
                $"The step has jobs ({Shown(nested)}); a step's own steps are read from its component, so this field is ignored.");
        }
        var componentId = Text(node, "componentId");
        var componentPath = DiagnosticPath.Append(path, "component");
        var pending = componentId is null ? null : _session?.FindPending(componentPath, componentId)?.Source;
        JobDefinition? job = type switch
        {
            "command" => NodeCommand(node, path, pending as CommandJob),
            "sweep" => NodeSweep(node, path),
            "pipeline" => new PipelineJob { Steps = (pending as PipelineJob)?.Steps ?? ValueMap<PipelineStep>.Empty, Settings = (pending as PipelineJob)?.Settings },
            _ => null,
        };
        if (job is null)
        {
            Report(RestDiagnosticCodes.UnreadableStep, DiagnosticSeverity.Warning, path, $"A step of type '{type}' is not one the SDK models; it is left out of the definition.");
            return null;
        }
        job = job with
        {
            Name = Text(node, "name"),
            DisplayName = Text(node, "display_name"),
            Description = Text(node, "description"),
            ExperimentName = Text(node, "experiment_name"),
            Tags = StringMap(node["tags"]),
            Properties = StringMap(node["properties"]),
            Compute = Compute(Text(node, "computeId"), DiagnosticPath.Append(path, "compute")),
            Identity = Identity(Read<RestIdentity>(node["identity"], DiagnosticPath.Append(path, "identity")), DiagnosticPath.Append(path, "identity")),
            Services = Services(ReadServices(node["services"], DiagnosticPath.Append(path, "services"))),
            Inputs = NodeInputs(node["inputs"], DiagnosticPath.Append(path, "inputs"), DeclaredTypes(pending)),
            Outputs = NodeOutputs(node["outputs"], DiagnosticPath.Append(path, "outputs")),
        };
        ComponentReference? component = null;
        if (componentId is not null && pending is null or ComponentReference)
        {
            component = pending as ComponentReference
                ?? _session?.Recall<ComponentReference>(componentPath, componentId)
                ?? new ComponentReference { Reference = Asset("components", componentId) };
        }
        return new PipelineStep { Job = job, Component = component };
    }

    private CommandJob NodeCommand(JsonObject node, string path, CommandJob? inPlace)
    {
        var limits = Read<RestJobLimits>(node["limits"], DiagnosticPath.Append(path, "limits"));
        return new CommandJob
        {
            Command = inPlace?.Command,
            Code = inPlace?.Code,
            Environment = inPlace?.Environment,
            EnvironmentVariables = StringMap(node["environment_variables"]),
            Distribution = Distribution(Read<RestDistribution>(node["distribution"], DiagnosticPath.Append(path, "distribution")), DiagnosticPath.Append(path, "distribution")),
            Limits = limits is null ? null : new CommandJobLimits { Timeout = Duration(limits.Timeout, DiagnosticPath.Append(DiagnosticPath.Append(path, "limits"), "timeout")) },
            Resources = Resources(Read<RestResourceConfiguration>(node["resources"], DiagnosticPath.Append(path, "resources"), "properties")),
            QueueSettings = Queue(Read<RestQueueSettings>(node["queue_settings"], DiagnosticPath.Append(path, "queue_settings"))),
        };
    }

    private SweepJob NodeSweep(JsonObject node, string path) => Sweep(new RestSweepJob
    {
        JobType = RestJobType.Sweep,
        SearchSpace = node["search_space"]?.DeepClone(),
        SamplingAlgorithm = Read<RestSamplingAlgorithm>(node["sampling_algorithm"], DiagnosticPath.Append(path, "sampling_algorithm")),
        Objective = Read<RestObjective>(node["objective"], DiagnosticPath.Append(path, "objective")),
        EarlyTermination = Read<RestEarlyTerminationPolicy>(node["early_termination"], DiagnosticPath.Append(path, "early_termination")),
        Limits = Read<RestJobLimits>(node["limits"], DiagnosticPath.Append(path, "limits")),
        QueueSettings = Read<RestQueueSettings>(node["queue_settings"], DiagnosticPath.Append(path, "queue_settings")),
        Trial = Read<RestTrialComponent>(node["trial"], DiagnosticPath.Append(path, "trial"), "environment_variables", "properties"),
    }, path);

    /// <summary>The literal types a component declares, so literal text reads back as the declared type.</summary>
    private static Dictionary<string, LiteralType> DeclaredTypes(object? pending)
    {
        var declared = new Dictionary<string, LiteralType>(StringComparer.Ordinal);
        if (pending is ComponentReference { Definition.Body: { } body })
        {
            foreach (var (name, input) in body.Inputs)
            {
                if (input is LiteralInput { Type: { } type }) declared[name] = type;
            }
        }
        return declared;
    }

    private ValueMap<JobInput> NodeInputs(JsonNode? wire, string path, Dictionary<string, LiteralType> declared)
    {
        if (wire is not JsonObject inputs) return ValueMap<JobInput>.Empty;
        var result = new List<KeyValuePair<string, JobInput>>();
        foreach (var (name, value) in inputs)
        {
            var inputPath = DiagnosticPath.Append(path, name);
            if (value is not JsonObject input)
            {
                Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, inputPath,
                    $"The input is {Shown(value)}, not an object such as {{\"job_input_type\": \"literal\", \"value\": \"…\"}}; it is left out of the definition.");
                continue;
            }
            var remembered = _session?.Recall<JobInput>(inputPath, input.ToJsonString());
            if (remembered is not null)
            {
                result.Add(new(name, remembered));
                continue;
            }
            if (input["job_input_type"] is { } typeNode && Text(input, "job_input_type") is null)
            {
                Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, DiagnosticPath.Append(inputPath, "job_input_type"),
                    $"The input type is {Shown(typeNode)}, not text such as \"literal\" or \"uri_folder\"; the input is left out of the definition.");
                continue;
            }
            var inputType = Text(input, "job_input_type") ?? "literal";
            var mode = Text(input, "mode") is { } m ? InputMode.Parse(WireNames.InputModeFromWire(m)) : (InputMode?)null;
            var description = Text(input, "description");
            JobInput converted;
            if (inputType == "literal")
            {
                var text = Text(input, "value") ?? string.Empty;
                converted = BindingText.IsBinding(text)
                    ? new BindingInput { Expression = text, Mode = mode, Description = description }
                    : new LiteralInput { Value = WireValues.LiteralFromWire(text, declared.TryGetValue(name, out var type) ? type : (LiteralType?)null), Description = description };
            }
            else
            {
                converted = new AssetInput
                {
                    Type = AssetType.Parse(inputType),
                    Path = DataPath(Text(input, "uri"), DiagnosticPath.Append(inputPath, "path")),
                    Mode = mode,
                    Description = description,
                };
            }
            result.Add(new(name, converted));
        }
        return ValueMap.From(result);
    }

    private ValueMap<JobOutput> NodeOutputs(JsonNode? wire, string path)
    {
        if (wire is not JsonObject outputs) return ValueMap<JobOutput>.Empty;
        var result = new List<KeyValuePair<string, JobOutput>>();
        foreach (var (name, value) in outputs)
        {
            if (value is not JsonObject output)
            {
                Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, DiagnosticPath.Append(path, name),
                    $"The output is {Shown(value)}, not an object such as {{\"job_output_type\": \"uri_folder\"}}; it is left out of the definition.");
                continue;
            }
            var remembered = _session?.Recall<JobOutput>(DiagnosticPath.Append(path, name), output.ToJsonString());
            result.Add(new(name, remembered ?? new JobOutput
            {
                Type = output.ContainsKey("value") ? (PortType?)null : OutputType(Text(output, "job_output_type")) is { } outputType ? new PortType(outputType) : (PortType?)null,
                Path = Text(output, "value") ?? Text(output, "uri"),
                Mode = Text(output, "mode") is { } mode ? OutputMode.Parse(WireNames.OutputModeFromWire(mode)) : (OutputMode?)null,
                AssetName = Text(output, "asset_name"),
                AssetVersion = Text(output, "asset_version"),
                IsControl = output["is_control"] is JsonValue flag && flag.TryGetValue(out bool isControl) ? isControl : null,
                Description = Text(output, "description"),
            }));
        }
        return ValueMap.From(result);
    }

    private Dictionary<string, RestJobService>? ReadServices(JsonNode? wire, string path)
    {
        if (wire is not JsonObject services) return null;
        var result = new Dictionary<string, RestJobService>(StringComparer.Ordinal);
        foreach (var (name, service) in services)
        {
            if (Read<RestJobService>(service, DiagnosticPath.Append(path, name), "properties") is { } read) result[name] = read;
        }
        return result;
    }

    /// <summary>Reads a snake_case step field as its wire model; one that does not read is reported (TJ2013) and left out.</summary>
    private T? Read<T>(JsonNode? snake, string path, params string[] opaque) where T : class
    {
        if (snake is null) return null;
        try
        {
            var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)RestJsonContext.Default.GetTypeInfo(typeof(T))!;
            if (JsonKeys.ToCamel(snake, opaque).Deserialize(typeInfo) is { } read) return read;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, path,
                $"The value {Shown(snake)} is not of the shape this field has ({RestReadErrors.UserTerms(e.Message)}); it is left out of the definition.");
            return null;
        }
        Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, path, $"The value {Shown(snake)} cannot be read; it is left out of the definition.");
        return null;
    }

    /// <summary>A JSON value as a diagnostic shows it: compact, cut at 80 characters.</summary>
    private static string Shown(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    private static string? Text(JsonObject node, string key) =>
        node[key] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static ValueMap<string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? ValueMap.From(map.Select(e => new KeyValuePair<string, string>(e.Key, e.Value is JsonValue v && v.TryGetValue(out string? s) ? s : e.Value?.ToJsonString() ?? string.Empty)))
            : ValueMap<string>.Empty;
}
