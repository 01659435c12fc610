using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace TrainingJobs.Sdk.Local.Mlflow;

/// <summary>
/// One job served by an <see cref="MlflowServer"/>: its API, its token, and the requests being served for it, so that
/// removing the route (disposing it) cuts and awaits them as stopping a server of its own would.
/// </summary>
internal sealed class MlflowRoute : IMlflowEndpoint
{
    private readonly MlflowServer _server;
    private int _inFlight;
    private int _closed;

    internal MlflowRoute(MlflowServer server, string job, MlflowApi api, string token, Uri address)
    {
        _server = server;
        Job = job;
        Api = api;
        Token = token;
        Address = address;
        ExpectedAuthorization = Encoding.UTF8.GetBytes("Bearer " + token);
    }

    /// <summary>The job's name (empty for the job served at a server's root).</summary>
    public string Job { get; }

    /// <inheritdoc />
    public Uri Address { get; }

    /// <inheritdoc />
    public string Token { get; }

    internal MlflowApi Api { get; }

    internal byte[] ExpectedAuthorization { get; }

    /// <summary>The requests being served for this job, each with the task that ends when it has been.</summary>
    internal ConcurrentDictionary<HttpListenerContext, Task> Open { get; } = new();

    internal bool IsClosed => Volatile.Read(ref _closed) != 0;

    internal void Close() => Volatile.Write(ref _closed, 1);

    /// <summary>Counts a request in; returns how many of this job's are now being served.</summary>
    internal int Enter() => Interlocked.Increment(ref _inFlight);

    internal void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Stops serving the job; its server goes on serving the others.</summary>
    public ValueTask DisposeAsync() => _server.RemoveAsync(this);
}
