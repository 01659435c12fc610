using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>Pipeline steps read back from the free-form <c>jobs</c> objects (see <see cref="ToRest.StepWriter"/> for the shape).</summary>
internal static class StepReader
{
    /// <summary>The step in <paramref name="wire"/>; null (reported) when it cannot be read.</summary>
    public static PipelineStep? Read(JsonNode? wire, string path, RestReadContext context)
    {
        if (wire is not JsonObject node)
        {
            context.Report(RestDiagnosticCodes.UnreadableStep, DiagnosticSeverity.Warning, path, "The step is not a JSON object; it is left out of the definition.");
            return null;
        }
        if (!IsReadable(node, path, context)) return null;
        var type = NodeFields.Text(node, "type") ?? "command";
        var componentId = NodeFields.Text(node, "componentId");
        var componentPath = DiagnosticPath.Append(path, "component");
        var pending = componentId is null ? null : context.Session?.FindPending(componentPath, componentId)?.Source;
        JobDefinition? job = type switch
        {
            "command" => Command(node, path, pending as CommandJob, context),
            "sweep" => Sweep(node, path, context),
            "pipeline" => new PipelineJob { Steps = (pending as PipelineJob)?.Steps ?? ValueMap<PipelineStep>.Empty, Settings = (pending as PipelineJob)?.Settings },
            _ => null,
        };
        if (job is null)
        {
            context.Report(RestDiagnosticCodes.UnreadableStep, DiagnosticSeverity.Warning, path, $"A step of type '{type}' is not one the SDK models; it is left out of the definition.");
            return null;
        }
        job = job with
        {
            Name = NodeFields.Text(node, "name"),
            DisplayName = NodeFields.Text(node, "display_name"),
            Description = NodeFields.Text(node, "description"),
            ExperimentName = NodeFields.Text(node, "experiment_name"),
            Tags = NodeFields.StringMap(node["tags"]),
            Properties = NodeFields.StringMap(node["properties"]),
            Compute = ReferenceReader.Compute(NodeFields.Text(node, "computeId"), DiagnosticPath.Append(path, "compute"), context),
            Identity = IdentityReader.Read(NodeFields.Read<RestIdentity>(node["identity"], DiagnosticPath.Append(path, "identity"), context), DiagnosticPath.Append(path, "identity"), context),
            Services = ServiceReader.Read(ServiceReader.FromNode(node["services"], DiagnosticPath.Append(path, "services"), context)),
            Inputs = StepPortReader.Inputs(node["inputs"], DiagnosticPath.Append(path, "inputs"), DeclaredTypes(pending), context),
            Outputs = StepPortReader.Outputs(node["outputs"], DiagnosticPath.Append(path, "outputs"), context),
        };
        ComponentReference? component = null;
        if (componentId is not null && pending is null or ComponentReference)
        {
            component = pending as ComponentReference
                ?? context.Session?.Recall<ComponentReference>(componentPath, componentId)
                ?? new ComponentReference { Reference = ReferenceReader.Asset("components", componentId, context) };
        }
        return new PipelineStep { Job = job, Component = component };
    }

    /// <summary>Whether the step's type and trial have shapes a step can be read from; a malformed one is reported (TJ2014), nested jobs (TJ2013).</summary>
    private static bool IsReadable(JsonObject node, string path, RestReadContext context)
    {
        if (node["type"] is { } typeNode && NodeFields.Text(node, "type") is null)
        {
            context.Report(RestDiagnosticCodes.MalformedStep, DiagnosticSeverity.Error, path,
                $"The step's type is {NodeFields.Shown(typeNode)}, not text such as \"command\"; the step cannot be read and is left out of the definition.");
            return false;
        }
        var type = NodeFields.Text(node, "type") ?? "command";
        if (type == "sweep" && node["trial"] is { } trialNode and not JsonObject)
        {
            context.Report(RestDiagnosticCodes.MalformedStep, DiagnosticSeverity.Error, DiagnosticPath.Append(path, "trial"),
                $"The sweep step's trial is {NodeFields.Shown(trialNode)}, not an object; the step cannot be read and is left out of the definition.");
            return false;
        }
        if (node["jobs"] is { } nested)
        {
            context.Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, DiagnosticPath.Append(path, "jobs"),
                $"The step has jobs ({NodeFields.Shown(nested)}); a step's own steps are read from its component, so this field is ignored.");
        }
        return true;
    }

    private static CommandJob Command(JsonObject node, string path, CommandJob? inPlace, RestReadContext context)
    {
        var limits = NodeFields.Read<RestJobLimits>(node["limits"], DiagnosticPath.Append(path, "limits"), context);
        return new CommandJob
        {
            Command = inPlace?.Command,
            Code = inPlace?.Code,
            Environment = inPlace?.Environment,
            EnvironmentVariables = NodeFields.StringMap(node["environment_variables"]),
            Distribution = ResourceReader.Distribution(NodeFields.Read<RestDistribution>(node["distribution"], DiagnosticPath.Append(path, "distribution"), context), DiagnosticPath.Append(path, "distribution"), context),
            Limits = CommandReader.Limits(limits, path, context),
            Resources = ResourceReader.Resources(NodeFields.Read<RestResourceConfiguration>(node["resources"], DiagnosticPath.Append(path, "resources"), context, "properties")),
            QueueSettings = ResourceReader.Queue(NodeFields.Read<RestQueueSettings>(node["queue_settings"], DiagnosticPath.Append(path, "queue_settings"), context)),
        };
    }

    private static SweepJob Sweep(JsonObject node, string path, RestReadContext context)
    {
        // A trial sent as a component id (a registered component, as azure-ai-ml sends one) is read back as that reference.
        var trialPath = DiagnosticPath.Append(path, "trial");
        var trialComponentId = node["trial"] is JsonObject trial ? NodeFields.Text(trial, "componentId") : null;
        var sweep = SweepReader.Read(SweepFields(node, path, context, withTrial: trialComponentId is null), path, context);
        if (trialComponentId is null) return sweep;
        return sweep with
        {
            TrialReference = context.Session?.Recall<ComponentReference>(trialPath, trialComponentId)
                ?? new ComponentReference { Reference = ReferenceReader.Asset("components", trialComponentId, context) },
        };
    }

    private static RestSweepJob SweepFields(JsonObject node, string path, RestReadContext context, bool withTrial) => new()
    {
        JobType = RestJobType.Sweep,
        SearchSpace = node["search_space"]?.DeepClone(),
        SamplingAlgorithm = NodeFields.Read<RestSamplingAlgorithm>(node["sampling_algorithm"], DiagnosticPath.Append(path, "sampling_algorithm"), context),
        Objective = NodeFields.Read<RestObjective>(node["objective"], DiagnosticPath.Append(path, "objective"), context),
        EarlyTermination = NodeFields.Read<RestEarlyTerminationPolicy>(node["early_termination"], DiagnosticPath.Append(path, "early_termination"), context),
        Limits = NodeFields.Read<RestJobLimits>(node["limits"], DiagnosticPath.Append(path, "limits"), context),
        QueueSettings = NodeFields.Read<RestQueueSettings>(node["queue_settings"], DiagnosticPath.Append(path, "queue_settings"), context),
        Trial = withTrial ? NodeFields.Read<RestTrialComponent>(node["trial"], DiagnosticPath.Append(path, "trial"), context, "environment_variables", "properties") : null,
    };

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
}
