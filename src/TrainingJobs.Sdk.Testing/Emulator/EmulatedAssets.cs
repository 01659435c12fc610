using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage;
using Azure.Storage.Sas;
using Microsoft.AspNetCore.Http;
using TrainingJobs.Sdk.Testing.Emulator.Blob;

namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>
/// The assets a submit looks up or creates, with the 2025-12-01 wire shapes: the <c>workspaceblobstore</c> datastore
/// (Azurite's development account), code, environment and data versions (in memory), and computes (from the options).
/// </summary>
internal sealed class EmulatedAssets
{
    public const string DefaultDatastore = "workspaceblobstore";
    public const string ArtifactDatastore = "workspaceartifactstore";
    private const string WorkspaceType = "Microsoft.MachineLearningServices/workspaces";

    private readonly AzureMLEmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly string _workspacePath;
    private readonly Func<Uri> _armEndpoint;
    private readonly Func<Uri> _blobServiceUri;
    private readonly string _containerName;
    private readonly object _gate = new();
    // Per kind ("codes", "environments", "data") and asset name: the versions in creation order.
    private readonly Dictionary<(string Kind, string Name), List<JsonObject>> _versions = [];

    public EmulatedAssets(AzureMLEmulatorOptions options, TimeProvider time, string workspacePath, Func<Uri> armEndpoint, Func<Uri> blobServiceUri, string containerName)
    {
        _options = options;
        _time = time;
        _workspacePath = workspacePath;
        _armEndpoint = armEndpoint;
        _blobServiceUri = blobServiceUri;
        _containerName = containerName;
    }

    /// <summary>Answers a request under the workspace whose first segment is <c>datastores</c>, <c>codes</c>, <c>environments</c>, <c>computes</c> or <c>data</c>.</summary>
    public ArmResponse Handle(string method, ReadOnlySpan<string> rest, IQueryCollection query, JsonNode? body, bool bodyIsJson)
    {
        var kind = rest[0].ToLowerInvariant();
        switch (kind, rest.Length)
        {
            case ("datastores", 1):
                return method == "GET" ? new ArmResponse(200, new JsonObject { ["value"] = new JsonArray(Datastore(DefaultDatastore), Datastore(ArtifactDatastore)) }) : MethodNotAllowed(method);
            case ("datastores", 2):
                return !IsDatastore(rest[1]) ? NotFound("datastores", rest[1])
                    : method == "GET" ? new ArmResponse(200, Datastore(rest[1].ToLowerInvariant())) : MethodNotAllowed(method);
            case ("datastores", 3) when Eq(rest[2], "listSecrets"):
                return !IsDatastore(rest[1]) ? NotFound("datastores", rest[1])
                    : method == "POST" ? new ArmResponse(200, new JsonObject { ["secretsType"] = "AccountKey", ["key"] = AzuriteServer.AccountKey }) : MethodNotAllowed(method);
            case ("computes", 1):
                return method == "GET"
                    ? new ArmResponse(200, new JsonObject { ["value"] = new JsonArray(_options.Computes.Select(c => (JsonNode)Compute(c)).ToArray()) })
                    : MethodNotAllowed(method);
            case ("computes", 2):
                var compute = rest[1];
                return _options.Computes.FirstOrDefault(c => Eq(c, compute)) is not { } known ? NotFound("computes", compute)
                    : method == "GET" ? new ArmResponse(200, Compute(known)) : MethodNotAllowed(method);
            case ("codes" or "environments" or "data", 2):
                return method == "GET" ? GetContainer(kind, rest[1]) : MethodNotAllowed(method);
            case ("codes" or "environments" or "data", 3) when Eq(rest[2], "versions"):
                return method == "GET" ? ListVersions(kind, rest[1], query) : MethodNotAllowed(method);
            case ("codes" or "environments" or "data", 4) when Eq(rest[2], "versions"):
                return method switch
                {
                    "GET" => GetVersion(kind, rest[1], rest[3]),
                    "PUT" => PutVersion(kind, rest[1], rest[3], body, bodyIsJson),
                    _ => MethodNotAllowed(method),
                };
            case ("codes", 5) when Eq(rest[2], "versions") && Eq(rest[4], "startPendingUpload"):
                return method == "POST" ? StartPendingUpload(body, bodyIsJson) : MethodNotAllowed(method);
        }
        return ArmResponse.Error(404, "InvalidResourceType", $"The emulator serves no resource type '{string.Join('/', rest.ToArray())}' in a workspace.");
    }

    /// <summary>Adds an environment version as if it had been created (for tests and the CLI to seed a workspace).</summary>
    public void AddEnvironmentVersion(string name, string version, string image)
    {
        var properties = new JsonObject { ["image"] = image };
        var response = PutVersion("environments", name, version, new JsonObject { ["properties"] = properties }, bodyIsJson: true);
        if (response.Status >= 400)
        {
            throw new ArgumentException(response.Body?["error"]?["message"]?.GetValue<string>() ?? "The environment version was refused.");
        }
    }

    /// <summary>The <c>codeUri</c> of the code version an ARM id (of this workspace) names; null when there is none.</summary>
    public Uri? CodeUriOf(string codeId)
    {
        var prefix = $"{_workspacePath}/codes/";
        if (!codeId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var parts = codeId[prefix.Length..].Split('/');
        if (parts.Length != 3 || !Eq(parts[1], "versions"))
        {
            return null;
        }
        lock (_gate)
        {
            return Find("codes", parts[0], parts[2]) is { } version && version["properties"]?["codeUri"]?.GetValue<string>() is { } uri
                && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed : null;
        }
    }

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static ArmResponse MethodNotAllowed(string method) =>
        ArmResponse.Error(405, "MethodNotAllowed", $"The method '{method}' is not allowed on this resource.");

    private static ArmResponse NotFound(string kind, string name, string? version = null) =>
        ArmResponse.Error(404, "ResourceNotFound", version is null
            ? $"The resource '{WorkspaceType}/{kind}/{name}' was not found in the workspace."
            : $"The resource '{WorkspaceType}/{kind}/{name}/versions/{version}' was not found in the workspace.");

    private JsonObject SystemData(string at) => new()
    {
        ["createdAt"] = at,
        ["createdBy"] = "emulator-user",
        ["createdByType"] = "User",
        ["lastModifiedAt"] = at,
        ["lastModifiedBy"] = "emulator-user",
        ["lastModifiedByType"] = "User",
    };

    private static bool IsDatastore(string name) => Eq(name, DefaultDatastore) || Eq(name, ArtifactDatastore);

    // workspaceblobstore is the workspace container; workspaceartifactstore the "azureml" container, where a real
    // workspace keeps ExperimentRun/dcid.<job>/ (logs and artifacts).
    private JsonObject Datastore(string name) => new()
    {
        ["id"] = $"{_workspacePath}/datastores/{name}",
        ["name"] = name,
        ["type"] = $"{WorkspaceType}/datastores",
        ["properties"] = new JsonObject
        {
            ["datastoreType"] = "AzureBlob",
            ["accountName"] = AzuriteServer.AccountName,
            ["containerName"] = name == DefaultDatastore ? _containerName : EmulatedJobRunner.ArtifactContainer,
            // What the real service says for public Azure; the loopback URL cannot be written in these two fields
            // (see AzureMLEmulator.BlobServiceUri).
            ["endpoint"] = "core.windows.net",
            ["protocol"] = "https",
            ["isDefault"] = name == DefaultDatastore,
            ["serviceDataAccessAuthIdentity"] = "None",
            ["subscriptionId"] = _options.SubscriptionId,
            ["resourceGroup"] = _options.ResourceGroupName,
            ["credentials"] = new JsonObject { ["credentialsType"] = "AccountKey" },
            ["description"] = "A Blob datastore of the workspace (Azurite in the emulator).",
            ["properties"] = new JsonObject(),
            ["tags"] = new JsonObject(),
        },
    };

    private JsonObject Compute(string name) => new()
    {
        ["id"] = $"{_workspacePath}/computes/{name}",
        ["name"] = name,
        ["type"] = $"{WorkspaceType}/computes",
        ["location"] = _options.Location,
        ["properties"] = new JsonObject
        {
            ["computeType"] = "AmlCompute",
            ["computeLocation"] = _options.Location,
            ["provisioningState"] = "Succeeded",
            ["description"] = "An emulated cluster: jobs run on the machine of the emulator.",
            ["isAttachedCompute"] = false,
            ["disableLocalAuth"] = true,
            ["properties"] = new JsonObject
            {
                ["vmSize"] = "STANDARD_DS3_V2",
                ["vmPriority"] = "Dedicated",
                ["osType"] = "Linux",
                ["scaleSettings"] = new JsonObject { ["minNodeCount"] = 0, ["maxNodeCount"] = 4, ["nodeIdleTimeBeforeScaleDown"] = "PT120S" },
                ["allocationState"] = "Steady",
                ["currentNodeCount"] = 0,
                ["targetNodeCount"] = 0,
            },
        },
    };

    private JsonObject? Find(string kind, string name, string version) =>
        _versions.TryGetValue((kind, name), out var versions) ? versions.FirstOrDefault(v => v["name"]!.GetValue<string>() == version) : null;

    private ArmResponse GetVersion(string kind, string name, string version)
    {
        lock (_gate)
        {
            return Find(kind, name, version) is { } found ? new ArmResponse(200, found.DeepClone()) : NotFound(kind, name, version);
        }
    }

    // What identifies a version's content; the real service refuses to change it once the version exists.
    private static string? ContentKey(string kind) => kind switch
    {
        "codes" => "codeUri",
        "data" => "dataUri",
        _ => "image",
    };

    private ArmResponse PutVersion(string kind, string name, string version, JsonNode? body, bool bodyIsJson)
    {
        if (!bodyIsJson || body is not JsonObject resource || resource["properties"] is not JsonObject properties)
        {
            return ArmResponse.Error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: a JSON object with 'properties' is required.");
        }
        var missing = kind switch
        {
            "codes" when properties["codeUri"] is null => "properties.codeUri",
            "data" when properties["dataUri"] is null => "properties.dataUri",
            "data" when properties["dataType"] is null => "properties.dataType",
            "environments" when properties["image"] is null && properties["build"] is null => "properties.image (or properties.build)",
            _ => null,
        };
        if (missing is not null)
        {
            return ArmResponse.Error(400, "InvalidRequestContent", $"The required property '{missing}' is missing.");
        }
        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            if (Find(kind, name, version) is { } existing)
            {
                var stored = (JsonObject)existing["properties"]!;
                var key = ContentKey(kind)!;
                if (properties[key] is { } newContent && !JsonNode.DeepEquals(newContent, stored[key]))
                {
                    return ArmResponse.Error(409, "Conflict", $"The {kind} version '{name}:{version}' exists with another {key}; an asset version cannot be changed.");
                }
                foreach (var mutable in new[] { "description", "tags", "isArchived" })
                {
                    if (properties.ContainsKey(mutable))
                    {
                        stored[mutable] = properties[mutable]?.DeepClone();
                    }
                }
                existing["systemData"]!["lastModifiedAt"] = now;
                return new ArmResponse(200, existing.DeepClone());
            }
            var created = (JsonObject)properties.DeepClone();
            created["isArchived"] ??= false;
            created["isAnonymous"] ??= false;
            created["properties"] ??= new JsonObject();
            created["tags"] ??= new JsonObject();
            created["provisioningState"] = "Succeeded";
            if (kind == "environments")
            {
                created["environmentType"] = "UserCreated";
                created["osType"] ??= "Linux";
            }
            var item = new JsonObject
            {
                ["id"] = $"{_workspacePath}/{kind}/{name}/versions/{version}",
                ["name"] = version,
                ["type"] = $"{WorkspaceType}/{kind}/versions",
                ["systemData"] = SystemData(now),
                ["properties"] = created,
            };
            if (!_versions.TryGetValue((kind, name), out var versions))
            {
                _versions[(kind, name)] = versions = [];
            }
            versions.Add(item);
            return new ArmResponse(201, item.DeepClone());
        }
    }

    private ArmResponse GetContainer(string kind, string name)
    {
        lock (_gate)
        {
            if (!_versions.TryGetValue((kind, name), out var versions) || versions.Count == 0)
            {
                return NotFound(kind, name);
            }
            var latest = versions[^1]["name"]!.GetValue<string>();
            var numeric = versions.Select(v => int.TryParse(v["name"]!.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Max();
            return new ArmResponse(200, new JsonObject
            {
                ["id"] = $"{_workspacePath}/{kind}/{name}",
                ["name"] = name,
                ["type"] = $"{WorkspaceType}/{kind}",
                ["systemData"] = versions[0]["systemData"]!.DeepClone(),
                ["properties"] = new JsonObject
                {
                    ["latestVersion"] = latest,
                    ["nextVersion"] = (numeric + 1).ToString(CultureInfo.InvariantCulture),
                    ["isArchived"] = false,
                    ["provisioningState"] = "Succeeded",
                    ["properties"] = new JsonObject(),
                    ["tags"] = new JsonObject(),
                },
            });
        }
    }

    private ArmResponse ListVersions(string kind, string name, IQueryCollection query)
    {
        var orderBy = query["$orderBy"].ToString().Trim();
        var ascending = orderBy.Length > 0 && orderBy.EndsWith(" asc", StringComparison.OrdinalIgnoreCase);
        if (orderBy.Length > 0 && !orderBy.StartsWith("createdtime", StringComparison.OrdinalIgnoreCase))
        {
            return ArmResponse.Error(400, "InvalidQueryParameter", $"The emulator orders versions only by createdtime (asc or desc), not by '{orderBy}'.");
        }
        int? top = null;
        if (query["$top"].ToString() is { Length: > 0 } topText)
        {
            if (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || t < 1)
            {
                return ArmResponse.Error(400, "InvalidQueryParameter", "$top must be a positive integer.");
            }
            top = t;
        }
        var skip = 0;
        if (query["$skipToken"].ToString() is { Length: > 0 } skipToken && !int.TryParse(skipToken, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
        {
            return ArmResponse.Error(400, "InvalidQueryParameter", "The $skipToken is not one this workspace issued.");
        }
        var view = query["listViewType"].ToString();
        List<JsonNode> matches;
        lock (_gate)
        {
            IEnumerable<JsonObject> versions = _versions.TryGetValue((kind, name), out var list) ? list : [];
            // Newest first unless asked otherwise: what `az ml … show --label latest` and `name@latest` rely on with $top=1.
            if (!ascending)
            {
                versions = versions.Reverse();
            }
            matches = versions.Where(v =>
                {
                    var archived = v["properties"]!["isArchived"] is JsonValue a && a.TryGetValue<bool>(out var isArchived) && isArchived;
                    return Eq(view, "All") || (Eq(view, "ArchivedOnly") ? archived : !archived);
                })
                .Take(top ?? int.MaxValue)
                .Select(v => v.DeepClone())
                .ToList();
        }
        var pageSize = Math.Max(1, _options.PageSize);
        var result = new JsonObject { ["value"] = new JsonArray(matches.Skip(skip).Take(pageSize).ToArray()) };
        if (skip + pageSize < matches.Count)
        {
            var next = new List<string> { $"api-version={EmulatedWorkspace.ApiVersion}" };
            foreach (var (key, value) in new[] { ("$orderBy", orderBy), ("$top", query["$top"].ToString()), ("listViewType", view) })
            {
                if (value.Length > 0)
                {
                    next.Add($"{key}={Uri.EscapeDataString(value)}");
                }
            }
            next.Add($"$skipToken={skip + pageSize}");
            result["nextLink"] = new Uri(_armEndpoint(), $"{_workspacePath.TrimStart('/')}/{kind}/{name}/versions?{string.Join('&', next)}").AbsoluteUri;
        }
        return new ArmResponse(200, result);
    }

    private ArmResponse StartPendingUpload(JsonNode? body, bool bodyIsJson)
    {
        if (!bodyIsJson || body is not JsonObject request)
        {
            return ArmResponse.Error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: a PendingUploadRequestDto object is required.");
        }
        var type = request["pendingUploadType"]?.GetValue<string>() ?? "None";
        if (!Eq(type, "TemporaryBlobReference"))
        {
            return ArmResponse.Error(400, "InvalidRequestContent", $"pendingUploadType '{type}' is not supported; the emulator hands out only TemporaryBlobReference.");
        }
        var id = request["pendingUploadId"]?.GetValue<string>() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        var blobUri = $"{_blobServiceUri().AbsoluteUri.TrimEnd('/')}/{_containerName}/LocalUpload/{id}";
        var sas = new BlobSasBuilder
        {
            BlobContainerName = _containerName,
            Resource = "c",
            // Azurite checks SAS lifetimes against the real clock, so they come from it rather than from the
            // emulator's TimeProvider (which a test may have frozen in the past).
            StartsOn = DateTimeOffset.UtcNow.AddMinutes(-5),
            ExpiresOn = DateTimeOffset.UtcNow.AddHours(1),
        };
        sas.SetPermissions(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Create
            | BlobContainerSasPermissions.Add | BlobContainerSasPermissions.List);
        var token = sas.ToSasQueryParameters(new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey)).ToString();
        return new ArmResponse(200, new JsonObject
        {
            ["pendingUploadId"] = id,
            ["pendingUploadType"] = "TemporaryBlobReference",
            ["blobReferenceForConsumption"] = new JsonObject
            {
                ["blobUri"] = blobUri,
                ["storageAccountArmId"] = $"/subscriptions/{_options.SubscriptionId}/resourceGroups/{_options.ResourceGroupName}/providers/Microsoft.Storage/storageAccounts/{AzuriteServer.AccountName}",
                ["credential"] = new JsonObject
                {
                    ["credentialType"] = "SAS",
                    ["sasUri"] = $"{blobUri}?{token}",
                },
            },
        });
    }
}
