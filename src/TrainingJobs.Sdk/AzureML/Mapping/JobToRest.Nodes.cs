using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>
/// Pipeline steps. The spec gives <c>jobs</c> no schema; the node shape follows what azure-ai-ml sends:
/// <c>type</c>, <c>componentId</c>, <c>computeId</c>, <c>inputs</c> as
/// <c>{"job_input_type": "literal", "value": "${{parent.inputs.x}}"}</c>, outputs bound to the pipeline as
/// <c>{"value": "${{parent.outputs.y}}", "type": "literal"}</c>, and overrides (<c>resources</c>,
/// <c>distribution</c>, …) with snake_case keys.
/// </summary>
internal sealed partial class JobToRest
{
    private JsonObject Node(PipelineStep step, string path)
    {
        var job = step.Job;
        var node = new JsonObject { ["type"] = job.Kind.ToString() };
        if (job.Name is not null) node["name"] = job.Name;
        if (job.DisplayName is not null) node["display_name"] = job.DisplayName;
        if (job.Description is not null) node["description"] = job.Description;
        if (job.ExperimentName is not null) node["experiment_name"] = job.ExperimentName;
        if (!job.Tags.IsEmpty) node["tags"] = StringMap(job.Tags);
        if (!job.Properties.IsEmpty) node["properties"] = StringMap(job.Properties);
        if (Compute(job.Compute, DiagnosticPath.Append(path, "compute")) is { } computeId) node["computeId"] = computeId;
        if (StepComponent(step, path) is { } componentId) node["componentId"] = componentId;
        if (NodeInputs(job.Inputs, DiagnosticPath.Append(path, "inputs")) is { } inputs) node["inputs"] = inputs;
        if (NodeOutputs(job.Outputs, DiagnosticPath.Append(path, "outputs")) is { } outputs) node["outputs"] = outputs;
        if (Identity(job.Identity) is { } identity) node["identity"] = Snake(identity);
        if (Services(job.Services) is { } services)
        {
            var wire = new JsonObject();
            foreach (var (name, service) in services) wire[name] = Snake(service, "properties");
            node["services"] = wire;
        }
        switch (job)
        {
            case CommandJob command:
                if (!command.EnvironmentVariables.IsEmpty) node["environment_variables"] = StringMap(command.EnvironmentVariables);
                if (Distribution(command.Distribution, DiagnosticPath.Append(path, "distribution")) is { } distribution) node["distribution"] = Snake(distribution);
                if (command.Limits is not null) node["limits"] = Snake(new RestCommandJobLimits { JobLimitsType = RestJobLimitsType.Command, Timeout = WireValues.DurationToWire(command.Limits.Timeout) });
                if (Resources(command.Resources, DiagnosticPath.Append(path, "resources")) is { } resources) node["resources"] = Snake(resources, "properties");
                if (Queue(command.QueueSettings, DiagnosticPath.Append(path, "queue_settings")) is { } queue) node["queue_settings"] = Snake(queue);
                break;
            case SweepJob sweep:
                var typed = Sweep(sweep, path, withInputsAndOutputs: false);
                node["search_space"] = typed.SearchSpace;
                node["sampling_algorithm"] = Snake(typed.SamplingAlgorithm);
                node["objective"] = Snake(typed.Objective);
                if (typed.EarlyTermination is not null) node["early_termination"] = Snake(typed.EarlyTermination);
                if (typed.Limits is not null) node["limits"] = Snake(typed.Limits);
                if (typed.QueueSettings is not null) node["queue_settings"] = Snake(typed.QueueSettings);
                node["trial"] = JsonKeys.ToSnake(JsonSerializer.SerializeToNode(typed.Trial, RestJsonContext.Default.RestTrialComponent), "environment_variables", "properties");
                break;
        }
        return node;
    }

    private string? StepComponent(PipelineStep step, string path)
    {
        if (step.Component is not null)
        {
            // The node of a step that runs a component has no place for what defines a job: the component does.
            if (step.Job is CommandJob { Command: not null } or CommandJob { Code: not null } or CommandJob { Environment: not null })
            {
                NotCarried(path, "the command, code and environment of a step that runs a component (the component defines them)");
            }
            if (step.Job is PipelineJob { Steps.IsEmpty: false } or PipelineJob { Settings: not null })
            {
                NotCarried(path, "the steps and settings of a pipeline step that runs a component (the component defines them)");
            }
            return Component(step, DiagnosticPath.Append(path, "component"));
        }
        // A step written in place becomes an anonymous component, as azure-ai-ml does; the node keeps the
        // step's inputs, outputs and overrides, the component keeps what defines it.
        object? definingPart = step.Job switch
        {
            CommandJob { Command: not null } command => new CommandJob { Command = command.Command, Code = command.Code, Environment = command.Environment },
            PipelineJob { Steps.IsEmpty: false } pipeline => new PipelineJob { Steps = pipeline.Steps, Settings = pipeline.Settings },
            _ => null,
        };
        if (definingPart is null) return null;
        if (definingPart is CommandJob defining)
        {
            // Validate and resolve what the anonymous component will reference, so pending uploads are listed.
            Code(defining.Code, DiagnosticPath.Append(path, "code"));
            Environment(defining.Environment, DiagnosticPath.Append(path, "environment"), required: false);
        }
        return Pending(PendingAssetKind.Component, DiagnosticPath.Append(path, "component"), AnonymousComponentId(definingPart.ToString()!), definingPart,
            "The step is written in place; it is registered as an anonymous component before the job is submitted.");
    }

    private JsonObject? NodeInputs(ValueMap<JobInput> inputs, string path)
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
                    ReportBindingLoss(binding, inputPath, modeCarried: true);
                    if (binding.Mode is { } bindingMode) node["mode"] = WireNames.InputModeToWire(bindingMode.ToString());
                    break;
                case LiteralInput literal when literal.EffectiveValue is { } value:
                    ReportAmbiguousLiteral(value, inputPath);
                    node["job_input_type"] = "literal";
                    node["value"] = WireValues.LiteralToWire(value);
                    break;
                case LiteralInput:
                    NotCarried(inputPath, "a literal input without a value");
                    continue;
                case AssetInput asset:
                    node["job_input_type"] = asset.Type.ToString();
                    node["uri"] = DataPath(asset, DiagnosticPath.Append(inputPath, "path"));
                    if (asset.Mode is { } mode) node["mode"] = WireNames.InputModeToWire(mode.ToString());
                    break;
                default:
                    continue;
            }
            if (input.Description is not null) node["description"] = input.Description;
            wire[name] = node;
            _session.Remember(inputPath, node.ToJsonString(), input);
        }
        return wire;
    }

    private JsonObject? NodeOutputs(ValueMap<JobOutput> outputs, string path)
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
                if (output.Type is not null) NotCarried(DiagnosticPath.Append(DiagnosticPath.Append(path, name), "type"), "the type of a step output bound to a pipeline output (the pipeline output's type applies)");
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
            _session.Remember(DiagnosticPath.Append(path, name), node.ToJsonString(), output);
        }
        return wire;
    }

    private static JsonObject StringMap(ValueMap<string> map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map) obj[key] = value;
        return obj;
    }

    private static JsonNode? Snake<T>(T value, params string[] opaque) =>
        JsonKeys.ToSnake(JsonSerializer.SerializeToNode(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)RestJsonContext.Default.GetTypeInfo(typeof(T))!), opaque);
}
