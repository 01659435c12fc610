using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>
/// The ARM side of the emulator: one workspace and its jobs, in memory. Every member is called under no lock of the
/// caller's; the state is guarded by one lock, as requests are few and short.
/// </summary>
internal sealed partial class EmulatedWorkspace
{
    internal const string ApiVersion = "2025-12-01";
    private const string JobType = "Microsoft.MachineLearningServices/workspaces/jobs";
    private const string Provider = "/providers/Microsoft.MachineLearningServices";

    private readonly AzureMLEmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<Uri> _armEndpoint;
    private readonly object _gate = new();
    // Insertion order is the list order, so paging by offset is stable while jobs are added.
    private readonly List<string> _order = [];
    private readonly Dictionary<string, JsonObject> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingOperation> _operations = new(StringComparer.Ordinal);
    // Command components by ARM id (case-insensitive, as ARM ids are): what a pipeline step that names one runs.
    private readonly Dictionary<string, JsonObject> _components = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _workspaceId = Guid.NewGuid().ToString();

    /// <summary>The Blob service of the workspace's storage account (Azurite itself, what the emulator's own reads and writes use); set once at start, before requests are served.</summary>
    public Uri BlobServiceUri { get; set; } = new("http://127.0.0.1/devstoreaccount1");

    /// <summary>
    /// The same Blob service as clients are told of it: <see cref="BlobServiceUri"/>, or the fault proxy in front of it
    /// (<see cref="AzureMLEmulatorOptions.BlobFaultRate"/>). Every Blob URL handed to a client is made with it; set once at start.
    /// </summary>
    public Uri ClientBlobServiceUri { get; set; } = new("http://127.0.0.1/devstoreaccount1");

    /// <summary>The workspace's blob container, named as the real service names it.</summary>
    public string ContainerName => $"azureml-blobstore-{_workspaceId}";

    public EmulatedWorkspace(AzureMLEmulatorOptions options, TimeProvider time, Func<Uri> armEndpoint, string dataDirectory)
    {
        _options = options;
        _time = time;
        _armEndpoint = armEndpoint;
        Assets = new EmulatedAssets(options, time, WorkspacePath, armEndpoint, () => ClientBlobServiceUri, ContainerName);
        Runner = new EmulatedJobRunner(this, dataDirectory);
    }

    /// <summary>Runs the command jobs that are created (when <see cref="AzureMLEmulatorOptions.RunJobs"/> is on).</summary>
    public EmulatedJobRunner Runner { get; }

    /// <summary>Moves a job to a non-terminal status the runner saw; a requested cancel is not overwritten until the job ends.</summary>
    public void SetJobStatus(string name, string status)
    {
        lock (_gate)
        {
            if (_jobs.TryGetValue(name, out var job) && job["properties"] is JsonObject properties
                && properties["status"]?.GetValue<string>() is not ("CancelRequested" or "Completed" or "Failed" or "Canceled"))
            {
                properties["status"] = status;
                job["systemData"]!["lastModifiedAt"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// Ends a job the runner ran. The ARM job resource has no error field, so a failure's code, message and exit code
    /// go into the job's <c>properties</c> map (<c>emulator.error.code</c>, <c>emulator.error.message</c>,
    /// <c>emulator.exitCode</c>), where a client can read them.
    /// </summary>
    public void FinishJob(string name, string status, string? errorCode, string? errorMessage, int? exitCode)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(name, out var job) || job["properties"] is not JsonObject properties)
            {
                return;
            }
            properties["status"] = status;
            if (properties["properties"] is not JsonObject map)
            {
                properties["properties"] = map = new JsonObject();
            }
            if (exitCode is { } code)
            {
                map["emulator.exitCode"] = code.ToString(CultureInfo.InvariantCulture);
            }
            if (status != "Completed" && errorMessage is not null)
            {
                map["emulator.error.code"] = errorCode ?? "Unknown";
                map["emulator.error.message"] = errorMessage;
            }
            job["systemData"]!["lastModifiedAt"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Datastores, code, environment and data versions, and computes.</summary>
    public EmulatedAssets Assets { get; }

    private string WorkspacePath => $"/subscriptions/{_options.SubscriptionId}/resourceGroups/{_options.ResourceGroupName}{Provider}/workspaces/{_options.WorkspaceName}";

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9\\-_]{0,254}$")]
    private static partial Regex JobNamePattern();

    public ArmResponse Handle(string method, string path, IQueryCollection query, JsonNode? body, bool bodyIsJson)
    {
        var segments = path.Trim('/').Split('/');
        // Operation-status URLs: /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{l}/mfeOperationResults/{id}
        if (segments.Length == 8 && Eq(segments[0], "subscriptions") && Eq(segments[1], _options.SubscriptionId) && Eq(segments[2], "providers")
            && Eq(segments[4], "locations") && Eq(segments[6], "mfeOperationResults"))
        {
            return method == "GET" ? PollOperation(segments[7]) : MethodNotAllowed(method);
        }
        if (segments.Length < 8 || !Eq(segments[0], "subscriptions") || !Eq(segments[2], "resourceGroups") || !Eq(segments[4], "providers")
            || !Eq(segments[5], "Microsoft.MachineLearningServices") || !Eq(segments[6], "workspaces"))
        {
            return ArmResponse.Error(404, "InvalidResourceType", $"The emulator serves no resource at '{path}'.");
        }
        if (!Eq(segments[1], _options.SubscriptionId) || !Eq(segments[3], _options.ResourceGroupName) || !Eq(segments[7], _options.WorkspaceName))
        {
            return ArmResponse.Error(404, "ResourceNotFound", $"The Resource 'Microsoft.MachineLearningServices/workspaces/{segments[7]}' under resource group '{segments[3]}' was not found.");
        }
        var rest = segments.AsSpan(8);
        switch (rest.Length)
        {
            case 0:
                return method == "GET" ? new ArmResponse(200, Workspace()) : MethodNotAllowed(method);
            case 1 when Eq(rest[0], "jobs"):
                return method == "GET" ? ListJobs(query) : MethodNotAllowed(method);
            case 2 when Eq(rest[0], "jobs"):
                return method switch
                {
                    "GET" => GetJob(rest[1]),
                    "PUT" => PutJob(rest[1], body, bodyIsJson),
                    "DELETE" => DeleteJob(rest[1]),
                    _ => MethodNotAllowed(method),
                };
            case 3 when Eq(rest[0], "jobs") && Eq(rest[2], "cancel"):
                return method == "POST" ? CancelJob(rest[1]) : MethodNotAllowed(method);
        }
        if (rest[0].ToLowerInvariant() is "datastores" or "codes" or "environments" or "computes" or "data")
        {
            return Assets.Handle(method, rest, query, body, bodyIsJson);
        }
        if (rest[0] is "models" or "components")
        {
            // Said plainly rather than a 404, so a client does not mistake "not built" for "does not exist".
            return ArmResponse.Error(501, "NotImplementedInEmulator", $"The Azure ML emulator does not serve '{rest[0]}'; it serves what submitting a job needs (datastores, codes, environments, computes, data).");
        }
        return ArmResponse.Error(404, "InvalidResourceType", $"The emulator serves no resource type '{string.Join('/', rest.ToArray())}' in a workspace.");
    }

    /// <summary>
    /// Run history on the workspace's <c>api</c> host, below <c>/history/v1.0</c>: <c>GET
    /// /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}/runs/{name}/details</c>
    /// answers <c>RunDetails</c> (<c>runId</c>, <c>status</c>, <c>logFiles</c>: name → read-only SAS URL, <c>warnings</c>,
    /// and <c>error</c>: null, or for a failed run <c>{"error": {"code", "message"}, "time"}</c>).
    /// </summary>
    public ArmResponse HandleHistory(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Length != 11 || !Eq(segments[0], "subscriptions") || !Eq(segments[2], "resourceGroups") || !Eq(segments[4], "providers")
            || !Eq(segments[5], "Microsoft.MachineLearningServices") || !Eq(segments[6], "workspaces") || !Eq(segments[8], "runs")
            || !(Eq(segments[10], "details") || Eq(segments[10], "children")))
        {
            return ArmResponse.Error(404, "NotFound", $"The emulator's run history serves only runs/{{name}}/details and runs/{{name}}/children, not '{path}'.");
        }
        if (!Eq(segments[1], _options.SubscriptionId) || !Eq(segments[3], _options.ResourceGroupName) || !Eq(segments[7], _options.WorkspaceName))
        {
            return ArmResponse.Error(404, "NotFound", $"The workspace '{segments[7]}' was not found.");
        }
        if (method != "GET")
        {
            return MethodNotAllowed(method);
        }
        var name = Uri.UnescapeDataString(segments[9]);
        if (Eq(segments[10], "children"))
        {
            return Children(name);
        }
        string status;
        JsonObject? error = null;
        lock (_gate)
        {
            if (!_jobs.TryGetValue(name, out var job))
            {
                return ArmResponse.Error(404, "RunNotFound", $"Run {name} was not found.");
            }
            status = job["properties"]!["status"]!.GetValue<string>();
            // Run history's ErrorResponse, whose root error carries the code and message (the ARM job has no error field).
            if (status == "Failed" && job["properties"]!["properties"] is JsonObject map && map["emulator.error.message"]?.GetValue<string>() is { } message)
            {
                error = new JsonObject
                {
                    ["error"] = new JsonObject { ["code"] = map["emulator.error.code"]?.GetValue<string>() ?? "SystemError", ["message"] = message },
                    ["time"] = job["systemData"]?["lastModifiedAt"]?.DeepClone(),
                };
            }
        }
        var details = new JsonObject
        {
            ["runId"] = name,
            ["status"] = status,
            ["warnings"] = new JsonArray(),
            ["error"] = error,
        };
        if (_options.ListLogFilesInRunHistory)
        {
            var logFiles = new JsonObject();
            foreach (var (file, url) in Runner.LogFiles(name))
            {
                logFiles[file] = url.AbsoluteUri;
            }
            details["logFiles"] = logFiles;
        }
        return new ArmResponse(200, details);
    }

    /// <summary>
    /// Run history's children of a run (<c>PaginatedRunList</c>, one page): the jobs whose <c>parentJobName</c> is the run,
    /// in the order they were created, each with its <c>runId</c>, <c>status</c>, <c>displayName</c> and
    /// <c>properties</c> (a pipeline step's name as <c>azureml.nodeid</c>).
    /// </summary>
    private ArmResponse Children(string name)
    {
        var value = new JsonArray();
        lock (_gate)
        {
            if (!_jobs.ContainsKey(name))
            {
                return ArmResponse.Error(404, "RunNotFound", $"Run {name} was not found.");
            }
            foreach (var child in _order.Select(n => _jobs[n]))
            {
                var properties = (JsonObject)child["properties"]!;
                if (properties["parentJobName"]?.GetValue<string>() != name)
                {
                    continue;
                }
                value.Add((JsonNode)new JsonObject
                {
                    ["runId"] = child["name"]!.GetValue<string>(),
                    ["parentRunId"] = name,
                    ["status"] = properties["status"]!.GetValue<string>(),
                    ["displayName"] = properties["displayName"]?.DeepClone(),
                    ["properties"] = properties["properties"]?.DeepClone() ?? new JsonObject(),
                });
            }
        }
        return new ArmResponse(200, new JsonObject { ["value"] = value });
    }

    /// <summary>Adds a command component version (a pipeline step that names it runs <paramref name="command"/>).</summary>
    public void AddCommandComponent(string name, string version, string command, string? environmentId)
    {
        lock (_gate)
        {
            _components[$"{WorkspacePath}/components/{name}/versions/{version}"] = new JsonObject
            {
                ["command"] = command,
                ["environmentId"] = environmentId,
            };
        }
    }

    /// <summary>The spec of a command component by ARM id (<c>command</c>, <c>environmentId</c>); null when it is not in the workspace.</summary>
    public JsonObject? CommandComponent(string id)
    {
        lock (_gate)
        {
            return _components.TryGetValue(id, out var spec) ? (JsonObject)spec.DeepClone() : null;
        }
    }

    /// <summary>
    /// Creates the child job of a pipeline step, as the service does when it runs the step: a command job whose
    /// <c>parentJobName</c> is the pipeline, so run history's children of the pipeline list it. Not run here: the
    /// pipeline's runner runs it.
    /// </summary>
    public JsonObject CreateChildJob(string name, JsonObject properties)
    {
        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        properties["status"] = "NotStarted";
        properties["isArchived"] = false;
        var job = JobResource(name, properties, now);
        lock (_gate)
        {
            _jobs[name] = job;
            _order.Add(name);
            return (JsonObject)job.DeepClone();
        }
    }

    /// <summary>
    /// Ends a sweep job the emulator could not run as if its trials had run: <c>Completed</c>, with its best trial
    /// named in <c>properties["best_child_run_id"]</c> as the service names it, and the runner's "not run" error removed.
    /// </summary>
    public bool CompleteSweep(string name, string bestTrial)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(name, out var job) || job["properties"] is not JsonObject properties
                || !Eq(properties["jobType"]?.GetValue<string>() ?? "", "Sweep"))
            {
                return false;
            }
            properties["status"] = "Completed";
            if (properties["properties"] is not JsonObject map)
            {
                properties["properties"] = map = new JsonObject();
            }
            map.Remove("emulator.error.code");
            map.Remove("emulator.error.message");
            map["best_child_run_id"] = bestTrial;
            job["systemData"]!["lastModifiedAt"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            return true;
        }
    }

    /// <summary>The status of a job, null when there is none by that name.</summary>
    public string? JobStatusOf(string name)
    {
        lock (_gate)
        {
            return _jobs.TryGetValue(name, out var job) ? job["properties"]?["status"]?.GetValue<string>() : null;
        }
    }

    /// <summary>A job resource as ARM returns it: id, name, type, the properties given, and <c>systemData</c> created and modified at <paramref name="now"/>.</summary>
    private JsonObject JobResource(string name, JsonObject properties, string now) => new()
    {
        ["id"] = $"{WorkspacePath}/jobs/{name}",
        ["name"] = name,
        ["type"] = JobType,
        ["properties"] = properties,
        ["systemData"] = new JsonObject
        {
            ["createdAt"] = now,
            ["createdBy"] = "emulator-user",
            ["createdByType"] = "User",
            ["lastModifiedAt"] = now,
            ["lastModifiedBy"] = "emulator-user",
            ["lastModifiedByType"] = "User",
        },
    };

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static ArmResponse MethodNotAllowed(string method) =>
        ArmResponse.Error(405, "MethodNotAllowed", $"The method '{method}' is not allowed on this resource.");

    private static ArmResponse JobNotFound(string name) =>
        ArmResponse.Error(404, "ResourceNotFound", $"The job '{name}' was not found in the workspace.");

    private JsonObject Workspace()
    {
        var arm = _armEndpoint();
        var storage = $"/subscriptions/{_options.SubscriptionId}/resourceGroups/{_options.ResourceGroupName}/providers/Microsoft.Storage/storageAccounts/devstoreaccount1";
        return new JsonObject
        {
            ["id"] = WorkspacePath,
            ["name"] = _options.WorkspaceName,
            ["type"] = "Microsoft.MachineLearningServices/workspaces",
            ["location"] = _options.Location,
            ["properties"] = new JsonObject
            {
                ["friendlyName"] = _options.WorkspaceName,
                ["workspaceId"] = _workspaceId,
                ["provisioningState"] = "Succeeded",
                // Both point at the emulator itself, which serves the discovery document (its api host is the emulator
                // too) and MLflow's read calls (EmulatedTracking).
                ["discoveryUrl"] = new Uri(arm, "discovery").AbsoluteUri,
                ["mlFlowTrackingUri"] = $"azureml://{arm.Authority}/mlflow/v1.0{WorkspacePath}",
                ["storageAccount"] = storage,
            },
        };
    }

    private ArmResponse GetJob(string name)
    {
        lock (_gate)
        {
            return _jobs.TryGetValue(name, out var job) ? new ArmResponse(200, job.DeepClone()) : JobNotFound(name);
        }
    }

    private ArmResponse PutJob(string name, JsonNode? body, bool bodyIsJson)
    {
        if (!JobNamePattern().IsMatch(name))
        {
            return ArmResponse.Error(400, "InvalidJobName", $"The job name '{name}' does not match ^[a-zA-Z0-9][a-zA-Z0-9\\-_]{{0,254}}$.");
        }
        if (!bodyIsJson || body is not JsonObject resource)
        {
            return ArmResponse.Error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: a JSON object (JobBaseResource) is required.");
        }
        if (resource["properties"] is not JsonObject properties)
        {
            return ArmResponse.Error(400, "InvalidRequestContent", "The required property 'properties' is missing.");
        }
        if (properties["jobType"] is not JsonValue jobType || !jobType.TryGetValue<string>(out var type) || type.Length == 0)
        {
            return ArmResponse.Error(400, "InvalidRequestContent", "The required property 'properties.jobType' is missing.");
        }
        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            if (_jobs.TryGetValue(name, out var existing))
            {
                // An update changes only what the service lets change after submit (x-ms-mutability update); tags are replaced.
                var stored = (JsonObject)existing["properties"]!;
                foreach (var key in new[] { "tags", "description", "properties", "isArchived", "notificationSetting" })
                {
                    if (properties.ContainsKey(key))
                    {
                        stored[key] = properties[key]?.DeepClone();
                    }
                }
                existing["systemData"]!["lastModifiedAt"] = now;
                return new ArmResponse(200, existing.DeepClone());
            }
            var created = (JsonObject)properties.DeepClone();
            created["status"] = "NotStarted";
            created["isArchived"] ??= false;
            // The real service returns the Studio link among the job's services; clients show it after a submit.
            created["services"] = new JsonObject
            {
                ["Studio"] = new JsonObject
                {
                    ["jobServiceType"] = "Studio",
                    ["endpoint"] = $"https://ml.azure.com/runs/{name}?wsid={WorkspacePath}",
                },
            };
            var job = JobResource(name, created, now);
            _jobs[name] = job;
            _order.Add(name);
            // The answer is taken before the run starts, so it always shows the job as created (NotStarted).
            var response = new ArmResponse(201, job.DeepClone());
            if (_options.RunJobs)
            {
                Runner.Start(name, (JsonObject)job.DeepClone());
            }
            return response;
        }
    }

    private ArmResponse ListJobs(IQueryCollection query)
    {
        var view = query["listViewType"].ToString();
        if (view.Length == 0)
        {
            view = "ActiveOnly";
        }
        if (!Eq(view, "ActiveOnly") && !Eq(view, "ArchivedOnly") && !Eq(view, "All"))
        {
            return ArmResponse.Error(400, "InvalidQueryParameter", $"listViewType '{view}' is not one of ActiveOnly, ArchivedOnly, All.");
        }
        var skip = 0;
        var skipToken = query["$skipToken"].ToString();
        if (skipToken.Length > 0 && (!int.TryParse(skipToken, NumberStyles.None, CultureInfo.InvariantCulture, out skip)))
        {
            return ArmResponse.Error(400, "InvalidQueryParameter", "The $skipToken is not one this workspace issued.");
        }
        var tag = query["tag"].ToString();
        var jobType = query["jobType"].ToString();
        var userProperties = query["properties"].ToString();
        List<JsonNode> matches;
        lock (_gate)
        {
            matches = _order.Select(n => _jobs[n])
                .Where(job => Matches((JsonObject)job["properties"]!, view, tag, jobType, userProperties))
                .Select(job => job.DeepClone())
                .ToList();
        }
        var pageSize = Math.Max(1, _options.PageSize);
        var page = new JsonArray(matches.Skip(skip).Take(pageSize).ToArray());
        var result = new JsonObject { ["value"] = page };
        if (skip + pageSize < matches.Count)
        {
            // The filters travel in nextLink, so a client that GETs it verbatim continues the same listing.
            var next = new List<KeyValuePair<string, string>> { new("api-version", ApiVersion) };
            foreach (var (key, value) in new[] { ("listViewType", query["listViewType"].ToString()), ("tag", tag), ("jobType", jobType), ("properties", userProperties) })
            {
                if (value.Length > 0)
                {
                    next.Add(new(key, value));
                }
            }
            next.Add(new("$skipToken", (skip + pageSize).ToString(CultureInfo.InvariantCulture)));
            var queryString = string.Join('&', next.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
            result["nextLink"] = new Uri(_armEndpoint(), $"{WorkspacePath.TrimStart('/')}/jobs?{queryString}").AbsoluteUri;
        }
        return new ArmResponse(200, result);
    }

    private static bool Matches(JsonObject properties, string view, string tag, string jobType, string userProperties)
    {
        var archived = properties["isArchived"] is JsonValue a && a.TryGetValue<bool>(out var isArchived) && isArchived;
        if ((Eq(view, "ActiveOnly") && archived) || (Eq(view, "ArchivedOnly") && !archived))
        {
            return false;
        }
        if (jobType.Length > 0 && !Eq(properties["jobType"]?.GetValue<string>() ?? "", jobType))
        {
            return false;
        }
        if (tag.Length > 0 && !HasKeyValue(properties["tags"] as JsonObject, tag))
        {
            return false;
        }
        return userProperties.Length == 0
            || userProperties.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(p => HasKeyValue(properties["properties"] as JsonObject, p));
    }

    // "key" asks for the key; "key=value" (the form the properties filter documents) asks for that value as well.
    private static bool HasKeyValue(JsonObject? map, string filter)
    {
        if (map is null)
        {
            return false;
        }
        var eq = filter.IndexOf('=');
        var key = eq < 0 ? filter : filter[..eq];
        if (!map.TryGetPropertyValue(key, out var value))
        {
            return false;
        }
        return eq < 0 || (value is JsonValue v && v.TryGetValue<string>(out var s) && s == filter[(eq + 1)..]);
    }

    private ArmResponse CancelJob(string name)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(name, out var job))
            {
                return JobNotFound(name);
            }
            var properties = (JsonObject)job["properties"]!;
            var status = properties["status"]!.GetValue<string>();
            if (status is "Completed" or "Failed" or "Canceled")
            {
                return new ArmResponse(200, null);
            }
            properties["status"] = "CancelRequested";
            Runner.Cancel(name);
            return StartOperation(new PendingOperation(name, IsDelete: false, _options.OperationPollsUntilDone));
        }
    }

    private ArmResponse DeleteJob(string name)
    {
        lock (_gate)
        {
            // ARM answers a DELETE of something absent with 204.
            if (!_jobs.ContainsKey(name))
            {
                return new ArmResponse(204, null);
            }
            // A job being run is stopped at once; the delete is done when its run has ended.
            Runner.Cancel(name);
            return StartOperation(new PendingOperation(name, IsDelete: true, _options.OperationPollsUntilDone));
        }
    }

    private ArmResponse StartOperation(PendingOperation operation)
    {
        var id = $"{(operation.IsDelete ? "delete" : "cancel")}-{Guid.NewGuid():N}";
        _operations[id] = operation;
        if (operation.PollsLeft <= 0)
        {
            Complete(operation);
        }
        return new ArmResponse(202, null, OperationHeaders(id));
    }

    private Dictionary<string, string> OperationHeaders(string id) => new()
    {
        ["Location"] = new Uri(_armEndpoint(), $"subscriptions/{_options.SubscriptionId}{Provider}/locations/{_options.Location}/mfeOperationResults/{id}?api-version={ApiVersion}").AbsoluteUri,
        ["Retry-After"] = RetryAfterSeconds(_options),
    };

    internal static string RetryAfterSeconds(AzureMLEmulatorOptions options) =>
        ((int)Math.Max(0, Math.Round(options.RetryAfter.TotalSeconds))).ToString(CultureInfo.InvariantCulture);

    private ArmResponse PollOperation(string id)
    {
        lock (_gate)
        {
            if (!_operations.TryGetValue(id, out var operation))
            {
                return ArmResponse.Error(404, "ResourceNotFound", $"The operation '{id}' was not found.");
            }
            if (!operation.Done)
            {
                // A job being run is done when its run is: its processes are gone and its results uploaded.
                if (Runner.IsActive(operation.JobName))
                {
                    return new ArmResponse(202, null, OperationHeaders(id));
                }
                operation.PollsLeft--;
                if (operation.PollsLeft >= 0)
                {
                    return new ArmResponse(202, null, OperationHeaders(id));
                }
                Complete(operation);
            }
            return new ArmResponse(operation.IsDelete ? 204 : 200, null);
        }
    }

    private void Complete(PendingOperation operation)
    {
        if (Runner.IsActive(operation.JobName))
        {
            // Completed by a later poll, once the run has ended; a delete stops the run first.
            if (operation.IsDelete)
            {
                Runner.Cancel(operation.JobName);
            }
            return;
        }
        operation.Done = true;
        if (operation.IsDelete)
        {
            _jobs.Remove(operation.JobName);
            _order.Remove(operation.JobName);
        }
        else if (!Runner.Tracks(operation.JobName) && _jobs.TryGetValue(operation.JobName, out var job))
        {
            job["properties"]!["status"] = "Canceled";
        }
    }

    private sealed record PendingOperation(string JobName, bool IsDelete, int PollsLeft)
    {
        public int PollsLeft { get; set; } = PollsLeft;

        public bool Done { get; set; }
    }
}
