using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>Reads and writes job wire payloads with the generated metadata, and builds PUT bodies.</summary>
internal static class RestJobSerializer
{
    private static readonly string[] ReadOnlyJobFields = ["status", "parameters"];
    private static readonly string[] ReadOnlyServiceFields = ["status", "errorMessage"];

    /// <summary>Reads one job resource (a GET or PUT response).</summary>
    /// <param name="json">The JSON text.</param>
    public static RestJobResource ReadResource(string json) =>
        JsonSerializer.Deserialize(json, RestJsonContext.Default.RestJobResource)
        ?? throw new JsonException("The job resource is JSON null.");

    /// <summary>Reads one job resource from a JSON element.</summary>
    /// <param name="json">The element.</param>
    public static RestJobResource ReadResource(JsonElement json) =>
        json.Deserialize(RestJsonContext.Default.RestJobResource)
        ?? throw new JsonException("The job resource is JSON null.");

    /// <summary>Reads one list page.</summary>
    /// <param name="json">The JSON text.</param>
    public static RestJobList ReadList(string json) =>
        JsonSerializer.Deserialize(json, RestJsonContext.Default.RestJobList)
        ?? throw new JsonException("The job list page is JSON null.");

    /// <summary>Writes a job resource as the service would return it.</summary>
    /// <param name="resource">The resource.</param>
    public static JsonObject WriteResource(RestJobResource resource) =>
        JsonSerializer.SerializeToNode(resource, RestJsonContext.Default.RestJobResource)!.AsObject();

    /// <summary>Writes a list page.</summary>
    /// <param name="page">The page.</param>
    public static JsonObject WriteList(RestJobList page) =>
        JsonSerializer.SerializeToNode(page, RestJsonContext.Default.RestJobList)!.AsObject();

    /// <summary>
    /// The <c>Jobs_CreateOrUpdate</c> body for a resource: only <c>properties</c>, without the read-only fields
    /// (<c>status</c>, <c>parameters</c>, a service's <c>status</c>/<c>errorMessage</c>), and with every field
    /// this SDK does not know kept as it came, so a GET → PUT changes nothing the caller did not change.
    /// </summary>
    /// <param name="resource">The resource (from a GET, or built from a definition).</param>
    public static JsonObject WritePutBody(RestJobResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var properties = resource.Properties is null
            ? new JsonObject()
            : JsonSerializer.SerializeToNode(resource.Properties, RestJsonContext.Default.RestJobBase)!.AsObject();
        foreach (var field in ReadOnlyJobFields) properties.Remove(field);
        if (properties["services"] is JsonObject services)
        {
            foreach (var (_, service) in services)
            {
                if (service is not JsonObject serviceObject) continue;
                foreach (var field in ReadOnlyServiceFields) serviceObject.Remove(field);
            }
        }
        return new JsonObject { ["properties"] = properties };
    }
}
