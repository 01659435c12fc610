using System.Text.Json;
using Azure.Core;

namespace TrainingJobs.Sdk.AzureML.Arm;

/// <summary>
/// The workspace's own properties that lead to its data-plane endpoints (<c>discoveryUrl</c>, <c>mlFlowTrackingUri</c>),
/// read with one Workspaces_Get per client and shared by the stream's log and metric readers. A failed read is not kept:
/// the next call reads again.
/// </summary>
internal sealed class WorkspaceProperties(ArmJobOperations arm)
{
    private readonly object _gate = new();
    private Task<(string? DiscoveryUrl, string? MlflowTrackingUri)>? _read;

    /// <summary><c>properties.discoveryUrl</c>, or null when the workspace has none.</summary>
    public async Task<string?> DiscoveryUrlAsync(CancellationToken cancellationToken) => (await ReadAsync(cancellationToken).ConfigureAwait(false)).DiscoveryUrl;

    /// <summary><c>properties.mlFlowTrackingUri</c> (<c>azureml://…</c>), or null when the workspace has none.</summary>
    public async Task<string?> MlflowTrackingUriAsync(CancellationToken cancellationToken) => (await ReadAsync(cancellationToken).ConfigureAwait(false)).MlflowTrackingUri;

    private async Task<(string? DiscoveryUrl, string? MlflowTrackingUri)> ReadAsync(CancellationToken cancellationToken)
    {
        Task<(string?, string?)> read;
        lock (_gate) read = _read ??= FetchAsync(cancellationToken);
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                if (ReferenceEquals(_read, read)) _read = null;
            }
            throw;
        }
    }

    private async Task<(string?, string?)> FetchAsync(CancellationToken cancellationToken)
    {
        using var message = arm.CreateMessage(RequestMethod.Get, arm.Scope.ResourceId);
        await arm.SendAsync(message, "read a job", cancellationToken, 200).ConfigureAwait(false);
        using var resource = JsonDocument.Parse(message.Response.Content);
        if (!resource.RootElement.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) return (null, null);
        return (Text(properties, "discoveryUrl"), Text(properties, "mlFlowTrackingUri"));
    }

    private static string? Text(JsonElement properties, string name) =>
        properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
