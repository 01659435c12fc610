using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingJobs.Sdk.AzureML.Rest;

/// <summary>The ARM job resource (<c>JobBaseResource</c>): the envelope of every job GET, PUT and list item.</summary>
internal sealed class RestJobResource
{
    /// <summary>The ARM id (read-only).</summary>
    public string? Id { get; set; }

    /// <summary>The job name (read-only; the name sent is the one in the URL).</summary>
    public string? Name { get; set; }

    /// <summary>The ARM resource type (read-only).</summary>
    public string? Type { get; set; }

    /// <summary>The job itself.</summary>
    public RestJobBase? Properties { get; set; }

    /// <summary>Who created and last changed the resource, and when (read-only).</summary>
    public RestSystemData? SystemData { get; set; }

    /// <summary>Fields this SDK does not know, kept so they survive a GET → PUT.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One page of <c>Jobs_List</c> (<c>JobBaseResourceArmPaginatedResult</c>).</summary>
internal sealed class RestJobList
{
    /// <summary>The jobs on this page.</summary>
    public List<RestJobResource>? Value { get; set; }

    /// <summary>The absolute URL of the next page; null on the last page.</summary>
    public string? NextLink { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>ARM system data (common-types <c>systemData</c>).</summary>
internal sealed class RestSystemData
{
    /// <summary>When the resource was created.</summary>
    [JsonConverter(typeof(ArmTimestampConverter))]
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Who created the resource.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>What kind of principal created the resource.</summary>
    public RestCreatedByType? CreatedByType { get; set; }

    /// <summary>When the resource was last changed.</summary>
    [JsonConverter(typeof(ArmTimestampConverter))]
    public DateTimeOffset? LastModifiedAt { get; set; }

    /// <summary>Who last changed the resource.</summary>
    public string? LastModifiedBy { get; set; }

    /// <summary>What kind of principal last changed the resource.</summary>
    public RestCreatedByType? LastModifiedByType { get; set; }

    /// <summary>Fields this SDK does not know.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
