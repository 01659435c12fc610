using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>Distribution, identity, services, notifications, resources, queue, pipeline settings and sweep settings.</summary>
internal sealed partial class JobToRest
{
    private RestDistribution? Distribution(Distribution? distribution, string path)
    {
        if (distribution is null) return null;
        if (!distribution.AdditionalFields.IsEmpty)
        {
            NotCarried(path, $"fields that {distribution.TypeName} distribution does not define ({string.Join(", ", distribution.AdditionalFields.Keys)})");
        }
        RestDistribution? wire = distribution switch
        {
            PyTorchDistribution p => new RestPyTorchDistribution { DistributionType = RestDistributionType.PyTorch, ProcessCountPerInstance = p.ProcessCountPerInstance },
            MpiDistribution m => new RestMpiDistribution { DistributionType = RestDistributionType.Mpi, ProcessCountPerInstance = m.ProcessCountPerInstance },
            TensorFlowDistribution t => new RestTensorFlowDistribution { DistributionType = RestDistributionType.TensorFlow, WorkerCount = t.WorkerCount, ParameterServerCount = t.ParameterServerCount },
            _ => null,
        };
        if (wire is null)
        {
            NotCarried(path, $"distribution type '{distribution.TypeName}'");
            return null;
        }
        _session.Remember(path, Json(wire), distribution);
        return wire;
    }

    private static RestIdentity? Identity(JobIdentity? identity) => identity switch
    {
        AmlTokenIdentity => new RestPlainIdentity { IdentityType = RestIdentityType.AMLToken },
        UserIdentity => new RestPlainIdentity { IdentityType = RestIdentityType.UserIdentity },
        ManagedIdentity managed => new RestManagedIdentity
        {
            IdentityType = RestIdentityType.Managed,
            ClientId = managed.ClientId,
            ObjectId = managed.ObjectId,
            ResourceId = managed.ResourceId,
        },
        _ => null,
    };

    private static Dictionary<string, RestJobService>? Services(ValueMap<JobService> services)
    {
        if (services.IsEmpty) return null;
        var wire = new Dictionary<string, RestJobService>(StringComparer.Ordinal);
        foreach (var (name, service) in services)
        {
            var properties = service.Properties.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal);
            // azure-ai-ml carries the SSH keys and the TensorBoard log folder as service properties.
            if (service.SshPublicKeys is not null) properties["sshPublicKeys"] = service.SshPublicKeys;
            if (service.LogDir is not null) properties["logDir"] = service.LogDir;
            wire[name] = new RestJobService
            {
                JobServiceType = service.Type is { } serviceType ? WireNames.ServiceTypeToWire(serviceType.ToString()) : null,
                Port = service.Port,
                Endpoint = service.Endpoint,
                Nodes = service.Nodes is null ? null : new RestNodes { NodesValueType = string.Equals(service.Nodes, "all", StringComparison.OrdinalIgnoreCase) ? RestNodesValueType.All : new RestNodesValueType(service.Nodes) },
                Properties = properties.Count == 0 ? null : properties,
            };
        }
        return wire;
    }

    private static RestNotificationSetting? Notifications(NotificationSettings? settings) => settings is null ? null : new RestNotificationSetting
    {
        Emails = settings.Emails.IsEmpty ? null : [.. settings.Emails],
        EmailOn = settings.EmailOn.IsEmpty ? null : [.. settings.EmailOn.Select(e => new RestEmailOn(e))],
        Webhooks = settings.Webhooks.IsEmpty ? null : settings.Webhooks.ToDictionary(
            e => e.Key, e => new RestWebhook { WebhookType = new RestWebhookType(e.Value.WebhookType), EventType = e.Value.EventType }, StringComparer.Ordinal),
    };

    private RestResourceConfiguration? Resources(JobResources? resources, string path)
    {
        if (resources is null) return null;
        if (!resources.Locations.IsEmpty) NotCarried(DiagnosticPath.Append(path, "locations"), "resources.locations");
        if (resources.MaxInstanceCount is not null) NotCarried(DiagnosticPath.Append(path, "max_instance_count"), "resources.max_instance_count");
        return new RestResourceConfiguration
        {
            InstanceCount = resources.InstanceCount,
            InstanceType = resources.InstanceType,
            ShmSize = resources.ShmSize,
            DockerArgs = resources.DockerArgs,
            Properties = resources.Properties.IsEmpty ? null : resources.Properties.ToDictionary(e => e.Key, e => e.Value.ToNode(), StringComparer.Ordinal),
        };
    }

    private RestQueueSettings? Queue(QueueSettings? queue, string path)
    {
        if (queue is null) return null;
        if (queue.Priority is not null) NotCarried(DiagnosticPath.Append(path, "priority"), "queue_settings.priority");
        return new RestQueueSettings { JobTier = queue.JobTier is { } tier ? new RestJobTier(WireNames.JobTierToWire(tier.ToString())) : null };
    }

    private JsonNode? Settings(PipelineSettings? settings, string path)
    {
        if (settings is null) return null;
        // Pipeline settings are free-form on the wire; azure-ai-ml sends them in YAML spelling with ARM ids.
        var wire = new JsonObject();
        if (settings.DefaultCompute is { } compute) wire["default_compute"] = Compute(compute, DiagnosticPath.Append(path, "default_compute"));
        if (settings.DefaultDatastore is { } datastore)
        {
            var id = _refs.DatastoreToWire(datastore);
            _session.Remember(DiagnosticPath.Append(path, "default_datastore"), id, datastore);
            wire["default_datastore"] = id;
        }
        if (settings.ContinueOnStepFailure is { } continueOnFailure) wire["continue_on_step_failure"] = continueOnFailure;
        if (settings.ForceRerun is { } forceRerun) wire["force_rerun"] = forceRerun;
        return wire;
    }

    private RestSamplingAlgorithm Sampling(SamplingAlgorithm algorithm, string path)
    {
        switch (algorithm)
        {
            case RandomSamplingAlgorithm random:
                if (random.LogBase is not null) NotCarried(DiagnosticPath.Append(path, "logbase"), "sampling_algorithm.logbase");
                return new RestRandomSamplingAlgorithm
                {
                    SamplingAlgorithmType = RestSamplingAlgorithmType.Random,
                    Rule = random.Rule is null ? null : new RestRandomSamplingRule(WireNames.RandomRuleToWire(random.Rule)),
                    Seed = random.Seed,
                };
            case GridSamplingAlgorithm:
                return new RestPlainSamplingAlgorithm { SamplingAlgorithmType = RestSamplingAlgorithmType.Grid };
            default:
                return new RestPlainSamplingAlgorithm { SamplingAlgorithmType = RestSamplingAlgorithmType.Bayesian };
        }
    }

    private static RestEarlyTerminationPolicy? EarlyTermination(EarlyTerminationPolicy? policy)
    {
        RestEarlyTerminationPolicy? wire = policy switch
        {
            BanditPolicy bandit => new RestBanditPolicy { PolicyType = RestPolicyType.Bandit, SlackAmount = bandit.SlackAmount, SlackFactor = bandit.SlackFactor },
            TruncationSelectionPolicy truncation => new RestTruncationSelectionPolicy { PolicyType = RestPolicyType.TruncationSelection, TruncationPercentage = truncation.TruncationPercentage },
            MedianStoppingPolicy => new RestPlainEarlyTerminationPolicy { PolicyType = RestPolicyType.MedianStopping },
            _ => null,
        };
        if (wire is null) return null;
        wire.EvaluationInterval = policy!.EvaluationInterval;
        wire.DelayEvaluation = policy.DelayEvaluation;
        return wire;
    }
}
