using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.Lineage.Evidence;

/// <summary>
/// An in-toto Statement v1 (<c>https://in-toto.io/Statement/v1</c>) whose predicate is SLSA provenance v1: which
/// artifacts (subjects, by digest) a run produced, and how. The wire shape only; what goes in it is the caller's.
/// </summary>
internal sealed record InTotoStatement
{
    /// <summary>The statement type URI of in-toto Statement v1.</summary>
    public const string StatementTypeV1 = "https://in-toto.io/Statement/v1";

    /// <summary>The predicate type URI of SLSA provenance v1.</summary>
    public const string SlsaProvenanceV1 = "https://slsa.dev/provenance/v1";

    /// <summary>The DSSE payload type of a serialized in-toto statement.</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <summary>Always <see cref="StatementTypeV1"/>.</summary>
    [JsonPropertyName("_type")]
    public string Type { get; init; } = StatementTypeV1;

    /// <summary>The artifacts the statement is about; each has a name and at least one digest.</summary>
    public required IReadOnlyList<ResourceDescriptor> Subject { get; init; }

    /// <summary>Always <see cref="SlsaProvenanceV1"/> for the statements built here.</summary>
    public string PredicateType { get; init; } = SlsaProvenanceV1;

    /// <summary>The SLSA provenance.</summary>
    public required SlsaProvenance Predicate { get; init; }
}

/// <summary>
/// An in-toto ResourceDescriptor: an artifact or dependency named by URI and/or name and pinned by digests
/// (algorithm → lowercase hex, e.g. <c>sha256</c>, <c>gitCommit</c>, <c>dirHash1</c>).
/// </summary>
internal sealed record ResourceDescriptor
{
    /// <summary>Where the resource is (e.g. <c>git+https://…@commit</c>, <c>file:…</c>).</summary>
    public string? Uri { get; init; }

    /// <summary>Digests of the resource's content, by algorithm.</summary>
    public IReadOnlyDictionary<string, string>? Digest { get; init; }

    /// <summary>A name for the resource (for a subject: its path in the bundle or output).</summary>
    public string? Name { get; init; }

    /// <summary>Where the resource can be downloaded from, when that differs from <see cref="Uri"/>.</summary>
    public string? DownloadLocation { get; init; }

    /// <summary>The resource's media type.</summary>
    public string? MediaType { get; init; }

    /// <summary>The resource's content itself, for a small one (base64 on the wire).</summary>
    public byte[]? Content { get; init; }

    /// <summary>Further facts about the resource.</summary>
    public JsonObject? Annotations { get; init; }
}

/// <summary>The SLSA provenance v1 predicate: how the subjects were built, and by what run.</summary>
internal sealed record SlsaProvenance
{
    /// <summary>What was asked for, and what it resolved to.</summary>
    public required SlsaBuildDefinition BuildDefinition { get; init; }

    /// <summary>Who ran it, and when.</summary>
    public required SlsaRunDetails RunDetails { get; init; }
}

/// <summary>SLSA <c>buildDefinition</c>.</summary>
internal sealed record SlsaBuildDefinition
{
    /// <summary>A URI naming the build type, whose documentation defines the parameters' schema.</summary>
    public required string BuildType { get; init; }

    /// <summary>Parameters the submitter controlled (the job definition).</summary>
    public required JsonObject ExternalParameters { get; init; }

    /// <summary>Parameters the platform chose (runner settings).</summary>
    public JsonObject? InternalParameters { get; init; }

    /// <summary>Everything the run used, pinned by digest: code, inputs, environment.</summary>
    public IReadOnlyList<ResourceDescriptor>? ResolvedDependencies { get; init; }
}

/// <summary>SLSA <c>runDetails</c>.</summary>
internal sealed record SlsaRunDetails
{
    /// <summary>The platform that ran the build.</summary>
    public required SlsaBuilder Builder { get; init; }

    /// <summary>The invocation: id and times.</summary>
    public SlsaBuildMetadata? Metadata { get; init; }

    /// <summary>Other artifacts the run produced that are not subjects (logs, metrics).</summary>
    public IReadOnlyList<ResourceDescriptor>? Byproducts { get; init; }
}

/// <summary>SLSA <c>builder</c>.</summary>
internal sealed record SlsaBuilder
{
    /// <summary>A URI identifying the builder (e.g. the local runner, or a workspace).</summary>
    public required string Id { get; init; }

    /// <summary>Versions of the builder's components, by name (SLSA v1 makes this a map, not one string).</summary>
    public IReadOnlyDictionary<string, string>? Version { get; init; }

    /// <summary>The builder's own dependencies.</summary>
    public IReadOnlyList<ResourceDescriptor>? BuilderDependencies { get; init; }
}

/// <summary>SLSA <c>metadata</c>.</summary>
internal sealed record SlsaBuildMetadata
{
    /// <summary>The id of this run (the job name).</summary>
    public string? InvocationId { get; init; }

    /// <summary>When the run started (written as <c>YYYY-MM-DDThh:mm:ssZ</c>).</summary>
    [JsonConverter(typeof(UtcSecondsConverter))]
    public DateTimeOffset? StartedOn { get; init; }

    /// <summary>When the run ended (written as <c>YYYY-MM-DDThh:mm:ssZ</c>).</summary>
    [JsonConverter(typeof(UtcSecondsConverter))]
    public DateTimeOffset? FinishedOn { get; init; }
}

/// <summary>
/// in-toto timestamps: RFC 3339 in UTC with a <c>Z</c>, whole seconds (<c>YYYY-MM-DDThh:mm:ssZ</c>) as the
/// in-toto and SLSA examples write them; any RFC 3339 time is read.
/// </summary>
internal sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset?>
{
    /// <inheritdoc />
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var text = reader.GetString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new JsonException($"{text} is not an RFC 3339 time");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time) writer.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }
}

/// <summary>Writes and reads <see cref="InTotoStatement"/> as compact UTF-8 JSON (nulls left out).</summary>
internal static class InTotoStatementJson
{
    /// <summary>The statement as UTF-8 JSON: the bytes a DSSE envelope signs.</summary>
    public static byte[] Serialize(InTotoStatement statement) =>
        JsonSerializer.SerializeToUtf8Bytes(statement, EvidenceJsonContext.Default.InTotoStatement);

    /// <summary>Reads a statement; null with the reason when the bytes are not one.</summary>
    public static InTotoStatement? TryDeserialize(ReadOnlySpan<byte> json, out string? problem)
    {
        try
        {
            var statement = JsonSerializer.Deserialize(json, EvidenceJsonContext.Default.InTotoStatement);
            problem = statement is null ? "the statement is null"
                : statement.Type != InTotoStatement.StatementTypeV1 ? $"_type is {statement.Type}, not {InTotoStatement.StatementTypeV1}"
                : null;
            return problem is null ? statement : null;
        }
        catch (JsonException e)
        {
            problem = "not an in-toto statement: " + e.Message;
            return null;
        }
    }
}
