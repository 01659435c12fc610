using System.Net;
using System.Text;
using TrainingJobs.Sdk.Local.Mlflow;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>The tracking server's limits, over real HTTP on 127.0.0.1: body size, token, paging parameters.</summary>
[Parallelizable(ParallelScope.All)]
public class MlflowServerLimitsTests
{
    [Test]
    public async Task A_body_over_16_MB_is_refused_with_413_and_a_normal_one_is_served()
    {
        await using var scope = new MlflowServerScope();
        using var http = MlflowServerScope.Client(scope.Start());

        var tooLarge = await http.PostAsync("api/2.0/mlflow/runs/search",
            new StringContent("{\"experiment_ids\":[\"0\"],\"pad\":\"" + new string('x', MlflowServer.MaxBodyBytes) + "\"}", Encoding.UTF8, "application/json"));
        var normal = await http.PostAsync("api/2.0/mlflow/runs/search", new StringContent("{\"experiment_ids\":[\"0\"]}", Encoding.UTF8, "application/json"));

        tooLarge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, await tooLarge.Content.ReadAsStringAsync());
        (await MlflowServerScope.ErrorCodeAsync(tooLarge)).Should().Be("INVALID_PARAMETER_VALUE");
        normal.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [TestCase("runs/search", """{"experiment_ids":["0"],"max_results":0}""")]
    [TestCase("runs/search", """{"experiment_ids":["0"],"max_results":-5}""")]
    [TestCase("runs/search", """{"experiment_ids":["0"],"page_token":"not-a-token"}""")]
    [TestCase("metrics/get-history?run_id=r&metric_key=loss&max_results=0", null)]
    [TestCase("metrics/get-history?run_id=r&metric_key=loss&page_token=%7Bgarbage%7D", null)]
    public async Task A_max_results_below_1_or_a_page_token_it_never_issued_is_an_invalid_parameter(string endpoint, string? body)
    {
        await using var scope = new MlflowServerScope();
        using var http = MlflowServerScope.Client(scope.Start());

        var response = body is null
            ? await http.GetAsync("api/2.0/mlflow/" + endpoint)
            : await http.PostAsync("api/2.0/mlflow/" + endpoint, new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await MlflowServerScope.ErrorCodeAsync(response)).Should().Be("INVALID_PARAMETER_VALUE");
    }

    [Test]
    public async Task A_token_that_differs_only_in_its_last_character_or_length_is_refused()
    {
        await using var scope = new MlflowServerScope();
        var server = scope.Start();
        var almost = server.Token[..^1] + (server.Token[^1] == 'a' ? 'b' : 'a');

        foreach (var token in new[] { almost, server.Token + "0", server.Token[..^1] })
        {
            using var http = MlflowServerScope.Client(server, token);
            var response = await http.GetAsync("api/2.0/mlflow/experiments/get?experiment_id=0");
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, token);
        }
    }
}
