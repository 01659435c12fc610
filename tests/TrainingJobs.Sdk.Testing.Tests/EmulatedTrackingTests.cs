using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// The emulated workspace's MLflow endpoint (its <c>mlFlowTrackingUri</c> read as https): what a job logged while
/// the emulator ran it, read back with the MLflow REST calls a client of Azure ML uses.
/// </summary>
[NonParallelizable]
public sealed class EmulatedTrackingTests
{
    /// <summary>A job script that logs loss 0.9, 0.5, 0.25 at steps 0-2 through the tracking server its run is given (standard library only).</summary>
    internal const string Logger = JobScripts.LogLoss + """
        for step, loss in enumerate([0.9, 0.5, 0.25]):
            log(step, loss)
        print("logged")
        """;

    [Test]
    public async Task What_a_job_logged_is_read_back_with_runs_get_and_metrics_get_history_on_the_workspace_tracking_uri()
    {
        await using var session = await EmulatorSession.StartAsync();
        var folder = Directory.CreateTempSubdirectory("tj-emulated-tracking-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "log.py"), Logger);
            await session.Client.SubmitAsync(new CommandJob
            {
                Name = "logs-metrics",
                Command = "python3 log.py",
                Code = folder,
                Environment = new EnvironmentReference("azureml:sklearn:3"),
                Compute = session.WorkspacePath + "/computes/cpu-cluster",
            });
            (await session.Client.WaitForCompletionAsync("logs-metrics").WaitAsync(TimeSpan.FromSeconds(120))).Status.Should().Be(JobStatus.Completed);

            using var http = await TrackingClientAsync(session);
            var run = await GetJsonAsync(http, "runs/get?run_id=logs-metrics");
            run["run"]!["info"]!["run_id"]!.GetValue<string>().Should().Be("logs-metrics");
            run["run"]!["data"]!["metrics"]!.AsArray().Single(m => m!["key"]!.GetValue<string>() == "loss")!["value"]!.GetValue<double>().Should().Be(0.25, "runs/get gives the latest value per key");

            var history = await GetJsonAsync(http, "metrics/get-history?run_id=logs-metrics&metric_key=loss");
            history["metrics"]!.AsArray().Select(m => (m!["step"]!.GetValue<long>(), m["value"]!.GetValue<double>())).Should().Equal((0L, 0.9), (1L, 0.5), (2L, 0.25));

            // The SDK's reader of the same endpoint, which the Azure stream uses.
            var backend = new TrainingJobs.Sdk.AzureML.Backend.AzureMLJobBackend(session.Emulator.CreateWorkspaceOptions(), new TrainingJobsClientOptions());
            var reader = new TrainingJobs.Sdk.AzureML.Tracking.WorkspaceMetricsReader(backend.Operations, new TrainingJobs.Sdk.AzureML.Arm.WorkspaceProperties(backend.Operations));
            (await reader.PointsAsync("logs-metrics", CancellationToken.None)).Select(p => (p.Key, p.Step, p.Value))
                .Should().Equal(("loss", 0L, 0.9), ("loss", 1L, 0.5), ("loss", 2L, 0.25));
            (await reader.PointsAsync("a-job-that-never-ran", CancellationToken.None)).Should().BeEmpty("a run that does not exist has no points yet");

            var unknown = await http.GetAsync("api/2.0/mlflow/runs/get?run_id=no-such-job");
            unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
            var write = await http.PostAsync("api/2.0/mlflow/runs/log-metric", new StringContent("""{"run_id":"logs-metrics","key":"x","value":1,"timestamp":0}"""));
            write.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed, "the workspace endpoint is read-only in the emulator");
            using var anonymous = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate!.Thumbprint == session.Emulator.Certificate.Thumbprint })
            {
                BaseAddress = http.BaseAddress,
            };
            (await anonymous.GetAsync("api/2.0/mlflow/runs/get?run_id=logs-metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a token is needed, as for ARM");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A client of <c>https://{host}/mlflow/v1.0/{workspace}/</c> with an ARM token from the emulator's managed-identity endpoint.</summary>
    private static async Task<HttpClient> TrackingClientAsync(EmulatorSession session)
    {
        var emulator = session.Emulator;
        using var tokens = new HttpClient();
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get,
            $"{emulator.IdentityEndpoint}?api-version=2019-08-01&resource={Uri.EscapeDataString(emulator.ArmEndpoint.GetLeftPart(UriPartial.Authority))}");
        tokenRequest.Headers.Add("X-IDENTITY-HEADER", emulator.IdentityHeader);
        var token = JsonNode.Parse(await (await tokens.SendAsync(tokenRequest)).Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();

        // The workspace names its tracking URI; azureml:// is read as https://, as azureml-mlflow does.
        var workspace = JsonNode.Parse(await GetWorkspaceAsync(session, token))!;
        var tracking = workspace["properties"]!["mlFlowTrackingUri"]!.GetValue<string>().Replace("azureml://", "https://", StringComparison.Ordinal);
        var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate!.Thumbprint == emulator.Certificate.Thumbprint })
        {
            BaseAddress = new Uri(tracking.TrimEnd('/') + "/"),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<string> GetWorkspaceAsync(EmulatorSession session, string token)
    {
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate!.Thumbprint == session.Emulator.Certificate.Thumbprint });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.GetStringAsync(new Uri(session.Emulator.ArmEndpoint, session.WorkspacePath.TrimStart('/') + "?api-version=2025-12-01"));
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient http, string relative)
    {
        var response = await http.GetAsync("api/2.0/mlflow/" + relative);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
