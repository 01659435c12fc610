using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The workspace resource (<c>Workspaces_Get</c>): only what a job client reads is typed; the rest is kept.</summary>
internal sealed class RestWorkspaceResource
{
    /// <summary>The ARM id.</summary>
    public string? Id { get; set; }

    /// <summary>The workspace name.</summary>
    public string? Name { get; set; }

    /// <summary>The ARM resource type.</summary>
    public string? Type { get; set; }

    /// <summary>The Azure region.</summary>
    public string? Location { get; set; }

    /// <summary>The workspace properties.</summary>
    public RestWorkspaceProperties? Properties { get; set; }

    /// <summary>Fields this SDK does not read (identity, sku, tags, systemData…), kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The workspace properties a job client needs.</summary>
internal sealed class RestWorkspaceProperties
{
    /// <summary>The discovery URL of the data-plane endpoints.</summary>
    public string? DiscoveryUrl { get; set; }

    /// <summary>The MLflow tracking URI (<c>azureml://…</c>).</summary>
    public string? MlFlowTrackingUri { get; set; }

    /// <summary>The ARM id of the default storage account.</summary>
    public string? StorageAccount { get; set; }

    /// <summary>The workspace GUID.</summary>
    public string? WorkspaceId { get; set; }

    /// <summary>Everything else, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A datastore resource (<c>Datastores_Get</c>).</summary>
internal sealed class RestDatastoreResource
{
    /// <summary>The ARM id.</summary>
    public string? Id { get; set; }

    /// <summary>The datastore name.</summary>
    public string? Name { get; set; }

    /// <summary>The ARM resource type.</summary>
    public string? Type { get; set; }

    /// <summary>The datastore.</summary>
    public RestDatastore? Properties { get; set; }

    /// <summary>Fields this SDK does not read, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A datastore; the blob fields are typed, other kinds keep their fields in <see cref="AdditionalProperties"/>.</summary>
internal sealed class RestDatastore
{
    /// <summary>The datastore type (<c>AzureBlob</c>, …).</summary>
    public string? DatastoreType { get; set; }

    /// <summary>The storage account name.</summary>
    public string? AccountName { get; set; }

    /// <summary>The blob container name.</summary>
    public string? ContainerName { get; set; }

    /// <summary>The storage endpoint suffix (<c>core.windows.net</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The protocol (<c>https</c>).</summary>
    public string? Protocol { get; set; }

    /// <summary>Whether this is the workspace default datastore.</summary>
    public bool? IsDefault { get; set; }

    /// <summary>Which identity the service uses for data access.</summary>
    public string? ServiceDataAccessAuthIdentity { get; set; }

    /// <summary>The credentials (free-form; secrets are never returned).</summary>
    public JsonNode? Credentials { get; set; }

    /// <summary>Everything else, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Datastore secrets (<c>Datastores_ListSecrets</c>), by <c>secretsType</c>.</summary>
internal sealed class RestDatastoreSecrets
{
    /// <summary>The secrets type (<c>AccountKey</c>, <c>Sas</c>, <c>ServicePrincipal</c>, <c>Certificate</c>).</summary>
    public string? SecretsType { get; set; }

    /// <summary>The account key.</summary>
    public string? Key { get; set; }

    /// <summary>The SAS token.</summary>
    public string? SasToken { get; set; }

    /// <summary>The service principal secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Everything else, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
