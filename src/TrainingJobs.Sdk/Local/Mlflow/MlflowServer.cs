using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TrainingJobs.Sdk.Local.Mlflow;

/// <summary>
/// A loopback MLflow tracking server for one job: <c>http://127.0.0.1:&lt;random port&gt;</c>, every call must carry
/// the job's bearer token. Serves <c>/api/2.0/mlflow/…</c> and <c>/ajax-api/2.0/mlflow/…</c>.
/// </summary>
internal sealed class MlflowServer : IAsyncDisposable
{
    private static readonly string[] Prefixes = ["/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/"];

    /// <summary>The largest request body read (a log-batch is at most 1,000 metrics): more is refused with 413, never buffered.</summary>
    internal const int MaxBodyBytes = 16 << 20;

    /// <summary>How much of a too-large body is read and dropped, so the client gets the 413 rather than a reset connection.</summary>
    private const long MaxDrainedBytes = 256L << 20;

    private readonly HttpListener _listener;
    private readonly MlflowApi _api;
    private readonly byte[] _expectedAuthorization;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    private MlflowServer(HttpListener listener, MlflowApi api, string token, Uri address)
    {
        _listener = listener;
        _api = api;
        Token = token;
        Address = address;
        _expectedAuthorization = Encoding.UTF8.GetBytes("Bearer " + token);
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The tracking URI (<c>MLFLOW_TRACKING_URI</c>).</summary>
    public Uri Address { get; }

    /// <summary>The bearer token (<c>MLFLOW_TRACKING_TOKEN</c>).</summary>
    public string Token { get; }

    /// <summary>How many requests are being served now.</summary>
    internal int RequestsInFlight => 0;

    /// <summary>Starts a server on a free loopback port.</summary>
    public static MlflowServer Start(MlflowApi api, MlflowServerLimits? limits = null)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        for (var attempt = 0; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new MlflowServer(listener, api, token, new Uri($"http://127.0.0.1:{port}"));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between the probe and the bind: try another.
                listener.Close();
            }
        }
    }

    /// <summary>A port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var response = context.Response;
        int status;
        byte[] body;
        try
        {
            (status, body) = Answer(context.Request);
        }
        catch (Exception e)
        {
            // Never let one bad request stop the server; report it the MLflow way.
            (status, body) = (500, ErrorBody("INTERNAL_ERROR", e.Message));
        }
        try
        {
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength64 = body.Length;
            response.OutputStream.Write(body);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
    }

    private (int Status, byte[] Body) Answer(HttpListenerRequest request)
    {
        // Constant-time comparison: the time taken says nothing about how much of a guessed token was right.
        var authorization = Encoding.UTF8.GetBytes(request.Headers["Authorization"] ?? "");
        if (!CryptographicOperations.FixedTimeEquals(authorization, _expectedAuthorization))
        {
            return (401, ErrorBody("UNAUTHENTICATED", "This tracking server needs the job's token: Authorization: Bearer $MLFLOW_TRACKING_TOKEN."));
        }
        var path = request.Url!.AbsolutePath;
        var prefix = Prefixes.FirstOrDefault(p => path.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null) return (404, ErrorBody("ENDPOINT_NOT_FOUND", $"No endpoint at {path}."));
        var endpoint = path[prefix.Length..];
        try
        {
            MlflowRequest parsed;
            JsonDocument? document = null;
            if (request.HttpMethod == "GET") parsed = MlflowRequest.FromQuery(request.QueryString);
            else
            {
                if (ReadBody(request.InputStream) is not { } body)
                {
                    return (413, ErrorBody("INVALID_PARAMETER_VALUE", $"The request body is larger than {MaxBodyBytes / (1 << 20)} MB."));
                }
                try
                {
                    document = JsonDocument.Parse(body);
                }
                catch (JsonException e)
                {
                    throw new MlflowException("MALFORMED_REQUEST", "The request body is not valid JSON: " + e.Message);
                }
                parsed = MlflowRequest.FromJson(document.RootElement);
            }
            using (document)
            {
                using var buffer = new MemoryStream();
                using (var json = new Utf8JsonWriter(buffer))
                {
                    _api.Handle(request.HttpMethod, endpoint, parsed, json);
                }
                return (200, buffer.ToArray());
            }
        }
        catch (MlflowException e)
        {
            return ((int)e.Status, ErrorBody(e.ErrorCode, e.Message));
        }
    }

    /// <summary>The body, or null when it is over <see cref="MaxBodyBytes"/> (the rest is read and dropped, up to a bound).</summary>
    private static byte[]? ReadBody(Stream input)
    {
        using var body = new MemoryStream();
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total <= MaxBodyBytes) body.Write(buffer, 0, read);
            else if (total > MaxDrainedBytes) break;
        }
        return total > MaxBodyBytes ? null : body.ToArray();
    }

    private static byte[] ErrorBody(string code, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("error_code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
