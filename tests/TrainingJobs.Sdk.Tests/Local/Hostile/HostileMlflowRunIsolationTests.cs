using System.Net;
using System.Text;
using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// A job's tracking token authorizes its own runs only: another job's run id is answered exactly as a run that does
/// not exist, and <c>runs/search</c> lists the job's own runs. Over real HTTP, against the endpoints of real jobs.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class HostileMlflowRunIsolationTests
{
    /// <summary>
    /// Both jobs run this (python3, standard library only): the owner logs a metric, a secret param and a tag into its
    /// own run; each job then leaves its token where the test can read it and waits for a <c>go</c> file.
    /// </summary>
    private const string PeerScript = """
        import json, os, time, urllib.request
        base = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/api/2.0/mlflow/"
        token, run = os.environ["MLFLOW_TRACKING_TOKEN"], os.environ["MLFLOW_RUN_ID"]
        def post(endpoint, body):
            request = urllib.request.Request(base + endpoint, data=json.dumps(body).encode(), method="POST",
                                             headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
        value = os.environ.get("PEER_VALUE")
        if value:
            post("runs/log-metric", {"run_id": run, "key": "owner_loss", "value": 0.5, "timestamp": 1, "step": 0})
            post("runs/log-parameter", {"run_id": run, "key": "owner_value", "value": value})
            post("runs/set-tag", {"run_id": run, "key": "team", "value": "vision"})
        with open("token.tmp", "w") as f:
            f.write(token)
        os.rename("token.tmp", "token.txt")
        deadline = time.time() + 60
        while not os.path.exists("go") and time.time() < deadline:
            time.sleep(0.02)
        """;

    [Test]
    public async Task A_jobs_token_cannot_write_or_read_another_jobs_run_which_answers_as_a_run_that_does_not_exist()
    {
        await using var ws = new TempWorkspace();
        var code = Path.GetDirectoryName(ws.WriteFile("peer/peer.py", PeerScript))!;
        var secret = "owner-secret-" + Guid.NewGuid().ToString("N");
        var victim = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "python3 peer.py", Code = code, ExperimentName = "shared", EnvironmentVariables = ValueMap.Of(("PEER_VALUE", secret)),
        });
        var attacker = await ws.Client.SubmitAsync(new CommandJob { Command = "python3 peer.py", Code = code, ExperimentName = "shared" });
        using var victimHttp = await EndpointOfAsync(ws, victim.Name);
        using var attackerHttp = await EndpointOfAsync(ws, attacker.Name);
        var before = await ws.Client.GetRecordAsync(victim.Name);
        var answers = new StringBuilder();

        foreach (var (endpoint, body) in WritesInto(victim.Name))
        {
            var response = await attackerHttp.PostAsync("api/2.0/mlflow/" + endpoint, Json(body));
            var text = await response.Content.ReadAsStringAsync();
            answers.AppendLine(text);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, "{0} into another job's run: {1}", endpoint, text);
            text.Should().Be($$"""{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run with id={{victim.Name}} not found"}""", endpoint);
        }
        foreach (var query in new[] { $"runs/get?run_id={victim.Name}", $"metrics/get-history?run_id={victim.Name}&metric_key=owner_loss" })
        {
            var response = await attackerHttp.GetAsync("api/2.0/mlflow/" + query);
            var text = await response.Content.ReadAsStringAsync();
            answers.AppendLine(text);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, "{0}: {1}", query, text);
            ErrorCode(text).Should().Be("RESOURCE_DOES_NOT_EXIST", query);
        }
        var unknown = await attackerHttp.GetAsync("api/2.0/mlflow/runs/get?run_id=no-such-run");
        (await unknown.Content.ReadAsStringAsync()).Should().Be("""{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run with id=no-such-run not found"}""",
            "another job's run is answered the way a run that does not exist is");

        // The victim's run is as the victim left it, and its own endpoint still serves it.
        var after = await ws.Client.GetRecordAsync(victim.Name);
        after.Metrics.Keys.Should().Equal(before.Metrics.Keys);
        after.Metrics["owner_loss"].Should().ContainSingle().Which.Value.Should().Be(0.5);
        after.Params.Should().Equal(before.Params).And.ContainKey("owner_value");
        after.MlflowTags.Should().Equal(before.MlflowTags).And.Contain("team", "vision");
        after.MlflowDatasetInputs.Should().BeEmpty();
        after.MlflowModels.Should().BeEmpty();
        var own = await victimHttp.GetStringAsync($"api/2.0/mlflow/runs/get?run_id={victim.Name}");
        using (var run = JsonDocument.Parse(own))
        {
            run.RootElement.GetProperty("run").GetProperty("info").GetProperty("status").GetString().Should().Be("RUNNING", "the attacker's runs/update FINISHED did not land");
            run.RootElement.GetProperty("run").GetProperty("info").TryGetProperty("end_time", out _).Should().BeFalse();
        }
        answers.ToString().Should().NotContain(secret, "no answer to the attacker carries the victim's data");

        await ReleaseAsync(ws, victim.Name, attacker.Name);
        (await ws.WaitAsync(victim.Name)).Status.Should().Be(JobStatus.Completed);
        (await ws.WaitAsync(attacker.Name)).Status.Should().Be(JobStatus.Completed);
        (await ws.Client.GetRecordAsync(victim.Name)).Params.Should().Equal(before.Params);
    }

    [Test]
    public async Task Runs_search_from_a_job_lists_only_its_own_runs_even_in_an_experiment_it_shares()
    {
        await using var ws = new TempWorkspace();
        var code = Path.GetDirectoryName(ws.WriteFile("peer/peer.py", PeerScript))!;
        var victim = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "python3 peer.py", Code = code, ExperimentName = "shared", EnvironmentVariables = ValueMap.Of(("PEER_VALUE", "v")),
        });
        var attacker = await ws.Client.SubmitAsync(new CommandJob { Command = "python3 peer.py", Code = code, ExperimentName = "shared" });
        using var victimHttp = await EndpointOfAsync(ws, victim.Name);
        using var attackerHttp = await EndpointOfAsync(ws, attacker.Name);
        var experiment = await ExperimentIdAsync(attackerHttp, "shared");
        var victimCreated = await CreateRunAsync(victimHttp, experiment);
        var attackerCreated = await CreateRunAsync(attackerHttp, experiment);

        var seen = await SearchAllAsync(attackerHttp, experiment, "0");

        seen.Should().BeEquivalentTo([attacker.Name, attackerCreated], "a job sees its pre-created run and the runs it created, no other job's");
        (await SearchAllAsync(victimHttp, experiment)).Should().BeEquivalentTo([victim.Name, victimCreated]);

        await ReleaseAsync(ws, victim.Name, attacker.Name);
        (await ws.WaitAsync(victim.Name)).Status.Should().Be(JobStatus.Completed);
        (await ws.WaitAsync(attacker.Name)).Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public async Task Runs_search_pages_over_the_jobs_own_runs_only_with_tokens_that_still_add_up()
    {
        await using var scope = new MlflowServerScope();
        var mine = scope.Start("mine");
        var theirs = scope.Start("theirs");
        using var mineHttp = MlflowServerScope.Client(mine);
        using var theirsHttp = MlflowServerScope.Client(theirs);
        var own = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            // Interleaved, so a filter applied after paging would leave holes or repeats in the pages.
            own.Add(await CreateRunAsync(mineHttp, "0"));
            await CreateRunAsync(theirsHttp, "0");
            await CreateRunAsync(theirsHttp, "0");
        }

        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var body = token is null ? """{"experiment_ids":["0"],"max_results":2}""" : $$"""{"experiment_ids":["0"],"max_results":2,"page_token":"{{token}}"}""";
            using var page = JsonDocument.Parse(await (await mineHttp.PostAsync("api/2.0/mlflow/runs/search", Json(body))).Content.ReadAsStringAsync());
            pages.Add([.. page.RootElement.GetProperty("runs").EnumerateArray().Select(RunIdOf)]);
            token = page.RootElement.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null && pages.Count < 10);

        pages.Select(p => p.Count).Should().Equal(2, 2, 1);
        pages.SelectMany(p => p).Should().BeEquivalentTo(own).And.OnlyHaveUniqueItems();
    }

    /// <summary>Every endpoint that writes into a run, naming the victim's run (one by the deprecated <c>run_uuid</c>).</summary>
    private static IEnumerable<(string Endpoint, string Body)> WritesInto(string run) =>
    [
        ("runs/log-metric", $$"""{"run_id":"{{run}}","key":"injected","value":1,"timestamp":1,"step":0}"""),
        ("runs/log-metric", $$"""{"run_uuid":"{{run}}","key":"injected","value":1,"timestamp":1,"step":0}"""),
        ("runs/log-parameter", $$"""{"run_id":"{{run}}","key":"injected","value":"x"}"""),
        ("runs/log-parameter", $$"""{"run_id":"{{run}}","key":"owner_value","value":"overwritten?"}"""),
        ("runs/set-tag", $$"""{"run_id":"{{run}}","key":"team","value":"attacker"}"""),
        ("runs/delete-tag", $$"""{"run_id":"{{run}}","key":"team"}"""),
        ("runs/log-batch", $$"""{"run_id":"{{run}}","metrics":[{"key":"injected","value":1,"timestamp":1,"step":0}],"params":[{"key":"p","value":"v"}],"tags":[{"key":"t","value":"v"}]}"""),
        ("runs/log-inputs", $$$"""{"run_id":"{{{run}}}","datasets":[{"dataset":{"name":"d","digest":"x","source_type":"local","source":"{}"}}]}"""),
        ("runs/log-model", $$"""{"run_id":"{{run}}","model_json":"{\"artifact_path\":\"m\"}"}"""),
        ("runs/update", $$"""{"run_id":"{{run}}","status":"FINISHED","end_time":1}"""),
        ("runs/update", $$"""{"run_id":"{{run}}","run_name":"renamed"}"""),
    ];

    /// <summary>Waits until the job has left its token, then returns a client of its endpoint that sends it.</summary>
    private static async Task<HttpClient> EndpointOfAsync(TempWorkspace ws, string job)
    {
        var tokenFile = Path.Combine(ws.Options.Home!, "jobs", job, "code", "token.txt");
        await Eventually.HoldsAsync(() => File.Exists(tokenFile), $"{job} leaves its token", TempWorkspace.Patience);
        var address = (await ws.Client.GetAsync(job)).TrackingUri!;
        var http = new HttpClient { BaseAddress = new Uri(address, "/"), Timeout = TempWorkspace.Patience };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await File.ReadAllTextAsync(tokenFile));
        return http;
    }

    private static async Task ReleaseAsync(TempWorkspace ws, params string[] jobs)
    {
        foreach (var job in jobs) await File.WriteAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job, "code", "go"), "");
    }

    private static async Task<string> ExperimentIdAsync(HttpClient http, string name)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("api/2.0/mlflow/experiments/get-by-name?experiment_name=" + name));
        return json.RootElement.GetProperty("experiment").GetProperty("experiment_id").GetString()!;
    }

    private static async Task<string> CreateRunAsync(HttpClient http, string experimentId)
    {
        var response = await http.PostAsync("api/2.0/mlflow/runs/create", Json($$"""{"experiment_id":"{{experimentId}}","start_time":1}"""));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return RunIdOf(json.RootElement.GetProperty("run"));
    }

    private static async Task<List<string>> SearchAllAsync(HttpClient http, params string[] experimentIds)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["experiment_ids"] = experimentIds, ["run_view_type"] = "ALL" });
        using var json = JsonDocument.Parse(await (await http.PostAsync("api/2.0/mlflow/runs/search", Json(body))).Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("runs").EnumerateArray().Select(RunIdOf)];
    }

    private static string RunIdOf(JsonElement run) => run.GetProperty("info").GetProperty("run_id").GetString()!;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string? ErrorCode(string text)
    {
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("error_code").GetString();
    }
    [Test]
    public async Task A_job_cannot_be_named_after_another_jobs_run_id_which_would_give_it_a_run_it_cannot_reach()
    {
        await using var ws = new TempWorkspace();
        var first = await ws.Client.SubmitAsync(new CommandJob { Command = "true" });
        await ws.WaitAsync(first.Name);
        const string runId = "0123456789abcdef0123456789abcdef";
        var store = Sdk.Local.Workspace.JobStore.Open(Path.Combine(ws.Options.Home!, "workspace.db"));
        store.Runs.Insert(new Sdk.Local.Workspace.RunRow(runId, first.Name, "0", "made-by-runs-create", "", "FINISHED", 1, 2, "active", "file:///tmp"));

        var submit = () => ws.Client.SubmitAsync(new CommandJob { Name = runId, Command = "true" });

        (await submit.Should().ThrowAsync<Azure.RequestFailedException>()).Which.Status.Should().Be(409);
        store.Runs.Get(runId)!.Job.Should().Be(first.Name, "the other job's run is left as it was");
    }
}
