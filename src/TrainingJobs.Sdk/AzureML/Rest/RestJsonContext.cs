using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>
/// Source-generated serialization metadata for the ARM job wire models (api-version 2025-12-01): camelCase
/// names, nulls left out. Every concrete polymorphic subtype is listed so the discriminator converters can
/// hand over to its generated metadata.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RestJobResource))]
[JsonSerializable(typeof(RestJobBase))]
[JsonSerializable(typeof(RestJobList))]
[JsonSerializable(typeof(RestErrorResponse))]
[JsonSerializable(typeof(RestWorkspaceResource))]
[JsonSerializable(typeof(RestDatastoreResource))]
[JsonSerializable(typeof(RestDatastoreSecrets))]
[JsonSerializable(typeof(RestCommandJob))]
[JsonSerializable(typeof(RestPipelineJob))]
[JsonSerializable(typeof(RestSweepJob))]
[JsonSerializable(typeof(RestUnknownJob))]
[JsonSerializable(typeof(RestLiteralJobInput))]
[JsonSerializable(typeof(RestAssetJobInput))]
[JsonSerializable(typeof(RestUnknownJobInput))]
[JsonSerializable(typeof(RestAssetJobOutput))]
[JsonSerializable(typeof(RestUnknownJobOutput))]
[JsonSerializable(typeof(RestPyTorchDistribution))]
[JsonSerializable(typeof(RestMpiDistribution))]
[JsonSerializable(typeof(RestTensorFlowDistribution))]
[JsonSerializable(typeof(RestUnknownDistribution))]
[JsonSerializable(typeof(RestPlainIdentity))]
[JsonSerializable(typeof(RestManagedIdentity))]
[JsonSerializable(typeof(RestCommandJobLimits))]
[JsonSerializable(typeof(RestSweepJobLimits))]
[JsonSerializable(typeof(RestPlainSamplingAlgorithm))]
[JsonSerializable(typeof(RestRandomSamplingAlgorithm))]
[JsonSerializable(typeof(RestBanditPolicy))]
[JsonSerializable(typeof(RestTruncationSelectionPolicy))]
[JsonSerializable(typeof(RestPlainEarlyTerminationPolicy))]
internal sealed partial class RestJsonContext : JsonSerializerContext
{
}
