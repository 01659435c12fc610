using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The job (<c>JobBase</c>), polymorphic on <c>jobType</c>.</summary>
[JsonConverter(typeof(RestJobBaseConverter))]
internal abstract class RestJobBase
{
    /// <summary>The job type (the discriminator).</summary>
    [JsonPropertyOrder(-1)]
    public RestJobType JobType { get; set; }

    /// <summary>A description.</summary>
    public string? Description { get; set; }

    /// <summary>User properties.</summary>
    public Dictionary<string, string?>? Properties { get; set; }

    /// <summary>Tags.</summary>
    public Dictionary<string, string?>? Tags { get; set; }

    /// <summary>The ARM id of the component the job runs.</summary>
    public string? ComponentId { get; set; }

    /// <summary>The ARM id of the compute.</summary>
    public string? ComputeId { get; set; }

    /// <summary>The display name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The experiment name (service default <c>Default</c>).</summary>
    public string? ExperimentName { get; set; }

    /// <summary>The identity used to reach data.</summary>
    public RestIdentity? Identity { get; set; }

    /// <summary>Whether the job is archived.</summary>
    public bool? IsArchived { get; set; }

    /// <summary>Notification settings.</summary>
    public RestNotificationSetting? NotificationSetting { get; set; }

    /// <summary>Interactive services by name.</summary>
    public Dictionary<string, RestJobService>? Services { get; set; }

    /// <summary>The status (read-only).</summary>
    public RestJobStatus? Status { get; set; }

    /// <summary>Fields this SDK does not know, kept so they survive a GET → PUT.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A command job (<c>jobType: Command</c>).</summary>
internal sealed class RestCommandJob : RestJobBase
{
    /// <summary>The ARM id of the code version.</summary>
    public string? CodeId { get; set; }

    /// <summary>The command line.</summary>
    public string? Command { get; set; }

    /// <summary>The distribution.</summary>
    public RestDistribution? Distribution { get; set; }

    /// <summary>The ARM id of the environment version.</summary>
    public string? EnvironmentId { get; set; }

    /// <summary>Environment variables.</summary>
    public Dictionary<string, string?>? EnvironmentVariables { get; set; }

    /// <summary>Inputs by name.</summary>
    public Dictionary<string, RestJobInput>? Inputs { get; set; }

    /// <summary>Limits.</summary>
    public RestJobLimits? Limits { get; set; }

    /// <summary>Outputs by name.</summary>
    public Dictionary<string, RestJobOutput>? Outputs { get; set; }

    /// <summary>The resolved parameters (read-only, free-form).</summary>
    public JsonNode? Parameters { get; set; }

    /// <summary>Queue settings.</summary>
    public RestQueueSettings? QueueSettings { get; set; }

    /// <summary>Compute resources.</summary>
    public RestResourceConfiguration? Resources { get; set; }
}

/// <summary>A pipeline job (<c>jobType: Pipeline</c>).</summary>
internal sealed class RestPipelineJob : RestJobBase
{
    /// <summary>Inputs by name.</summary>
    public Dictionary<string, RestJobInput>? Inputs { get; set; }

    /// <summary>The steps by name: free-form objects in the shape azure-ai-ml sends (the spec gives no schema).</summary>
    public Dictionary<string, JsonNode?>? Jobs { get; set; }

    /// <summary>Outputs by name.</summary>
    public Dictionary<string, RestJobOutput>? Outputs { get; set; }

    /// <summary>Pipeline settings (free-form).</summary>
    public JsonNode? Settings { get; set; }

    /// <summary>The ARM id of the job this one was cloned from.</summary>
    public string? SourceJobId { get; set; }
}

/// <summary>A sweep job (<c>jobType: Sweep</c>).</summary>
internal sealed class RestSweepJob : RestJobBase
{
    /// <summary>Early termination policy.</summary>
    public RestEarlyTerminationPolicy? EarlyTermination { get; set; }

    /// <summary>Inputs by name.</summary>
    public Dictionary<string, RestJobInput>? Inputs { get; set; }

    /// <summary>Limits.</summary>
    public RestJobLimits? Limits { get; set; }

    /// <summary>The objective.</summary>
    public RestObjective? Objective { get; set; }

    /// <summary>Outputs by name.</summary>
    public Dictionary<string, RestJobOutput>? Outputs { get; set; }

    /// <summary>Queue settings.</summary>
    public RestQueueSettings? QueueSettings { get; set; }

    /// <summary>The sampling algorithm.</summary>
    public RestSamplingAlgorithm? SamplingAlgorithm { get; set; }

    /// <summary>The search space (free-form: <c>{"lr": ["uniform", [0.01, 0.1]]}</c>).</summary>
    public JsonNode? SearchSpace { get; set; }

    /// <summary>The trial.</summary>
    public RestTrialComponent? Trial { get; set; }
}

/// <summary>
/// A job of a type the SDK does not model (AutoML, Spark, or one newer than this SDK): the common fields are
/// readable, and every other field is kept in <see cref="RestJobBase.AdditionalProperties"/> as sent.
/// </summary>
internal sealed class RestUnknownJob : RestJobBase
{
}

/// <summary>The trial of a sweep (<c>TrialComponent</c>).</summary>
internal sealed class RestTrialComponent
{
    /// <summary>The ARM id of the code version.</summary>
    public string? CodeId { get; set; }

    /// <summary>The command line.</summary>
    public string? Command { get; set; }

    /// <summary>The distribution.</summary>
    public RestDistribution? Distribution { get; set; }

    /// <summary>The ARM id of the environment version.</summary>
    public string? EnvironmentId { get; set; }

    /// <summary>Environment variables.</summary>
    public Dictionary<string, string?>? EnvironmentVariables { get; set; }

    /// <summary>Compute resources.</summary>
    public RestResourceConfiguration? Resources { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Reads jobs by <c>jobType</c>; unknown types become <see cref="RestUnknownJob"/>.</summary>
internal sealed class RestJobBaseConverter : RestPolymorphicConverter<RestJobBase>
{
    /// <inheritdoc />
    protected override string Discriminator => "jobType";

    /// <inheritdoc />
    protected override JsonTypeInfo Resolve(string? value, RestJsonContext context) => value switch
    {
        "Command" => context.RestCommandJob,
        "Pipeline" => context.RestPipelineJob,
        "Sweep" => context.RestSweepJob,
        _ => context.RestUnknownJob,
    };
}
