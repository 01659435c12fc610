using System.Text.Json.Nodes;

namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>An answer of the emulated ARM endpoint: a status, an optional JSON body and extra headers.</summary>
internal sealed record ArmResponse(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>The ARM <c>ErrorResponse</c> shape (common-types v3), which Azure.Core parses into <c>RequestFailedException.ErrorCode</c>.</summary>
    public static ArmResponse Error(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["details"] = new JsonArray(), ["additionalInfo"] = new JsonArray() } }, headers);
}
