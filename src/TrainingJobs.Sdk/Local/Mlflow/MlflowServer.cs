using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TrainingJobs.Sdk.Local.Mlflow;

/// <summary>
/// A loopback MLflow tracking server: <c>http://127.0.0.1:&lt;random port&gt;</c>. Serves <c>/api/2.0/mlflow/…</c> and
/// <c>/ajax-api/2.0/mlflow/…</c>, either for one job at its root (<see cref="Start"/>), or, started once by a pipeline's
/// or sweep's supervisor (<see cref="StartShared"/>), for each of its children under <c>/jobs/&lt;name&gt;</c>
/// (<see cref="Add"/>): starting and stopping a server per step costs milliseconds between one step and the next.
/// Every call must carry the bearer token of the job it addresses, and reaches that job's <see cref="MlflowApi"/> only.
/// </summary>
/// <remarks>
/// The job is untrusted, and so is every client of this server. No thread ever waits on a client: HttpListener
/// (its managed implementation) reads request headers asynchronously, refuses headers over 32 KB, and closes a
/// connection that sends nothing within 90 s of opening (15 s between keep-alive requests); one that trickles its
/// headers holds a socket, not a thread. This server then reads the body and
/// writes the answer asynchronously, each within <see cref="MlflowServerLimits.IoTimeout"/> (a stalled body gets a
/// 408 and the connection is closed; nothing of it is applied), and serves at most
/// <see cref="MlflowServerLimits.MaxRequestsInFlight"/> requests of each job at once, so one job's clients cannot
/// take a shared server's turns from its siblings.
/// </remarks>
internal sealed class MlflowServer : IMlflowEndpoint
{
    /// <summary>The path under which a shared server serves a job: <c>/jobs/&lt;name&gt;</c>.</summary>
    private const string JobsPath = "/jobs/";

    private static readonly string[] Prefixes = ["/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/"];

    /// <summary>The largest request body read (a log-batch is at most 1,000 metrics): more is refused with 413, never buffered.</summary>
    internal const int MaxBodyBytes = 16 << 20;

    /// <summary>How much of a too-large body is read and dropped (within the read timeout), so the client gets the 413 rather than a reset connection.</summary>
    private const long MaxDrainedBytes = 256L << 20;

    private readonly HttpListener _listener;
    private readonly MlflowRoute? _root;
    private readonly ConcurrentDictionary<string, MlflowRoute> _routes = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
    private readonly MlflowServerLimits _limits;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<HttpListenerContext, Task> _open = new();
    private int _inFlight;

    private MlflowServer(HttpListener listener, MlflowApi? api, string? token, Uri address, MlflowServerLimits limits, TimeProvider time)
    {
        _listener = listener;
        _limits = limits;
        _time = time;
        Token = token ?? "";
        Address = address;
        if (api is not null) _root = new MlflowRoute(this, "", api, Token, address);
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The tracking URI (<c>MLFLOW_TRACKING_URI</c>) of the job served at the root; of a shared server, its base address.</summary>
    public Uri Address { get; }

    /// <summary>The bearer token (<c>MLFLOW_TRACKING_TOKEN</c>) of the job served at the root; empty for a shared server.</summary>
    public string Token { get; }

    /// <summary>How many requests are being served now.</summary>
    internal int RequestsInFlight => Volatile.Read(ref _inFlight);

    /// <summary>A fresh bearer token for a job's server (32 random bytes, hex).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Starts a server for one job on a free loopback port, with <paramref name="token"/> (a job's, from its plan) or a fresh one.</summary>
    public static MlflowServer Start(MlflowApi api, MlflowServerLimits? limits = null, TimeProvider? time = null, string? token = null) =>
        Listen(api, token ?? NewToken(), limits, time);

    /// <summary>Starts a server on a free loopback port that serves no job until one is <see cref="Add"/>ed.</summary>
    public static MlflowServer StartShared(MlflowServerLimits? limits = null, TimeProvider? time = null) => Listen(null, null, limits, time);

    /// <summary>
    /// Serves a job of a shared server under <c>/jobs/&lt;name&gt;</c> with its own token, until the returned route is
    /// disposed; its tracking URI is <see cref="MlflowRoute.Address"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server serves one job at its root, or serves this job already.</exception>
    public MlflowRoute Add(string job, MlflowApi api, string token)
    {
        if (_root is not null) throw new InvalidOperationException("This tracking server serves one job at its root.");
        var route = new MlflowRoute(this, job, api, token, new Uri(Address, JobsPath + Uri.EscapeDataString(job)));
        if (!_routes.TryAdd(job, route)) throw new InvalidOperationException($"The tracking server serves job {job} already.");
        return route;
    }

    /// <summary>Stops serving a route: no request reaches it once this returns (those being served are cut and awaited).</summary>
    internal async ValueTask RemoveAsync(MlflowRoute route)
    {
        route.Close();
        _routes.TryRemove(KeyValuePair.Create(route.Job, route));
        foreach (var context in route.Open.Keys) Refuse(context.Response);
        await WaitForAsync(route.Open.Values).ConfigureAwait(false);
    }

    private static MlflowServer Listen(MlflowApi? api, string? token, MlflowServerLimits? limits, TimeProvider? time)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new MlflowServer(listener, api, token, new Uri($"http://127.0.0.1:{port}"), limits ?? MlflowServerLimits.Default, time ?? TimeProvider.System);
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
            var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _open[context] = serving.Task;
            _ = Task.Run(async () =>
            {
                await ServeAsync(context, serving.Task).ConfigureAwait(false);
                _open.TryRemove(context, out _);
                serving.SetResult();
            });
        }
    }

    /// <summary>
    /// Serves one request without ever blocking a thread on its client: the body is read and the answer written
    /// asynchronously, each within <see cref="MlflowServerLimits.IoTimeout"/>. Never throws.
    /// </summary>
    private async Task ServeAsync(HttpListenerContext context, Task serving)
    {
        Interlocked.Increment(ref _inFlight);
        MlflowRoute? route = null;
        var entered = false;
        try
        {
            var path = context.Request.Url!.AbsolutePath;
            route = Route(ref path);
            if (route is null)
            {
                await SendAsync(context.Response, Answer.Error(404, "ENDPOINT_NOT_FOUND", $"No endpoint at {path}.", requestRead: !context.Request.HasEntityBody)).ConfigureAwait(false);
                return;
            }
            // Registered before the check: a route being removed either sees this request (and cuts it) or is seen closed here.
            route.Open[context] = serving;
            if (route.IsClosed)
            {
                Refuse(context.Response);
                return;
            }
            entered = true;
            if (route.Enter() > _limits.MaxRequestsInFlight)
            {
                await SendAsync(context.Response, Answer.Error(503, "TEMPORARILY_UNAVAILABLE",
                    $"The tracking server is serving {_limits.MaxRequestsInFlight} requests of this job already; retry.", requestRead: false)).ConfigureAwait(false);
                return;
            }
            Answer answer;
            try
            {
                answer = await AnswerAsync(context.Request, route, path).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Never let one bad request stop the server; report it the MLflow way.
                answer = Answer.Error(500, "INTERNAL_ERROR", e.Message, requestRead: false);
            }
            await SendAsync(context.Response, answer).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
            // The client went away, or the server is being stopped.
            Abort(context.Response);
        }
        finally
        {
            if (route is not null)
            {
                route.Open.TryRemove(context, out _);
                if (entered) route.Leave();
            }
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>
    /// The route a request path addresses, with <paramref name="path"/> made relative to it: the root job's, or on a
    /// shared server the job named by <c>/jobs/&lt;name&gt;/…</c>; null when none.
    /// </summary>
    private MlflowRoute? Route(ref string path)
    {
        if (_root is not null) return _root;
        if (!path.StartsWith(JobsPath, StringComparison.Ordinal)) return null;
        var end = path.IndexOf('/', JobsPath.Length);
        if (end < 0) return null;
        var job = Uri.UnescapeDataString(path[JobsPath.Length..end]);
        if (!_routes.TryGetValue(job, out var route)) return null;
        path = path[end..];
        return route;
    }

    /// <summary>The answer to a request for <paramref name="route"/>'s job, at <paramref name="path"/> relative to the route.</summary>
    private async Task<Answer> AnswerAsync(HttpListenerRequest request, MlflowRoute route, string path)
    {
        var requestRead = !request.HasEntityBody;
        // Constant-time comparison: the time taken says nothing about how much of a guessed token was right.
        var authorization = Encoding.UTF8.GetBytes(request.Headers["Authorization"] ?? "");
        if (!CryptographicOperations.FixedTimeEquals(authorization, route.ExpectedAuthorization))
        {
            return Answer.Error(401, "UNAUTHENTICATED", "This tracking server needs the job's token: Authorization: Bearer $MLFLOW_TRACKING_TOKEN.", requestRead);
        }
        var prefix = Prefixes.FirstOrDefault(p => path.StartsWith(p, StringComparison.Ordinal));
        if (prefix is null) return Answer.Error(404, "ENDPOINT_NOT_FOUND", $"No endpoint at {path}.", requestRead);
        var endpoint = path[prefix.Length..];
        JsonDocument? document = null;
        if (request.HttpMethod != "GET")
        {
            var (outcome, body) = await ReadBodyAsync(request.InputStream).ConfigureAwait(false);
            switch (outcome)
            {
                case BodyOutcome.TooLarge:
                    return Answer.Error(413, "INVALID_PARAMETER_VALUE", $"The request body is larger than {MaxBodyBytes / (1 << 20)} MB.", requestRead);
                case BodyOutcome.TimedOut:
                    return Answer.Error(408, "DEADLINE_EXCEEDED", $"The request body did not arrive within {_limits.IoTimeout.TotalSeconds:0.#} s.", requestRead);
                case BodyOutcome.Cut:
                    return Answer.Error(400, "MALFORMED_REQUEST", "The connection ended before the request body was complete; nothing of it was applied.", requestRead);
            }
            requestRead = true;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                return Answer.Error(400, "MALFORMED_REQUEST", "The request body is not valid JSON: " + e.Message, requestRead);
            }
        }
        using (document)
        {
            try
            {
                var parsed = document is null ? MlflowRequest.FromQuery(request.QueryString) : MlflowRequest.FromJson(document.RootElement);
                using var buffer = new MemoryStream();
                using (var json = new Utf8JsonWriter(buffer))
                {
                    route.Api.Handle(request.HttpMethod, endpoint, parsed, json);
                }
                return new Answer(200, buffer.ToArray(), requestRead);
            }
            catch (MlflowException e)
            {
                return Answer.Error((int)e.Status, e.ErrorCode, e.Message, requestRead);
            }
        }
    }

    private enum BodyOutcome
    {
        Complete,
        TooLarge,
        TimedOut,
        Cut,
    }

    /// <summary>
    /// Reads the body within <see cref="MlflowServerLimits.IoTimeout"/> in all. Over <see cref="MaxBodyBytes"/> the
    /// rest is read and dropped, up to a bound, so the client gets the 413 rather than a reset connection.
    /// </summary>
    private async Task<(BodyOutcome Outcome, byte[] Body)> ReadBodyAsync(Stream input)
    {
        using var deadline = new CancellationTokenSource(_limits.IoTimeout, _time);
        using var body = new MemoryStream();
        var buffer = new byte[1 << 16];
        long total = 0;
        while (true)
        {
            // HttpListener's request stream does not abandon a pending read when a token is cancelled, so the deadline
            // is awaited beside the read; the read left behind ends when the answer closes the connection.
            var read = input.ReadAsync(buffer.AsMemory()).AsTask();
            int count;
            try
            {
                count = await read.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                Abandon(read);
                return (BodyOutcome.TimedOut, []);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or SocketException)
            {
                // The client closed before sending the Content-Length it announced: nothing of it is applied.
                return (BodyOutcome.Cut, []);
            }
            if (count == 0) break;
            total += count;
            if (total <= MaxBodyBytes) body.Write(buffer, 0, count);
            else if (total > MaxDrainedBytes) break;
        }
        return total > MaxBodyBytes ? (BodyOutcome.TooLarge, []) : (BodyOutcome.Complete, body.ToArray());
    }

    /// <summary>Writes the answer within <see cref="MlflowServerLimits.IoTimeout"/>; a client that does not read it is cut.</summary>
    private async Task SendAsync(HttpListenerResponse response, Answer answer)
    {
        response.StatusCode = answer.Status;
        response.ContentType = "application/json";
        response.ContentLength64 = answer.Body.Length;
        // A body left unread would be drained by HttpListener with blocking waits when the response closes: close the
        // connection instead (a stock client opens a new one).
        if (!answer.RequestRead) response.KeepAlive = false;
        var write = response.OutputStream.WriteAsync(answer.Body).AsTask();
        try
        {
            await write.WaitAsync(_limits.IoTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abandon(write);
            Abort(response);
            return;
        }
        response.Close();
    }

    /// <summary>Closes the connection without an answer.</summary>
    private static void Abort(HttpListenerResponse response)
    {
        try
        {
            response.Abort();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
            // Already closed.
        }
    }

    /// <summary>
    /// Ends a request being served because the server stops. HttpListener's abort still sends a status line when none
    /// was sent, 200 by default: make it a 503 so no client mistakes the cut for success.
    /// </summary>
    private static void Refuse(HttpListenerResponse response)
    {
        try
        {
            response.StatusCode = 503;
            response.KeepAlive = false;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or HttpListenerException)
        {
            // The answer is already being written: the abort below cuts it.
        }
        Abort(response);
    }

    /// <summary>A read or write left behind at its deadline fails once the connection closes: observe that, nobody else will.</summary>
    private static void Abandon(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>An answer: its status and JSON body, and whether the request body was read to its end (the connection can then be kept).</summary>
    private sealed record Answer(int Status, byte[] Body, bool RequestRead)
    {
        public static Answer Error(int status, string code, string message, bool requestRead) => new(status, ErrorBody(code, message), requestRead);
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
        // Cut the connections still being served first: HttpListener.Close with a request body still being read
        // blocks a pool thread per such connection, so a job that left many stalled requests would starve the process
        // for as many half-seconds as the pool needs to grow.
        foreach (var context in _open.Keys) Refuse(context.Response);
        _listener.Close();
        await _loop.ConfigureAwait(false);
        await WaitForAsync(_open.Values).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>
    /// Waits for requests that were cut: each ends at once (its read fails); waiting for them means a stopped server (or
    /// route) serves nothing more. Bounded all the same: a stop must never hang on what a job's client did.
    /// </summary>
    private async Task WaitForAsync(ICollection<Task> serving)
    {
        if (serving.Count == 0) return;
        try
        {
            await Task.WhenAll(serving).WaitAsync(TimeSpan.FromSeconds(10), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Left to end on their own; they hold no lock and write nothing once their connection is gone.
        }
    }
}
