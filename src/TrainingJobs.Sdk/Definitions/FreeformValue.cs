using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>
/// A free-form value (a JSON tree) for fields the service leaves untyped, such as <c>resources.properties</c>
/// or an inline conda specification. Stored as compact JSON text so that equality is structural.
/// </summary>
public sealed record FreeformValue
{
    /// <summary>Creates a value from JSON text; the text is normalised (compact, keys in their given order).</summary>
    /// <param name="json">The JSON text.</param>
    public FreeformValue(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Json = JsonNode.Parse(json) is { } node ? node.ToJsonString() : "null";
    }

    /// <summary>The compact JSON text.</summary>
    public string Json { get; }

    /// <summary>Creates a value from a JSON node (null means JSON null).</summary>
    /// <param name="node">The node.</param>
    public static FreeformValue FromNode(JsonNode? node) => new(node?.ToJsonString() ?? "null");

    /// <summary>Returns a fresh, mutable copy of the JSON tree.</summary>
    public JsonNode? ToNode() => JsonNode.Parse(Json);

    /// <summary>Returns the value as a JSON element.</summary>
    public JsonElement ToElement() => JsonDocument.Parse(Json).RootElement.Clone();

    /// <inheritdoc />
    public override string ToString() => Json;
}
