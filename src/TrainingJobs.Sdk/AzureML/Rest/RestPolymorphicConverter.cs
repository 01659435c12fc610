using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>
/// Reads a polymorphic wire object by its discriminator, wherever the discriminator sits in the object (the
/// service does not put it first), and falls back to the "unknown" subtype for values this SDK does not know,
/// so that a new job, input or policy type never makes a GET fail and keeps every field it had.
/// </summary>
/// <typeparam name="TBase">The polymorphic base type.</typeparam>
internal abstract class RestPolymorphicConverter<TBase> : JsonConverter<TBase> where TBase : class
{
    /// <summary>The discriminator property name on the wire.</summary>
    protected abstract string Discriminator { get; }

    /// <summary>The metadata of the subtype for a discriminator value, or the unknown subtype's.</summary>
    /// <param name="value">The discriminator value; null when absent.</param>
    /// <param name="context">The generated serializer context.</param>
    protected abstract JsonTypeInfo Resolve(string? value, RestJsonContext context);

    /// <inheritdoc />
    public override TBase? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Expected an object for {typeof(TBase).Name}, found {root.ValueKind}.");
        }
        string? value = null;
        foreach (var property in root.EnumerateObject())
        {
            // The service matches discriminator names exactly; values are compared as sent.
            if (property.NameEquals(Discriminator) && property.Value.ValueKind == JsonValueKind.String)
            {
                value = property.Value.GetString();
            }
        }
        return (TBase?)root.Deserialize(Resolve(value, RestJsonContext.Default));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, RestJsonContext.Default.GetTypeInfo(value.GetType())
            ?? throw new NotSupportedException($"{value.GetType().Name} is not a registered wire type."));
}
