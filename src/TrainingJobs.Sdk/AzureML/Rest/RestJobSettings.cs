using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>How a job is distributed (<c>DistributionConfiguration</c>), polymorphic on <c>distributionType</c>.</summary>
[JsonConverter(typeof(RestDistributionConverter))]
internal abstract class RestDistribution
{
    /// <summary>The distribution type (the discriminator).</summary>
    [JsonPropertyOrder(-1)]
    public RestDistributionType DistributionType { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>PyTorch distribution.</summary>
internal sealed class RestPyTorchDistribution : RestDistribution
{
    /// <summary>Processes per node.</summary>
    public int? ProcessCountPerInstance { get; set; }
}

/// <summary>MPI distribution.</summary>
internal sealed class RestMpiDistribution : RestDistribution
{
    /// <summary>Processes per node.</summary>
    public int? ProcessCountPerInstance { get; set; }
}

/// <summary>TensorFlow distribution.</summary>
internal sealed class RestTensorFlowDistribution : RestDistribution
{
    /// <summary>Parameter servers.</summary>
    public int? ParameterServerCount { get; set; }

    /// <summary>Workers.</summary>
    public int? WorkerCount { get; set; }
}

/// <summary>A distribution type this SDK does not know (e.g. <c>Ray</c> from a preview api-version).</summary>
internal sealed class RestUnknownDistribution : RestDistribution
{
}

/// <summary>The identity a job uses (<c>IdentityConfiguration</c>), polymorphic on <c>identityType</c>.</summary>
[JsonConverter(typeof(RestIdentityConverter))]
internal abstract class RestIdentity
{
    /// <summary>The identity type (the discriminator).</summary>
    [JsonPropertyOrder(-1)]
    public RestIdentityType IdentityType { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The AML token, the user identity, or an identity type this SDK does not know (no fields of their own).</summary>
internal sealed class RestPlainIdentity : RestIdentity
{
}

/// <summary>A managed identity.</summary>
internal sealed class RestManagedIdentity : RestIdentity
{
    /// <summary>The client id (uuid).</summary>
    public string? ClientId { get; set; }

    /// <summary>The object id (uuid).</summary>
    public string? ObjectId { get; set; }

    /// <summary>The ARM id of a user-assigned identity.</summary>
    public string? ResourceId { get; set; }
}

/// <summary>Limits (<c>JobLimits</c>), polymorphic on <c>jobLimitsType</c>.</summary>
[JsonConverter(typeof(RestJobLimitsConverter))]
internal abstract class RestJobLimits
{
    /// <summary>The limits type (the discriminator).</summary>
    [JsonPropertyOrder(-1)]
    public RestJobLimitsType JobLimitsType { get; set; }

    /// <summary>The longest the job may run (ISO-8601 duration).</summary>
    public string? Timeout { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Command job limits, or limits of a type this SDK does not know.</summary>
internal sealed class RestCommandJobLimits : RestJobLimits
{
}

/// <summary>Sweep job limits.</summary>
internal sealed class RestSweepJobLimits : RestJobLimits
{
    /// <summary>The most trials at once.</summary>
    public int? MaxConcurrentTrials { get; set; }

    /// <summary>The most trials.</summary>
    public int? MaxTotalTrials { get; set; }

    /// <summary>The longest one trial may run (ISO-8601 duration).</summary>
    public string? TrialTimeout { get; set; }
}

/// <summary>Compute resources (<c>JobResourceConfiguration</c>).</summary>
internal sealed class RestResourceConfiguration
{
    /// <summary>Nodes.</summary>
    public int? InstanceCount { get; set; }

    /// <summary>VM size.</summary>
    public string? InstanceType { get; set; }

    /// <summary>Free-form extra properties.</summary>
    public Dictionary<string, JsonNode?>? Properties { get; set; }

    /// <summary>Extra <c>docker run</c> arguments.</summary>
    public string? DockerArgs { get; set; }

    /// <summary>Shared-memory size.</summary>
    public string? ShmSize { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Queue settings.</summary>
internal sealed class RestQueueSettings
{
    /// <summary>The tier.</summary>
    public RestJobTier? JobTier { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>An interactive service (<c>JobService</c>).</summary>
internal sealed class RestJobService
{
    /// <summary>The endpoint.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Why the service failed (read-only).</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>The service type (<c>JupyterLab</c>, <c>SSH</c>, <c>TensorBoard</c>, <c>VSCode</c>, or custom).</summary>
    public string? JobServiceType { get; set; }

    /// <summary>Which nodes run it.</summary>
    public RestNodes? Nodes { get; set; }

    /// <summary>The port.</summary>
    public int? Port { get; set; }

    /// <summary>Extra properties.</summary>
    public Dictionary<string, string?>? Properties { get; set; }

    /// <summary>The service status (read-only).</summary>
    public string? Status { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Which nodes run a service (<c>Nodes</c>; only <c>All</c> exists).</summary>
internal sealed class RestNodes
{
    /// <summary>The nodes value type.</summary>
    public RestNodesValueType NodesValueType { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Notification settings.</summary>
internal sealed class RestNotificationSetting
{
    /// <summary>Events that send e-mail.</summary>
    public List<RestEmailOn>? EmailOn { get; set; }

    /// <summary>Addresses.</summary>
    public List<string>? Emails { get; set; }

    /// <summary>Webhooks by name.</summary>
    public Dictionary<string, RestWebhook>? Webhooks { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A webhook (<c>Webhook</c>; only <c>AzureDevOps</c> exists, others are kept as sent).</summary>
internal sealed class RestWebhook
{
    /// <summary>The webhook type.</summary>
    public RestWebhookType WebhookType { get; set; }

    /// <summary>The event that fires it.</summary>
    public string? EventType { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Reads distributions by <c>distributionType</c>.</summary>
internal sealed class RestDistributionConverter : RestPolymorphicConverter<RestDistribution>
{
    /// <inheritdoc />
    protected override string Discriminator => "distributionType";

    /// <inheritdoc />
    protected override JsonTypeInfo Resolve(string? value, RestJsonContext context) => value switch
    {
        "PyTorch" => context.RestPyTorchDistribution,
        "Mpi" => context.RestMpiDistribution,
        "TensorFlow" => context.RestTensorFlowDistribution,
        _ => context.RestUnknownDistribution,
    };
}

/// <summary>Reads identities by <c>identityType</c>.</summary>
internal sealed class RestIdentityConverter : RestPolymorphicConverter<RestIdentity>
{
    /// <inheritdoc />
    protected override string Discriminator => "identityType";

    /// <inheritdoc />
    protected override JsonTypeInfo Resolve(string? value, RestJsonContext context) =>
        value == "Managed" ? context.RestManagedIdentity : context.RestPlainIdentity;
}

/// <summary>Reads limits by <c>jobLimitsType</c>.</summary>
internal sealed class RestJobLimitsConverter : RestPolymorphicConverter<RestJobLimits>
{
    /// <inheritdoc />
    protected override string Discriminator => "jobLimitsType";

    /// <inheritdoc />
    protected override JsonTypeInfo Resolve(string? value, RestJsonContext context) =>
        value == "Sweep" ? context.RestSweepJobLimits : context.RestCommandJobLimits;
}
