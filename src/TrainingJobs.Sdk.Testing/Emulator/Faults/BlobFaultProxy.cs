using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TrainingJobs.Sdk.Testing.Emulator.Faults;

/// <summary>
/// A loopback HTTP proxy in front of Azurite that injects the emulator's faults into Blob storage traffic: 429 and 503
/// with <c>Retry-After</c> and 500 before the request reaches Azurite (nothing changes), a connection cut halfway
/// through the answer after Azurite served it (a client must neither keep nor trust the half it got), and latency.
/// Everything else passes through unchanged: path, query (SAS included), headers and body, so Shared Key and SAS
/// signatures, which do not sign the host, stay valid. A fixed round trip (every request waits the same time before it
/// is forwarded) models a distant service for benchmarks, where loopback has no network delay at all.
/// </summary>
internal sealed class BlobFaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly Uri _target;
    private readonly FaultInjector _faults;
    private readonly TimeSpan _retryAfter;
    private readonly TimeSpan _latency;
    private readonly TimeProvider _time;
    private readonly TimeSpan _roundTrip;
    private int _injected;
    private readonly List<BlobFault> _log = [];
    private Func<HttpRequest, bool>? _dropNext;

    private BlobFaultProxy(Uri target, FaultInjector faults, TimeSpan retryAfter, TimeSpan latency, TimeProvider time, TimeSpan roundTrip)
    {
        _roundTrip = roundTrip;
        _target = target;
        _faults = faults;
        _retryAfter = retryAfter;
        _latency = latency;
        _time = time;
        // No automatic decompression or redirects: bytes and statuses pass through as Azurite sent them.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false });
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        _app = builder.Build();
        _app.Run(ForwardAsync);
    }

    /// <summary>How many requests met a fault so far.</summary>
    public int FaultsInjected => Volatile.Read(ref _injected);

    /// <summary>The requests that met a fault so far, oldest first: what a test checks to know which faults its client got past.</summary>
    public IReadOnlyList<BlobFault> Faults
    {
        get
        {
            lock (_log) return _log.ToArray();
        }
    }

    /// <summary>
    /// Cuts the answer to the next request that <paramref name="match"/> accepts halfway through its body, whatever the
    /// draw says (the draw is still made, so the seeded sequence of the other requests is kept): for a test that must
    /// know its client met a cut in one particular place.
    /// </summary>
    public void DropNext(Func<HttpRequest, bool> match) => Volatile.Write(ref _dropNext, match);

    private void Record(HttpContext context, string fault, long? bytesSent = null)
    {
        lock (_log) _log.Add(new BlobFault(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Range.ToString(), fault, bytesSent));
    }

    /// <summary>The proxy's Blob service URL: Azurite's with the proxy's host and port (the account path kept).</summary>
    public Uri ServiceUri { get; private set; } = null!;

    /// <summary>
    /// Starts a proxy in front of <paramref name="target"/> (a Blob service URL such as <c>http://127.0.0.1:10000/devstoreaccount1</c>);
    /// every request first waits <paramref name="roundTrip"/> on <paramref name="time"/> (a modelled network round trip; none by default).
    /// </summary>
    public static async Task<BlobFaultProxy> StartAsync(Uri target, double faultRate, int faultSeed, TimeSpan retryAfter, TimeSpan latency, TimeProvider time,
        TimeSpan roundTrip = default, CancellationToken cancellationToken = default)
    {
        var proxy = new BlobFaultProxy(target, new FaultInjector(faultRate, faultSeed), retryAfter, latency, time, roundTrip);
        await proxy._app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        proxy.ServiceUri = new UriBuilder(target) { Host = address.Host, Port = address.Port }.Uri;
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        // Before anything else, so a faulted answer costs its round trip too, as it would across a network.
        if (_roundTrip > TimeSpan.Zero) await Task.Delay(_roundTrip, _time, context.RequestAborted).ConfigureAwait(false);
        var fault = _faults.Next();
        if (Volatile.Read(ref _dropNext) is { } match && match(context.Request) && Interlocked.CompareExchange(ref _dropNext, null, match) == match)
        {
            fault = FaultInjector.Dropped;
        }
        if (fault is not null) Interlocked.Increment(ref _injected);
        if (fault is FaultInjector.Throttled or FaultInjector.Unavailable or FaultInjector.ServerError)
        {
            // The storage service's error shape (XML), which Azure.Storage.Blobs reads its error code from.
            var (status, code) = fault switch
            {
                FaultInjector.Throttled => (429, "ServerBusy"),
                FaultInjector.Unavailable => (503, "ServerBusy"),
                _ => (500, "InternalError"),
            };
            Record(context, fault);
            context.Response.StatusCode = status;
            if (status != 500) context.Response.Headers.RetryAfter = ((int)Math.Ceiling(_retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["x-ms-error-code"] = code;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>Injected fault.</Message></Error>", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (fault == FaultInjector.Latency)
        {
            Record(context, fault);
            await Task.Delay(_latency, _time, context.RequestAborted).ConfigureAwait(false);
        }

        using var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.Method),
            new Uri(_target.GetLeftPart(UriPartial.Authority) + context.Request.Path + context.Request.QueryString));
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            forwarded.Content = new StreamContent(context.Request.Body);
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopHeaders.Contains(name)) continue;
            if (!forwarded.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }
        using var answer = await _http.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopHeaders.Contains(name)) context.Response.Headers[name] = values.ToArray();
        }
        await using var body = await answer.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
        if (fault == FaultInjector.Dropped)
        {
            // Half of the answer, then the connection is cut: the request was served, the client got part of it.
            var length = answer.Content.Headers.ContentLength ?? 0;
            var buffer = new byte[Math.Max(0, length / 2)];
            var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, context.RequestAborted).ConfigureAwait(false);
            if (read > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
            Record(context, fault, Math.Max(read, 0));
            context.Abort();
            return;
        }
        await body.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }
}

/// <summary>One request that met a fault in a <see cref="BlobFaultProxy"/>.</summary>
/// <param name="Method">The request's method.</param>
/// <param name="Path">The request's path (account, container, blob).</param>
/// <param name="Range">The request's <c>Range</c> header; empty when it had none.</param>
/// <param name="Fault">The fault (<see cref="FaultInjector"/>'s names).</param>
/// <param name="BytesSent">For <c>drop</c>: how many bytes of the answer's body went out before the cut.</param>
internal sealed record BlobFault(string Method, string Path, string Range, string Fault, long? BytesSent);
