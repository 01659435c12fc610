using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>
/// Pipeline steps. The spec gives <c>jobs</c> no schema; the node shape follows what azure-ai-ml sends:
/// <c>type</c>, <c>componentId</c>, <c>computeId</c>, <c>inputs</c> as
/// <c>{"job_input_type": "literal", "value": "${{parent.inputs.x}}"}</c>, outputs bound to the pipeline as
/// <c>{"value": "${{parent.outputs.y}}", "type": "literal"}</c> (see <see cref="StepPortWriter"/>), and overrides
/// (<c>resources</c>, <c>distribution</c>, …) with snake_case keys.
/// </summary>
internal static class StepWriter
{
    /// <summary>The free-form node of <paramref name="step"/>.</summary>
    public static JsonObject Write(PipelineStep step, string path, RestWriteContext context)
    {
        var job = step.Job;
        var node = new JsonObject { ["type"] = job.Kind.ToString() };
        if (job.Name is not null) node["name"] = job.Name;
        if (job.DisplayName is not null) node["display_name"] = job.DisplayName;
        if (job.Description is not null) node["description"] = job.Description;
        if (job.ExperimentName is not null) node["experiment_name"] = job.ExperimentName;
        if (!job.Tags.IsEmpty) node["tags"] = StringMaps.ToJsonObject(job.Tags);
        if (!job.Properties.IsEmpty) node["properties"] = StringMaps.ToJsonObject(job.Properties);
        if (ReferenceWriter.Compute(job.Compute, DiagnosticPath.Append(path, "compute"), context) is { } computeId) node["computeId"] = computeId;
        if (Component(step, path, context) is { } componentId) node["componentId"] = componentId;
        if (StepPortWriter.Inputs(job.Inputs, DiagnosticPath.Append(path, "inputs"), context) is { } inputs) node["inputs"] = inputs;
        if (StepPortWriter.Outputs(job.Outputs, DiagnosticPath.Append(path, "outputs"), context) is { } outputs) node["outputs"] = outputs;
        if (IdentityWriter.Write(job.Identity) is { } identity) node["identity"] = RestJson.ToSnake(identity);
        if (ServiceWriter.Write(job.Services) is { } services)
        {
            var wire = new JsonObject();
            foreach (var (name, service) in services) wire[name] = RestJson.ToSnake(service, "properties");
            node["services"] = wire;
        }
        switch (job)
        {
            case CommandJob command:
                WriteCommand(node, command, path, context);
                break;
            case SweepJob sweep:
                WriteSweep(node, sweep, path, context);
                break;
        }
        return node;
    }

    private static void WriteCommand(JsonObject node, CommandJob command, string path, RestWriteContext context)
    {
        if (!command.EnvironmentVariables.IsEmpty) node["environment_variables"] = StringMaps.ToJsonObject(command.EnvironmentVariables);
        if (ResourceWriter.Distribution(command.Distribution, DiagnosticPath.Append(path, "distribution"), context) is { } distribution) node["distribution"] = RestJson.ToSnake(distribution);
        if (CommandWriter.Limits(command.Limits) is { } limits) node["limits"] = RestJson.ToSnake(limits);
        if (ResourceWriter.Resources(command.Resources, DiagnosticPath.Append(path, "resources"), context) is { } resources) node["resources"] = RestJson.ToSnake(resources, "properties");
        if (ResourceWriter.Queue(command.QueueSettings, DiagnosticPath.Append(path, "queue_settings"), context) is { } queue) node["queue_settings"] = RestJson.ToSnake(queue);
    }

    private static void WriteSweep(JsonObject node, SweepJob sweep, string path, RestWriteContext context)
    {
        var registered = ReferenceChecks.HasRegisteredTrial(sweep) ? sweep.TrialReference : null;
        var typed = SweepWriter.Write(sweep, path, context, withInputsAndOutputs: false, withTrial: registered is null);
        node["search_space"] = typed.SearchSpace;
        node["sampling_algorithm"] = RestJson.ToSnake(typed.SamplingAlgorithm);
        node["objective"] = RestJson.ToSnake(typed.Objective);
        if (typed.EarlyTermination is not null) node["early_termination"] = RestJson.ToSnake(typed.EarlyTermination);
        if (typed.Limits is not null) node["limits"] = RestJson.ToSnake(typed.Limits);
        if (typed.QueueSettings is not null) node["queue_settings"] = RestJson.ToSnake(typed.QueueSettings);
        // A registered trial goes as its component id, as azure-ai-ml sends it (Sweep._get_trial_component_rest_obj):
        // the component holds the command, code and environment.
        node["trial"] = registered is not null
            ? new JsonObject { ["componentId"] = ReferenceWriter.Component(registered, DiagnosticPath.Append(path, "trial"), context) }
            : RestJson.ToSnake(typed.Trial, "environment_variables", "properties");
    }

    /// <summary>The component id of a step: its referenced component, or the anonymous component a step written in place becomes.</summary>
    private static string? Component(PipelineStep step, string path, RestWriteContext context)
    {
        if (step.Component is not null)
        {
            // The node of a step that runs a component has no place for what defines a job: the component does.
            if (step.Job is CommandJob { Command: not null } or CommandJob { Code: not null } or CommandJob { Environment: not null })
            {
                context.NotCarried(path, "the command, code and environment of a step that runs a component (the component defines them)");
            }
            if (step.Job is PipelineJob { Steps.IsEmpty: false } or PipelineJob { Settings: not null })
            {
                context.NotCarried(path, "the steps and settings of a pipeline step that runs a component (the component defines them)");
            }
            return ReferenceWriter.Component(step.Component, DiagnosticPath.Append(path, "component"), context);
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
            ReferenceWriter.Code(defining.Code, DiagnosticPath.Append(path, "code"), context);
            ReferenceWriter.Environment(defining.Environment, DiagnosticPath.Append(path, "environment"), required: false, context);
        }
        return PendingAssetWriter.Add(PendingAssetKind.Component, DiagnosticPath.Append(path, "component"),
            PendingAssetWriter.AnonymousComponentId(definingPart.ToString()!, context), definingPart,
            "The step is written in place; it is registered as an anonymous component before the job is submitted.", context);
    }
}
