using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>
/// Source-generated serialization metadata for the evidence files (in-toto statement, DSSE envelope): camelCase
/// names as the in-toto, SLSA and DSSE specs spell them, nulls left out, compact.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InTotoStatement))]
[JsonSerializable(typeof(DsseEnvelope))]
internal sealed partial class EvidenceJsonContext : JsonSerializerContext;
