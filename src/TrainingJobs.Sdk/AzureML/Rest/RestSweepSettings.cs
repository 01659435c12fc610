using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The sweep objective.</summary>
internal sealed class RestObjective
{
    /// <summary>Minimize or maximize.</summary>
    public RestGoal Goal { get; set; }

    /// <summary>The metric.</summary>
    public string? PrimaryMetric { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>How a sweep samples (<c>SamplingAlgorithm</c>), polymorphic on <c>samplingAlgorithmType</c>.</summary>
[JsonConverter(typeof(RestSamplingAlgorithmConverter))]
internal abstract class RestSamplingAlgorithm
{
    /// <summary>The algorithm type (the discriminator).</summary>
    [JsonPropertyOrder(-1)]
    public RestSamplingAlgorithmType SamplingAlgorithmType { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Grid, Bayesian, or an algorithm this SDK does not know (no fields of their own).</summary>
internal sealed class RestPlainSamplingAlgorithm : RestSamplingAlgorithm
{
}

/// <summary>Random sampling.</summary>
internal sealed class RestRandomSamplingAlgorithm : RestSamplingAlgorithm
{
    /// <summary>Random or Sobol.</summary>
    public RestRandomSamplingRule? Rule { get; set; }

    /// <summary>The seed.</summary>
    public int? Seed { get; set; }
}

/// <summary>Early termination (<c>EarlyTerminationPolicy</c>), polymorphic on <c>policyType</c>.</summary>
[JsonConverter(typeof(RestEarlyTerminationPolicyConverter))]
internal abstract class RestEarlyTerminationPolicy
{
    /// <summary>The policy type (the discriminator).</summary>
    [JsonPropertyOrder(-1)]
    public RestPolicyType PolicyType { get; set; }

    /// <summary>How many reports to wait before the first evaluation.</summary>
    public int? DelayEvaluation { get; set; }

    /// <summary>How often the policy is applied.</summary>
    public int? EvaluationInterval { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Bandit policy.</summary>
internal sealed class RestBanditPolicy : RestEarlyTerminationPolicy
{
    /// <summary>Absolute slack.</summary>
    public double? SlackAmount { get; set; }

    /// <summary>Slack ratio.</summary>
    public double? SlackFactor { get; set; }
}

/// <summary>Truncation selection policy.</summary>
internal sealed class RestTruncationSelectionPolicy : RestEarlyTerminationPolicy
{
    /// <summary>The percentage stopped at each evaluation.</summary>
    public int? TruncationPercentage { get; set; }
}

/// <summary>Median stopping, or a policy this SDK does not know (no fields of their own).</summary>
internal sealed class RestPlainEarlyTerminationPolicy : RestEarlyTerminationPolicy
{
}

/// <summary>Reads sampling algorithms by <c>samplingAlgorithmType</c>.</summary>
internal sealed class RestSamplingAlgorithmConverter : RestPolymorphicConverter<RestSamplingAlgorithm>
{
    /// <inheritdoc />
    protected override string Discriminator => "samplingAlgorithmType";

    /// <inheritdoc />
    protected override JsonTypeInfo Resolve(string? value, RestJsonContext context) =>
        value == "Random" ? context.RestRandomSamplingAlgorithm : context.RestPlainSamplingAlgorithm;
}

/// <summary>Reads early-termination policies by <c>policyType</c>.</summary>
internal sealed class RestEarlyTerminationPolicyConverter : RestPolymorphicConverter<RestEarlyTerminationPolicy>
{
    /// <inheritdoc />
    protected override string Discriminator => "policyType";

    /// <inheritdoc />
    protected override JsonTypeInfo Resolve(string? value, RestJsonContext context) => value switch
    {
        "Bandit" => context.RestBanditPolicy,
        "TruncationSelection" => context.RestTruncationSelectionPolicy,
        _ => context.RestPlainEarlyTerminationPolicy,
    };
}
