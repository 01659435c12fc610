using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>A plain HttpClient that trusts the emulator's certificate by pin, with the URL helpers the tests share.</summary>
internal sealed class EmulatorClient : IDisposable
{
    public const string ApiVersion = "api-version=2025-12-01";

    // The operation paths of the swagger extract (reference/spec/mfe-2025-12-01.jobs-extract.json) plus
    // Workspaces_Get (workspaceRP.json); every URL a test builds is one of these.
    private static readonly string[] SwaggerPaths =
    [
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/jobs",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/jobs/{id}",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/jobs/{id}/cancel",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/datastores/{name}",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/datastores/{name}/listSecrets",
    ];

    // Operation paths of the full 2025-12-01 spec that the extract leaves out (CodeVersions, EnvironmentVersions,
    // DataVersions, Computes and their containers).
    private static readonly string[] AssetPaths =
    [
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/codes/{name}",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/codes/{name}/versions",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/codes/{name}/versions/{version}",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/codes/{name}/versions/{version}/startPendingUpload",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/environments/{name}",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/environments/{name}/versions",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/environments/{name}/versions/{version}",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/data/{name}/versions",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/data/{name}/versions/{version}",
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/computes/{computeName}",
    ];

    private readonly AzureMLEmulator _emulator;

    public EmulatorClient(AzureMLEmulator emulator)
    {
        _emulator = emulator;
        var pinned = emulator.Certificate.Thumbprint;
        Http = new HttpClient(new HttpClientHandler
        {
            // Trust exactly the emulator's certificate and nothing else unknown.
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || certificate?.Thumbprint == pinned,
        });
    }

    public HttpClient Http { get; }

    public string Workspace => $"subscriptions/{_emulator.SubscriptionId}/resourceGroups/{_emulator.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{_emulator.WorkspaceName}";

    public Uri Url(string relative, string query = ApiVersion)
    {
        var uri = new Uri(_emulator.ArmEndpoint, relative.Length == 0 ? $"{Workspace}?{query}" : $"{Workspace}/{relative}?{query}");
        IsSwaggerPath(uri.AbsolutePath).Should().BeTrue($"{uri.AbsolutePath} should be one of the swagger's operation paths");
        return uri;
    }

    public static bool IsSwaggerPath(string path) => Matches(SwaggerPaths, path);

    /// <summary>A URL of an asset operation (<see cref="AssetPaths"/>); the helper checks the path as <see cref="Url"/> does.</summary>
    public Uri AssetUrl(string relative, string query = ApiVersion)
    {
        var uri = new Uri(_emulator.ArmEndpoint, $"{Workspace}/{relative}?{query}");
        (Matches(SwaggerPaths, uri.AbsolutePath) || Matches(AssetPaths, uri.AbsolutePath)).Should().BeTrue($"{uri.AbsolutePath} should be one of the 2025-12-01 operation paths");
        return uri;
    }

    private static bool Matches(string[] paths, string path) =>
        paths.Any(p => Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(p), @"\\\{[A-Za-z]+}", "[^/]+") + "$"));

    public async Task<string> GetTokenAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_emulator.IdentityEndpoint}?api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com");
        request.Headers.Add("X-IDENTITY-HEADER", _emulator.IdentityHeader);
        using var response = await Http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return body["access_token"]!.GetValue<string>();
    }

    public async Task AuthenticateAsync() =>
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync());

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(HttpMethod method, Uri url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static string CommandJob(string? extra = null) =>
        "{\"properties\":{\"jobType\":\"Command\",\"command\":\"python train.py\",\"environmentId\":\"azureml:env:1\",\"computeId\":\"cpu\"" + extra + "}}";

    public Task<(HttpResponseMessage Response, JsonNode? Body)> PutJobAsync(string name, string? extra = null) =>
        SendAsync(HttpMethod.Put, Url($"jobs/{name}"), CommandJob(extra));

    public void Dispose() => Http.Dispose();
}
