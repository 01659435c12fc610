using System.Net.Http.Headers;
using System.Text.Json;
using TrainingJobs.Sdk.Local.Mlflow;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// A workspace database in a temp folder with tracking servers on it, one per job name, over real HTTP on 127.0.0.1
/// (no supervisor, no process). Disposing stops the servers and deletes the folder.
/// </summary>
internal sealed class MlflowServerScope : IAsyncDisposable
{
    private readonly string _folder;
    private readonly List<MlflowServer> _servers = [];

    public MlflowServerScope()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tj-mlflow-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        Store = JobStore.Open(Path.Combine(_folder, "workspace.db"));
    }

    public JobStore Store { get; }

    /// <summary>Starts the endpoint of one job (its runs are the ones it creates, plus a pre-created run named after the job).</summary>
    public MlflowServer Start(string job = "job", MlflowServerLimits? limits = null)
    {
        var jobFolder = Path.Combine(_folder, "jobs", job);
        var server = MlflowServer.Start(new MlflowApi(Store, job, jobFolder, TimeProvider.System), limits);
        _servers.Add(server);
        return server;
    }

    /// <summary>Starts a server that serves jobs under <c>/jobs/&lt;name&gt;</c> once they are added (<see cref="Add"/>).</summary>
    public MlflowServer StartShared(MlflowServerLimits? limits = null)
    {
        var server = MlflowServer.StartShared(limits);
        _servers.Add(server);
        return server;
    }

    /// <summary>Serves one job on a shared server, with a fresh token.</summary>
    public MlflowRoute Add(MlflowServer shared, string job) =>
        shared.Add(job, new MlflowApi(Store, job, Path.Combine(_folder, "jobs", job), TimeProvider.System), MlflowServer.NewToken());

    /// <summary>A client of one job's route, sending the given token (the route's own when null); relative URIs start at its tracking URI.</summary>
    public static HttpClient Client(IMlflowEndpoint endpoint, string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(endpoint.Address.ToString().TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? endpoint.Token);
        return http;
    }

    /// <summary>Pre-creates the job's own run the way the supervisor does (run id = job name).</summary>
    public void PreCreateRun(string job, string experimentId = "0") =>
        Store.Runs.Insert(new RunRow(job, job, experimentId, job, "tester", "RUNNING", 1, null, "active", "file:///tmp/" + job));

    /// <summary>A client of the server that sends the given token (the server's own when null).</summary>
    public static HttpClient Client(MlflowServer server, string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.Address, "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? server.Token);
        return http;
    }

    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error_code").GetString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
