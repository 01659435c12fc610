using System.Net;
using System.Net.Sockets;
using System.Text;
using TrainingJobs.Sdk.Local.Mlflow;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// Connections that send their headers and part of a body, then stop, cannot stall a job's tracking server: the
/// well-formed request of another client is answered while they hang, and they are cut after the read timeout.
/// Raw sockets on 127.0.0.1 against a real server.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class HostileMlflowSlowClientTests
{
    private const int StalledClients = 30;

    /// <summary>
    /// Four times the 30 of the finding for the test of a prompt answer: a server that blocks a pool thread per stalled
    /// body would also pass with 30 in a busy test run whose thread pool already grew past 30 threads, and the pool adds
    /// threads at about two a second when starved, so 120 blocked readers would take about a minute to get past.
    /// </summary>
    private const int ManyStalledClients = 120;

    /// <summary>
    /// How long the test waits for an answer that a healthy server gives at once. Generous, because the CI machine may
    /// be busy with other tests (a run once took 7 s just to see four stalled requests arrive); the tests stay able to
    /// fail because the stalled requests are never cut during a test (<see cref="NeverCut"/>) and a server that
    /// waits on them would never answer, or answer only after far longer than this.
    /// </summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(25);

    /// <summary>Limits under which no stalled request is cut by the read timeout while a test runs.</summary>
    private static readonly MlflowServerLimits NeverCut = MlflowServerLimits.Default with { IoTimeout = TimeSpan.FromMinutes(10) };

    [Test]
    public async Task A_hundred_and_twenty_connections_stalled_halfway_through_their_body_do_not_delay_a_well_formed_request()
    {
        await using var scope = new MlflowServerScope();
        scope.PreCreateRun("job");
        var server = scope.Start("job", NeverCut with { MaxRequestsInFlight = 2 * ManyStalledClients });
        var stalled = await OpenStalledRequestsAsync(server, ManyStalledClients);
        try
        {
            using var http = MlflowServerScope.Client(server);
            using var bound = new CancellationTokenSource(AnswerBound);

            var response = await AnsweredWithinBoundAsync(() => http.GetAsync("api/2.0/mlflow/runs/get?run_id=job", bound.Token));

            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            stalled.Should().OnlyContain(s => !s.Poll(0, SelectMode.SelectRead), "the stalled requests are still waiting for their body: neither answered nor closed yet");
        }
        finally
        {
            foreach (var socket in stalled) socket.Dispose();
        }
    }

    [Test]
    public async Task Stopping_the_server_while_a_hundred_and_twenty_requests_stall_ends_them_all_without_waiting_on_their_clients()
    {
        var scope = new MlflowServerScope();
        scope.PreCreateRun("job");
        var server = scope.Start("job", NeverCut with { MaxRequestsInFlight = 2 * ManyStalledClients });
        var stalled = await OpenStalledRequestsAsync(server, ManyStalledClients);
        try
        {
            await Eventually.HoldsAsync(() => server.RequestsInFlight == ManyStalledClients, "every stalled request is being served", TempWorkspace.Patience);

            // HttpListener.Close with request bodies still being read blocks a pool thread per connection: this once
            // took a minute, starving every other test of the run while the pool grew.
            var stopping = scope.DisposeAsync().AsTask();
            (await Task.WhenAny(stopping, Task.Delay(AnswerBound))).Should().BeSameAs(stopping, "stopping the server does not wait on clients that send nothing");
            await stopping;

            server.RequestsInFlight.Should().Be(0);
            foreach (var socket in stalled)
            {
                (await ReadUntilClosedAsync(socket)).Should().NotStartWith("HTTP/1.1 200", "a stalled request is cut, never applied");
            }
        }
        finally
        {
            foreach (var socket in stalled) socket.Dispose();
        }
    }

    [Test]
    public async Task A_connection_that_stops_sending_its_body_is_answered_408_and_closed_after_the_read_timeout_and_what_it_sent_is_not_applied()
    {
        await using var scope = new MlflowServerScope();
        scope.PreCreateRun("job");
        var server = scope.Start("job", MlflowServerLimits.Default with { IoTimeout = TimeSpan.FromMilliseconds(300) });
        var stalled = await OpenStalledRequestsAsync(server, StalledClients);
        try
        {
            foreach (var socket in stalled)
            {
                (await ReadUntilClosedAsync(socket)).Should().StartWith("HTTP/1.1 408 ", "the server cut the stalled request");
            }

            using var http = MlflowServerScope.Client(server);
            var run = await http.GetStringAsync("api/2.0/mlflow/runs/get?run_id=job");
            run.Should().NotContain("stalled", "no part of a body that never arrived in full is applied");
        }
        finally
        {
            foreach (var socket in stalled) socket.Dispose();
        }
    }

    [Test]
    public async Task A_body_cut_short_by_the_client_is_answered_400_and_not_applied_even_when_what_arrived_is_valid_json()
    {
        await using var scope = new MlflowServerScope();
        scope.PreCreateRun("job");
        var server = scope.Start("job");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Address.Port));
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /api/2.0/mlflow/runs/set-tag HTTP/1.1\r\n" +
            $"Host: 127.0.0.1:{server.Address.Port}\r\n" +
            $"Authorization: Bearer {server.Token}\r\n" +
            "Content-Type: application/json\r\n" +
            "Content-Length: 1000\r\n\r\n" +
            """{"run_id":"job","key":"cut","value":"short"}"""), SocketFlags.None);

        socket.Shutdown(SocketShutdown.Send);
        var answer = await ReadUntilClosedAsync(socket);

        answer.Should().StartWith("HTTP/1.1 400 ").And.Contain("MALFORMED_REQUEST");
        using var http = MlflowServerScope.Client(server);
        (await http.GetStringAsync("api/2.0/mlflow/runs/get?run_id=job")).Should().NotContain("\"cut\"");
    }

    [Test]
    public async Task Over_the_in_flight_limit_a_request_is_answered_503_at_once_and_served_again_once_the_stalled_clients_hang_up()
    {
        await using var scope = new MlflowServerScope();
        scope.PreCreateRun("job");
        var server = scope.Start("job", NeverCut with { MaxRequestsInFlight = 4 });
        var stalled = await OpenStalledRequestsAsync(server, 4);
        try
        {
            using var http = MlflowServerScope.Client(server);
            await Eventually.HoldsAsync(() => server.RequestsInFlight == 4, "the 4 stalled requests are being served", TempWorkspace.Patience);
            using var bound = new CancellationTokenSource(AnswerBound);
            var refused = await AnsweredWithinBoundAsync(() => http.GetAsync("api/2.0/mlflow/runs/get?run_id=job", bound.Token));

            refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await MlflowServerScope.ErrorCodeAsync(refused)).Should().Be("TEMPORARILY_UNAVAILABLE");
            foreach (var socket in stalled) socket.Close();
            await Eventually.HoldsAsync(() => server.RequestsInFlight == 0, "a request whose client hung up before its body was complete ends", TempWorkspace.Patience);
            (await http.GetAsync("api/2.0/mlflow/runs/get?run_id=job")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            foreach (var socket in stalled) socket.Dispose();
        }
    }

    /// <summary>Opens connections that each send a complete, authorized header (Content-Length: 1000) and 40 bytes of body, then nothing.</summary>
    private static async Task<List<Socket>> OpenStalledRequestsAsync(MlflowServer server, int count)
    {
        using var bound = new CancellationTokenSource(TempWorkspace.Patience);
        var request = Encoding.ASCII.GetBytes(
            "POST /api/2.0/mlflow/runs/set-tag HTTP/1.1\r\n" +
            $"Host: 127.0.0.1:{server.Address.Port}\r\n" +
            $"Authorization: Bearer {server.Token}\r\n" +
            "Content-Type: application/json\r\n" +
            "Content-Length: 1000\r\n\r\n" +
            """{"run_id":"job","key":"stalled","value":""");
        var sockets = new List<Socket>();
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            sockets.Add(socket);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Address.Port), bound.Token);
            await socket.SendAsync(request, SocketFlags.None, bound.Token);
        }
        return sockets;
    }

    private static async Task<HttpResponseMessage> AnsweredWithinBoundAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"A well-formed request was not answered within {AnswerBound.TotalSeconds:0} s while other connections stalled.");
            throw;
        }
    }

    /// <summary>Everything the server sends until it closes the connection; fails the test when it never does.</summary>
    private static async Task<string> ReadUntilClosedAsync(Socket socket)
    {
        using var bound = new CancellationTokenSource(TempWorkspace.Patience);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        for (var reads = 0; reads < 1000; reads++)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The server never closed a stalled connection (received so far: {received}).");
                throw;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                break;
            }
            if (read == 0) break;
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return received.ToString();
    }
}
