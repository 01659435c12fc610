using System.Net;
using TrainingJobs.Sdk.Local.Mlflow;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// The tracking server a pipeline's or sweep's supervisor shares among its children: each child is served under
/// <c>/jobs/&lt;name&gt;</c> with its own token and its own runs only, and a child's route stops serving when it ends
/// while the others go on. Over real HTTP on 127.0.0.1.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class MlflowSharedServerTests
{
    [Test]
    public async Task Each_job_is_served_at_its_own_path_with_its_own_token_and_its_own_runs_only()
    {
        await using var scope = new MlflowServerScope();
        var shared = scope.StartShared();
        var a = scope.Add(shared, "step_a");
        var b = scope.Add(shared, "step_b");
        scope.PreCreateRun("step_a");
        scope.PreCreateRun("step_b");
        a.Address.AbsolutePath.Should().Be("/jobs/step_a");
        a.Token.Should().NotBe(b.Token);

        using var asA = MlflowServerScope.Client(a);
        (await asA.GetAsync("api/2.0/mlflow/runs/get?run_id=step_a")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var ownRunOfB = await asA.GetAsync("api/2.0/mlflow/runs/get?run_id=step_b");
        ownRunOfB.StatusCode.Should().Be(HttpStatusCode.NotFound, "a job's route reaches its own runs only");
        (await MlflowServerScope.ErrorCodeAsync(ownRunOfB)).Should().Be("RESOURCE_DOES_NOT_EXIST");

        using var bTokenAtA = MlflowServerScope.Client(a, b.Token);
        using var refused = await bTokenAtA.GetAsync("api/2.0/mlflow/runs/get?run_id=step_a");
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a sibling's token does not open another job's route");

        using var root = MlflowServerScope.Client(shared, a.Token);
        using var atRoot = await root.GetAsync("api/2.0/mlflow/runs/get?run_id=step_a");
        atRoot.StatusCode.Should().Be(HttpStatusCode.NotFound, "a shared server serves no job at its root");
        using var unknown = await root.GetAsync("jobs/step_c/api/2.0/mlflow/runs/get?run_id=step_a");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);

        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    [Test]
    public async Task A_removed_route_serves_nothing_more_while_its_siblings_go_on()
    {
        await using var scope = new MlflowServerScope();
        var shared = scope.StartShared();
        var a = scope.Add(shared, "step_a");
        var b = scope.Add(shared, "step_b");
        scope.PreCreateRun("step_a");
        scope.PreCreateRun("step_b");

        await a.DisposeAsync();

        using var asA = MlflowServerScope.Client(a);
        using var gone = await asA.PostAsync("api/2.0/mlflow/runs/log-metric",
            new StringContent("""{"run_id":"step_a","key":"loss","value":1,"timestamp":1,"step":0}""", System.Text.Encoding.UTF8, "application/json"));
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        scope.Store.Metrics.GetLatest("step_a").Should().BeEmpty("nothing reaches a job whose route was removed");
        using var asB = MlflowServerScope.Client(b);
        (await asB.GetAsync("api/2.0/mlflow/runs/get?run_id=step_b")).StatusCode.Should().Be(HttpStatusCode.OK);

        // The name is free again once its route is gone; while it is served, a second route for it is refused.
        var again = scope.Add(shared, "step_a");
        FluentActions.Invoking(() => scope.Add(shared, "step_b")).Should().Throw<InvalidOperationException>();
        await again.DisposeAsync();
        await b.DisposeAsync();
    }
}
