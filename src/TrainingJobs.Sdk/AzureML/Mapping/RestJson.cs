using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using TrainingJobs.Sdk.AzureML.Rest;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>
/// Wire models as JSON through the source-generated <see cref="RestJsonContext"/>: the text a session remembers a
/// wire value by, and the snake_case form a pipeline step's free-form fields take.
/// </summary>
internal static class RestJson
{
    /// <summary>The JSON text of a wire model, as serialized for its declared type <typeparamref name="T"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    /// <summary>A wire model with snake_case keys, except inside the <paramref name="opaque"/> maps (user-chosen keys).</summary>
    public static JsonNode? ToSnake<T>(T value, params string[] opaque) =>
        JsonKeys.ToSnake(JsonSerializer.SerializeToNode(value, TypeInfo<T>()), opaque);

    /// <summary>The generated metadata of <typeparamref name="T"/>.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)RestJsonContext.Default.GetTypeInfo(typeof(T))!;
}
