using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>References, inputs, outputs and settings read back from the wire.</summary>
internal sealed partial class JobFromRest
{
    private string? Compute(string? wire, string path)
    {
        if (wire is null) return null;
        return _session?.Recall<string>(path, wire) ?? _refs?.ComputeFromWire(wire) ?? wire;
    }

    private JobEnvironment? Environment(string? wire, string path)
    {
        if (wire is null) return null;
        if (_session?.FindPending(path, wire)?.Source is JobEnvironment pending) return pending;
        return _session?.Recall<EnvironmentReference>(path, wire)
            ?? new EnvironmentReference(Asset("environments", wire));
    }

    private string? Code(string? wire, string path)
    {
        if (wire is null) return null;
        if (_session?.FindPending(path, wire)?.Source is string local) return local;
        return _session?.Recall<string>(path, wire) ?? Asset("codes", wire);
    }

    private string? DataPath(string? wire, string path)
    {
        if (wire is null) return null;
        if (_session?.FindPending(path, wire)?.Source is string local) return local;
        return _session?.Recall<string>(path, wire)
            ?? (ArmReferences.IsArmId(wire) ? Asset("data", wire) : wire);
    }

    /// <summary>
    /// An asset id as a job file writes it: <c>azureml:name:version</c> in the workspace, else
    /// <c>azureml:/subscriptions/…</c>; the prefix keeps the file from reading the id as a local path.
    /// </summary>
    private string Asset(string collection, string wire)
    {
        var reference = _refs?.AssetFromWire(collection, wire) ?? wire;
        return ArmReferences.IsArmId(reference) ? "azureml:" + reference : reference;
    }

    private ValueMap<JobInput> Inputs(Dictionary<string, RestJobInput>? inputs, string path)
    {
        if (inputs is null) return ValueMap<JobInput>.Empty;
        var result = new List<KeyValuePair<string, JobInput>>();
        foreach (var (name, wire) in inputs)
        {
            var inputPath = DiagnosticPath.Append(path, name);
            if (wire is null)
            {
                NullEntry(inputPath, "input");
                continue;
            }
            var input = _session?.Recall<JobInput>(inputPath, Json(wire)) ?? Input(wire, inputPath);
            if (input is not null) result.Add(new(name, input));
        }
        return ValueMap.From(result);
    }

    private JobInput? Input(RestJobInput wire, string path)
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
                    Path = DataPath(asset.Uri, DiagnosticPath.Append(path, "path")),
                    Mode = asset.Mode is { } mode ? InputMode.Parse(WireNames.InputModeFromWire(mode.Value)) : (InputMode?)null,
                    Description = asset.Description,
                };
            default:
                Unknown(path, $"an input of type '{wire.JobInputType}'");
                return null;
        }
    }

    private ValueMap<JobOutput> Outputs(Dictionary<string, RestJobOutput>? outputs, string path)
    {
        if (outputs is null) return ValueMap<JobOutput>.Empty;
        var result = new List<KeyValuePair<string, JobOutput>>();
        foreach (var (name, wire) in outputs)
        {
            var outputPath = DiagnosticPath.Append(path, name);
            if (wire is null)
            {
                NullEntry(outputPath, "output");
                continue;
            }
            var output = _session?.Recall<JobOutput>(outputPath, Json(wire));
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
                Unknown(outputPath, $"an output of type '{wire.JobOutputType}'");
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
    private static string? OutputType(string? wire) =>
        wire is null || wire.Equals(AssetType.UriFolder.ToString(), StringComparison.OrdinalIgnoreCase) ? null : wire;

    /// <summary>A null entry in a map of inputs or outputs: nothing to read, so it is reported (TJ2013) and left out.</summary>
    private void NullEntry(string path, string what) =>
        Report(RestDiagnosticCodes.UnreadableValue, DiagnosticSeverity.Warning, path, $"The {what} is null, not an object; it is left out of the definition.");

    private Distribution? Distribution(RestDistribution? wire, string path)
    {
        if (wire is null) return null;
        if (_session?.Recall<Distribution>(path, Json(wire)) is { } remembered) return remembered;
        switch (wire)
        {
            case RestPyTorchDistribution p: return new PyTorchDistribution { ProcessCountPerInstance = p.ProcessCountPerInstance };
            case RestMpiDistribution m: return new MpiDistribution { ProcessCountPerInstance = m.ProcessCountPerInstance };
            case RestTensorFlowDistribution t: return new TensorFlowDistribution { WorkerCount = t.WorkerCount, ParameterServerCount = t.ParameterServerCount };
            default:
                Unknown(path, $"distribution type '{wire.DistributionType}'");
                return null;
        }
    }

    private JobIdentity? Identity(RestIdentity? wire, string path)
    {
        if (wire is null) return null;
        if (wire is RestManagedIdentity managed)
        {
            return new ManagedIdentity { ClientId = managed.ClientId, ObjectId = managed.ObjectId, ResourceId = managed.ResourceId };
        }
        if (wire.IdentityType == RestIdentityType.AMLToken) return new AmlTokenIdentity();
        if (wire.IdentityType == RestIdentityType.UserIdentity) return new UserIdentity();
        Unknown(path, $"identity type '{wire.IdentityType}'");
        return null;
    }

    private static ValueMap<JobService> Services(Dictionary<string, RestJobService>? services)
    {
        if (services is null) return ValueMap<JobService>.Empty;
        return ValueMap.From(services.Select(e =>
        {
            var wire = e.Value;
            var properties = new Dictionary<string, string?>(wire.Properties ?? [], StringComparer.Ordinal);
            properties.Remove("sshPublicKeys", out var ssh);
            properties.Remove("logDir", out var logDir);
            var service = new JobService
            {
                Type = wire.JobServiceType is null ? (JobServiceType?)null : new JobServiceType(WireNames.ServiceTypeFromWire(wire.JobServiceType)),
                Port = wire.Port,
                Endpoint = wire.Endpoint,
                Nodes = wire.Nodes is null ? null : wire.Nodes.NodesValueType == RestNodesValueType.All ? "all" : wire.Nodes.NodesValueType.Value,
                SshPublicKeys = ssh,
                LogDir = logDir,
                Properties = Map(properties),
            };
            return new KeyValuePair<string, JobService>(e.Key, service);
        }));
    }

    private static NotificationSettings? Notifications(RestNotificationSetting? wire, Dictionary<string, RestWebhook>? webhooks) => wire is null ? null : new NotificationSettings
    {
        Emails = ValueList<string>.From(wire.Emails ?? []),
        EmailOn = ValueList<string>.From((wire.EmailOn ?? []).Select(e => e.Value)),
        Webhooks = ValueMap.From((webhooks ?? []).Select(e =>
            new KeyValuePair<string, Webhook>(e.Key, new Webhook(e.Value.WebhookType.Value, e.Value.EventType)))),
    };

    private static JobResources? Resources(RestResourceConfiguration? wire) => wire is null ? null : new JobResources
    {
        InstanceCount = wire.InstanceCount,
        InstanceType = wire.InstanceType,
        ShmSize = wire.ShmSize,
        DockerArgs = wire.DockerArgs,
        Properties = wire.Properties is null
            ? ValueMap<FreeformValue>.Empty
            : ValueMap.From(wire.Properties.Select(e => new KeyValuePair<string, FreeformValue>(e.Key, FreeformValue.FromNode(e.Value)))),
    };

    private static QueueSettings? Queue(RestQueueSettings? wire) => wire is null ? null : new QueueSettings
    {
        JobTier = wire.JobTier is { } tier ? JobTier.Parse(WireNames.JobTierFromWire(tier.Value)) : (JobTier?)null,
    };

    private PipelineSettings? Settings(JsonNode? wire, string path)
    {
        if (wire is not JsonObject settings) return null;
        string? Text(string key) => settings[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        bool? Flag(string key) => settings[key] is JsonValue v && v.TryGetValue(out bool b) ? b : null;
        var datastore = Text("default_datastore");
        var datastorePath = DiagnosticPath.Append(path, "default_datastore");
        return new PipelineSettings
        {
            DefaultCompute = Compute(Text("default_compute"), DiagnosticPath.Append(path, "default_compute")),
            DefaultDatastore = datastore is null ? null : _session?.Recall<string>(datastorePath, datastore) ?? _refs?.DatastoreFromWire(datastore) ?? datastore,
            ContinueOnStepFailure = Flag("continue_on_step_failure"),
            ForceRerun = Flag("force_rerun"),
        };
    }

    private SamplingAlgorithm Sampling(RestSamplingAlgorithm? wire, string path)
    {
        switch (wire)
        {
            case RestRandomSamplingAlgorithm random:
                return new RandomSamplingAlgorithm
                {
                    Seed = random.Seed,
                    Rule = random.Rule is { } rule ? WireNames.RandomRuleFromWire(rule.Value) : null,
                    // The wire cannot say whether the file wrote `sampling_algorithm: random`; a random algorithm
                    // with no settings is read as that shorthand, the form every published example uses.
                    IsShorthand = random.Rule is null && random.Seed is null,
                };
            case { SamplingAlgorithmType.Value: "Grid" }:
                return new GridSamplingAlgorithm();
            case { SamplingAlgorithmType.Value: "Bayesian" }:
                return new BayesianSamplingAlgorithm();
            default:
                Unknown(path, $"sampling algorithm '{wire?.SamplingAlgorithmType}'; random sampling is assumed");
                return new RandomSamplingAlgorithm();
        }
    }

    private EarlyTerminationPolicy? EarlyTermination(RestEarlyTerminationPolicy? wire, string path)
    {
        EarlyTerminationPolicy? policy = wire switch
        {
            null => null,
            RestBanditPolicy bandit => new BanditPolicy { SlackAmount = bandit.SlackAmount, SlackFactor = bandit.SlackFactor },
            RestTruncationSelectionPolicy truncation => new TruncationSelectionPolicy { TruncationPercentage = truncation.TruncationPercentage },
            { PolicyType.Value: "MedianStopping" } => new MedianStoppingPolicy(),
            _ => null,
        };
        if (wire is not null && policy is null) Unknown(path, $"early-termination policy '{wire.PolicyType}'");
        return policy is null ? null : policy with { EvaluationInterval = wire!.EvaluationInterval, DelayEvaluation = wire.DelayEvaluation };
    }
}
