using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Azure.Storage;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using TrainingJobs.Sdk.Testing.Emulator.Blob;

using TrainingJobs.Sdk.AzureML;

namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>
/// An Azure ML workspace on loopback that speaks the ARM job-management protocol (api-version 2025-12-01) over HTTPS
/// with a certificate made at start, and hands out bearer tokens through the App Service managed-identity protocol, so
/// an unchanged <c>DefaultAzureCredential</c> can authenticate against it. ARM resources are kept in memory; Blob
/// storage is a real Azurite (<see cref="BlobServiceUri"/>); created command jobs are run on this machine with the
/// local backend (see <see cref="AzureMLEmulatorOptions.RunJobs"/>).
/// </summary>
public sealed partial class AzureMLEmulator : IAsyncDisposable
{
    private const string IdentityPath = "/msi/token";
    private const string Redacted = "REDACTED";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _serverCertificate;
    private readonly AzureMLEmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly EmulatedWorkspace _workspace;
    private readonly EmulatedTracking _tracking;
    // Tokens are signed with one key per process rather than remembered per emulator: Azure.Identity caches
    // managed-identity tokens process-wide by resource, so a test that starts a second emulator is handed the token the
    // first one issued, and must still be let in.
    private static readonly byte[] TokenKey = RandomNumberGenerator.GetBytes(32);
    private readonly List<AzureMLEmulatorRequestLogEntry> _log = [];
    private readonly object _logGate = new();
    private readonly Faults.FaultInjector _faults;
    private int _armPort;
    private int _identityPort;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private AzuriteServer? _azurite;
    private Faults.BlobFaultProxy? _blobProxy;

    private AzureMLEmulator(AzureMLEmulatorOptions options)
    {
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        _faults = new Faults.FaultInjector(options.FaultRate, options.FaultSeed);
        _serverCertificate = CreateCertificate(_time);
        Certificate = X509CertificateLoader.LoadCertificate(_serverCertificate.RawData);
        IdentityHeader = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _ownsDataDirectory = options.DataDirectory is null;
        _dataDirectory = Path.GetFullPath(options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "tj-emulator-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(_dataDirectory);
        _workspace = new EmulatedWorkspace(options, _time, () => ArmEndpoint, _dataDirectory);
        _tracking = new EmulatedTracking(
            $"/subscriptions/{options.SubscriptionId}/resourceGroups/{options.ResourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{options.WorkspaceName}",
            EmulatedJobRunner.LocalHome(_dataDirectory), _time);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(_serverCertificate));
            // The token endpoint is plain HTTP on loopback, which Azure.Identity accepts for managed identity.
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The base URL of the emulated ARM endpoint (<c>https://127.0.0.1:port/</c>).</summary>
    public Uri ArmEndpoint => new($"https://127.0.0.1:{_armPort}/");

    /// <summary>The managed-identity token endpoint; set it as <c>IDENTITY_ENDPOINT</c> (with <see cref="IdentityHeader"/> as <c>IDENTITY_HEADER</c>) for <c>DefaultAzureCredential</c> to get tokens from the emulator.</summary>
    public Uri IdentityEndpoint => new($"http://127.0.0.1:{_identityPort}{IdentityPath}");

    /// <summary>The secret the token endpoint expects in the <c>X-IDENTITY-HEADER</c> request header (the <c>IDENTITY_HEADER</c> environment variable).</summary>
    public string IdentityHeader { get; }

    /// <summary>The public part of the self-signed certificate the ARM endpoint serves; pin it, or write it with <see cref="WriteCertificatePem"/> for <c>SSL_CERT_FILE</c>.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// The Blob service of the workspace's storage account as clients reach it (Azurite's development account,
    /// <c>http://127.0.0.1:port/devstoreaccount1</c>): the one the emulator started, or
    /// <see cref="AzureMLEmulatorOptions.BlobEndpoint"/>; with <see cref="AzureMLEmulatorOptions.BlobFaultRate"/> above 0,
    /// the fault proxy in front of it. Datastores_Get can only name the account and the <c>core.windows.net</c> suffix,
    /// as the real service does, so a client reaches this URL through a setting of its own.
    /// </summary>
    public Uri BlobServiceUri => _workspace.ClientBlobServiceUri;

    /// <summary>
    /// Azurite's Blob service itself, past any fault proxy: what the emulator's job runner uses, and what a test uses to
    /// set up or check blobs without meeting faults. The same as <see cref="BlobServiceUri"/> when
    /// <see cref="AzureMLEmulatorOptions.BlobFaultRate"/> is 0.
    /// </summary>
    public Uri DirectBlobServiceUri => _workspace.BlobServiceUri;

    /// <summary>How many Blob storage requests met an injected fault so far (0 without <see cref="AzureMLEmulatorOptions.BlobFaultRate"/>).</summary>
    public int BlobFaultsInjected => _blobProxy?.FaultsInjected ?? 0;

    /// <summary>The Blob requests that met a fault so far, with the fault and the range asked for.</summary>
    internal IReadOnlyList<Faults.BlobFault> BlobFaults => _blobProxy?.Faults ?? [];

    /// <summary>The fault proxy in front of Azurite; null when <see cref="AzureMLEmulatorOptions.BlobFaultRate"/> is 0.</summary>
    internal Faults.BlobFaultProxy? BlobFaultProxy => _blobProxy;

    /// <summary>The account name of <see cref="BlobServiceUri"/>: <c>devstoreaccount1</c>.</summary>
    public string StorageAccountName => AzuriteServer.AccountName;

    /// <summary>The account key of <see cref="BlobServiceUri"/>: Azurite's well-known, public development key (what <c>listSecrets</c> of <c>workspaceblobstore</c> returns).</summary>
    public string StorageAccountKey => AzuriteServer.AccountKey;

    /// <summary>The workspace's blob container (<c>azureml-blobstore-&lt;workspace id&gt;</c>), the one <c>workspaceblobstore</c> names; made at start.</summary>
    public string BlobContainerName => _workspace.ContainerName;

    /// <summary>The folder the emulator keeps its files in (<see cref="AzureMLEmulatorOptions.DataDirectory"/>, or a temporary folder deleted on dispose).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>The subscription id of the emulated workspace.</summary>
    public string SubscriptionId => _options.SubscriptionId;

    /// <summary>
    /// The Entra object id (<c>oid</c> claim) of the identity every token the emulator issues names: what a job's record
    /// shows as its submitter when it was submitted to the emulator.
    /// </summary>
    public const string SignedInObjectId = "7f3c2a51-9d4e-4b6a-8e21-5c0d9a1b2e34";

    /// <summary>The resource group of the emulated workspace.</summary>
    public string ResourceGroupName => _options.ResourceGroupName;

    /// <summary>The name of the emulated workspace.</summary>
    public string WorkspaceName => _options.WorkspaceName;

    /// <summary>A snapshot of every request answered so far, oldest first, redacted as in the request log file.</summary>
    public IReadOnlyList<AzureMLEmulatorRequestLogEntry> RequestLog
    {
        get
        {
            lock (_logGate)
            {
                return _log.ToArray();
            }
        }
    }

    /// <summary>Starts an emulator on loopback and returns once both its endpoints accept connections.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    public static async Task<AzureMLEmulator> StartAsync(AzureMLEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzureMLEmulatorOptions();
        if (options.FaultRate is < 0 or > 1 || double.IsNaN(options.FaultRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FaultRate, "FaultRate must lie between 0 and 1.");
        }
        if (options.BlobFaultRate is < 0 or > 1 || double.IsNaN(options.BlobFaultRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BlobFaultRate, "BlobFaultRate must lie between 0 and 1.");
        }
        var emulator = new AzureMLEmulator(options);
        try
        {
            await emulator.StartBlobStorageAsync(cancellationToken).ConfigureAwait(false);
            await emulator._app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = emulator._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            foreach (var address in addresses.Select(a => new Uri(a)))
            {
                if (address.Scheme == Uri.UriSchemeHttps)
                {
                    emulator._armPort = address.Port;
                }
                else
                {
                    emulator._identityPort = address.Port;
                }
            }
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartBlobStorageAsync(CancellationToken cancellationToken)
    {
        var endpoint = _options.BlobEndpoint;
        if (endpoint is null)
        {
            _azurite = await AzuriteServer.StartAsync(Path.Combine(_dataDirectory, "azurite"), cancellationToken: cancellationToken).ConfigureAwait(false);
            endpoint = _azurite.ServiceUri;
        }
        else if (endpoint.AbsolutePath is "/" or "")
        {
            endpoint = new Uri(endpoint, AzuriteServer.AccountName);
        }
        _workspace.BlobServiceUri = endpoint;
        _workspace.ClientBlobServiceUri = endpoint;
        if (_options.BlobFaultRate > 0)
        {
            _blobProxy = await Faults.BlobFaultProxy.StartAsync(endpoint, _options.BlobFaultRate, _options.BlobFaultSeed, _options.RetryAfter,
                _options.FaultLatency, _time, cancellationToken: cancellationToken).ConfigureAwait(false);
            _workspace.ClientBlobServiceUri = _blobProxy.ServiceUri;
        }
        foreach (var name in new[] { _workspace.ContainerName, EmulatedJobRunner.ArtifactContainer })
        {
            var container = new BlobContainerClient(new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/{name}"), new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey));
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Adds an environment version to the workspace, as if a client had created it, so that <c>azureml:name:version</c>
    /// and <c>name@latest</c> resolve. The emulator runs jobs on its own machine and ignores the image.
    /// </summary>
    /// <param name="name">The environment name.</param>
    /// <param name="version">The version.</param>
    /// <param name="image">The Docker image it names.</param>
    /// <exception cref="ArgumentException">The version exists with another image.</exception>
    public void AddEnvironmentVersion(string name, string version, string image)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(image);
        _workspace.Assets.AddEnvironmentVersion(name, version, image);
    }

    /// <summary>
    /// Adds a command component version to the workspace, as if a client had registered it, so that a pipeline step
    /// naming <c>azureml:name:version</c> runs <paramref name="command"/> (its <c>${{inputs.x}}</c> and
    /// <c>${{outputs.y}}</c> bound to the step's). The emulator does not serve the components API itself.
    /// </summary>
    /// <param name="name">The component name.</param>
    /// <param name="version">The version.</param>
    /// <param name="command">The command the step runs.</param>
    public void AddCommandComponentVersion(string name, string version, string command)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(command);
        _workspace.AddCommandComponent(name, version, command, environmentId: null);
    }

    /// <summary>
    /// Ends a sweep job as if its trials had run, since the emulator does not run sweeps: after the runner has
    /// marked it not run, the sweep becomes <c>Completed</c> with <paramref name="bestTrial"/> (a job of this workspace,
    /// typically a command job the test ran as the trial) named as its best trial in <c>properties["best_child_run_id"]</c>,
    /// where the service names it.
    /// </summary>
    /// <param name="sweepName">The sweep job.</param>
    /// <param name="bestTrial">The job to name as its best trial.</param>
    /// <returns>A task that completes when the sweep is marked.</returns>
    /// <exception cref="ArgumentException">There is no sweep job by that name.</exception>
    public async Task CompleteSweepJobAsync(string sweepName, string bestTrial)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepName);
        ArgumentException.ThrowIfNullOrEmpty(bestTrial);
        await _workspace.Runner.WhenFinished(sweepName).ConfigureAwait(false);
        if (!_workspace.CompleteSweep(sweepName, bestTrial))
        {
            throw new ArgumentException($"There is no sweep job '{sweepName}' in the workspace.", nameof(sweepName));
        }
    }

    /// <summary>Completes when the emulator has finished running a job (its status is final and its results are uploaded); at once for a job it does not run.</summary>
    internal Task WhenJobFinishedAsync(string name) => _workspace.Runner.WhenFinished(name);

    /// <summary>
    /// Settings of a client of this emulator's workspace: its subscription, resource group and workspace, its ARM
    /// endpoint, its certificate pinned, and its Blob service. The credential is left unset (an unchanged
    /// <c>DefaultAzureCredential</c> signs in once <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c> are set to
    /// <see cref="IdentityEndpoint"/> and <see cref="IdentityHeader"/>).
    /// </summary>
    public AzureMLWorkspaceOptions CreateWorkspaceOptions() => new()
    {
        SubscriptionId = SubscriptionId,
        ResourceGroupName = ResourceGroupName,
        WorkspaceName = WorkspaceName,
        ArmEndpoint = ArmEndpoint,
        ServerCertificate = Certificate,
        BlobServiceUri = BlobServiceUri,
    };

    /// <summary>Writes the public certificate as PEM, for clients that trust it through <c>SSL_CERT_FILE</c>, <c>REQUESTS_CA_BUNDLE</c> or <c>curl --cacert</c>.</summary>
    /// <param name="path">The file to write; it is replaced if it exists.</param>
    public void WriteCertificatePem(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, Certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>Stops both endpoints and the Azurite it started, releases the certificate and deletes a temporary data folder.</summary>
    /// <returns>A task that completes when the emulator has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        // Before Azurite stops: a run still going is canceled (its processes end) and finishes its uploads.
        await _workspace.Runner.DisposeAsync().ConfigureAwait(false);
        if (_blobProxy is not null)
        {
            await _blobProxy.DisposeAsync().ConfigureAwait(false);
        }
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync().ConfigureAwait(false);
        }
        _serverCertificate.Dispose();
        Certificate.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a file still open (on Windows) leaves a folder in the temp directory, nothing worse.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }

    private static X509Certificate2 CreateCertificate(TimeProvider time)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=TrainingJobs Azure ML emulator", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        // A short life: the certificate is made for one emulator run.
        using var ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        // Re-imported from PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string? requestText = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            requestText = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }
        var (bodyIsJson, body) = ParseJson(requestText);
        string? fault = null;
        ArmResponse response;
        if (context.Connection.LocalPort == _identityPort)
        {
            response = Token(context);
        }
        else if ((fault = NextFault()) is "latency" or "drop")
        {
            // Faults of the connection rather than of the answer: the request is served, but late, or its answer is
            // lost (the connection is cut after the work is done: what a client must survive by retrying safely).
            if (fault == "latency") await Task.Delay(_options.FaultLatency, _time, context.RequestAborted).ConfigureAwait(false);
            response = Serve(request, body, bodyIsJson);
        }
        else if (fault is not null)
        {
            response = fault switch
            {
                "429" => ArmResponse.Error(429, "TooManyRequests", "Injected fault: the request was throttled.", RetryAfterHeader()),
                "503" => ArmResponse.Error(503, "ServiceUnavailable", "Injected fault: the service is unavailable.", RetryAfterHeader()),
                _ => ArmResponse.Error(500, "InternalServerError", "Injected fault: the server had an error."),
            };
        }
        else
        {
            response = Serve(request, body, bodyIsJson);
        }
        await WriteAsync(context, response, request.Method is "PUT" or "POST" or "PATCH" ? body ?? (requestText is null ? null : JsonValue.Create(requestText)) : null, fault).ConfigureAwait(false);
    }

    /// <summary>
    /// ARM (bearer token and api-version), the discovery document (anonymous, as the real one), run history on the same
    /// host (bearer token; its paths carry no api-version), and the workspace's MLflow endpoint (bearer token).
    /// </summary>
    private ArmResponse Serve(HttpRequest request, JsonNode? body, bool bodyIsJson)
    {
        var path = request.Path.Value ?? "/";
        if (path == "/discovery")
        {
            return request.Method == "GET"
                ? new ArmResponse(200, Discovery())
                : ArmResponse.Error(405, "MethodNotAllowed", $"The method '{request.Method}' is not allowed on this resource.");
        }
        if (path.StartsWith(HistoryPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Authenticate(request) ?? _workspace.HandleHistory(request.Method, path[HistoryPrefix.Length..]);
        }
        if (EmulatedTracking.Serves(path))
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.QueryString.Value ?? "");
            return Authenticate(request) ?? _tracking.Handle(request.Method, path, query, body);
        }
        return Authenticate(request) ?? CheckApiVersion(request) ?? _workspace.Handle(request.Method, path, request.Query, body, bodyIsJson);
    }

    private const string HistoryPrefix = "/history/v1.0/";

    /// <summary>The workspace's discovery document: every service host is the emulator's own.</summary>
    private JsonObject Discovery()
    {
        var host = ArmEndpoint.GetLeftPart(UriPartial.Authority);
        return new JsonObject { ["api"] = host, ["history"] = host, ["experimentation"] = host, ["catalog"] = host };
    }

    private Dictionary<string, string> RetryAfterHeader() => new() { ["Retry-After"] = EmulatedWorkspace.RetryAfterSeconds(_options) };

    private string? NextFault() => _faults.Next();

    private static (bool IsJson, JsonNode? Node) ParseJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (false, null);
        }
        try
        {
            return (true, JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }

    private ArmResponse Token(HttpContext context)
    {
        var request = context.Request;
        if (request.Path != IdentityPath || request.Method != "GET")
        {
            return new ArmResponse(404, new JsonObject { ["error"] = "not_found", ["error_description"] = "The token endpoint is GET " + IdentityPath + "." });
        }
        var header = request.Headers["X-IDENTITY-HEADER"].ToString();
        if (header.Length == 0)
        {
            return new ArmResponse(400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "The X-IDENTITY-HEADER header is missing." });
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(IdentityHeader)))
        {
            return new ArmResponse(401, new JsonObject { ["error"] = "unauthorized", ["error_description"] = "The X-IDENTITY-HEADER header is wrong." });
        }
        var resource = request.Query["resource"].ToString();
        if (resource.Length == 0 || request.Query["api-version"].ToString().Length == 0)
        {
            return new ArmResponse(400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "The query needs api-version and resource." });
        }
        var expiresOn = _time.GetUtcNow().AddHours(1);
        var token = IssueToken(expiresOn);
        return new ArmResponse(200, new JsonObject
        {
            ["access_token"] = token,
            ["expires_on"] = expiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
        });
    }

    private ArmResponse? Authenticate(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return Unauthorized("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized("AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.");
        }
        var token = authorization["Bearer ".Length..].Trim();
        if (!TryReadToken(token, out var expiresOn))
        {
            return Unauthorized("InvalidAuthenticationToken", "The access token is invalid.");
        }
        if (expiresOn <= _time.GetUtcNow())
        {
            return Unauthorized("ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time.");
        }
        return null;
    }

    /// <summary>The JOSE header of the emulator's tokens: HMAC-SHA256, a JWT like the Entra tokens it stands for.</summary>
    private static readonly string TokenHeader = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

    /// <summary>
    /// A JWT shaped as Entra's: header, claims (<c>exp</c>, the signed-in identity's <c>oid</c>, a nonce) and an HMAC
    /// signature with a key of this process, so a client reads the claims it would read from a real token.
    /// </summary>
    private static string IssueToken(DateTimeOffset expiresOn)
    {
        var claims = new JsonObject
        {
            ["exp"] = expiresOn.ToUnixTimeSeconds(),
            ["oid"] = SignedInObjectId,
            ["nonce"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        };
        var signed = TokenHeader + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return signed + "." + Base64Url.EncodeToString(HMACSHA256.HashData(TokenKey, Encoding.ASCII.GetBytes(signed)));
    }

    private static bool TryReadToken(string token, out DateTimeOffset expiresOn)
    {
        expiresOn = default;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != TokenHeader)
        {
            return false;
        }
        try
        {
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(TokenKey, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]))))
            {
                return false;
            }
            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]));
            expiresOn = DateTimeOffset.FromUnixTimeSeconds(claims?["exp"]?.GetValue<long>() ?? 0);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static ArmResponse Unauthorized(string code, string message) =>
        ArmResponse.Error(401, code, message, new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer error=\"invalid_token\", error_description=\"{message}\"" });

    private static ArmResponse? CheckApiVersion(HttpRequest request)
    {
        var version = request.Query["api-version"].ToString();
        if (version.Length == 0)
        {
            return ArmResponse.Error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }
        return version == EmulatedWorkspace.ApiVersion
            ? null
            : ArmResponse.Error(400, "InvalidApiVersionParameter", $"The api-version '{version}' is invalid. The supported versions are '{EmulatedWorkspace.ApiVersion}'.");
    }

    private async Task WriteAsync(HttpContext context, ArmResponse response, JsonNode? requestBody, string? fault)
    {
        var http = context.Response;
        http.StatusCode = response.Status;
        http.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            http.Headers[name] = value;
        }
        byte[] bytes = [];
        if (response.Body is not null)
        {
            // Written by the node itself: no serializer reflection, so the emulator also compiles into a NativeAOT tj.
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer)) response.Body.WriteTo(writer);
            bytes = buffer.WrittenSpan.ToArray();
            http.ContentType = "application/json; charset=utf-8";
        }
        // Logged before the body goes out: a client that has read the response finds its request in the log.
        Log(new AzureMLEmulatorRequestLogEntry(
            context.Request.Method,
            RedactUrl($"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}"),
            response.Status,
            Redact(requestBody?.DeepClone()),
            Redact(response.Body?.DeepClone()),
            bytes.Length,
            fault));
        if (fault == "drop")
        {
            // No status line, no body: the client sees the connection close under it.
            context.Abort();
            return;
        }
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private void Log(AzureMLEmulatorRequestLogEntry entry)
    {
        lock (_logGate)
        {
            _log.Add(entry);
            if (_options.RequestLogPath is { } path)
            {
                // Appended under the lock so concurrent requests never interleave within a line.
                File.AppendAllText(path, entry.ToJson().ToJsonString() + "\n");
            }
        }
    }

    [GeneratedRegex("(?<=[?&]sig=)[^&]*", RegexOptions.IgnoreCase)]
    private static partial Regex SasSignature();

    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "access_token", "refresh_token", "key", "primaryKey", "secondaryKey", "accountKey", "sasToken", "clientSecret", "password", "certificate",
    };

    private static string RedactUrl(string url) => SasSignature().Replace(url, Redacted);

    // Tokens, keys and SAS signatures never reach the log, whether as named properties or inside URLs in string values.
    private static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToArray())
                {
                    // Only a replaced node is assigned: a node put back where it already is still has its parent, and
                    // System.Text.Json refuses that (it threw for every list page, whose items sit in an array).
                    var redacted = SecretNames.Contains(name) && value is JsonValue ? Redacted : Redact(value);
                    if (!ReferenceEquals(redacted, value)) obj[name] = redacted;
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    var redacted = Redact(item);
                    if (!ReferenceEquals(redacted, item)) array[i] = redacted;
                }
                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Contains("sig=", StringComparison.OrdinalIgnoreCase):
                return RedactUrl(text);
            default:
                return node;
        }
    }
}
