using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local.Pipelines;

/// <summary>Sweeps on the local backend: real trials as child jobs, the objective read from each trial's MLflow run.</summary>
[Parallelizable(ParallelScope.All)]
public class LocalSweepTests
{
    /// <summary>
    /// Logs <c>loss</c> = --value at each of --reports reports, --pause seconds apart, after waiting (with --wait 1, up to
    /// 60 s) for the --marker file to exist; appends "finished VALUE" to the marker at the end (python3, standard library only).
    /// </summary>
    private const string CurveScript = """
        import argparse, json, os, time, urllib.request
        parser = argparse.ArgumentParser()
        parser.add_argument("--value", type=float)
        parser.add_argument("--reports", type=int, default=1)
        parser.add_argument("--pause", type=float, default=0)
        parser.add_argument("--out")
        parser.add_argument("--marker")
        parser.add_argument("--wait", type=int, default=0)
        args = parser.parse_args()
        deadline = time.time() + 60
        while args.wait and not os.path.exists(args.marker) and time.time() < deadline:
            time.sleep(0.05)
        base = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/api/2.0/mlflow/"
        token, run = os.environ["MLFLOW_TRACKING_TOKEN"], os.environ["MLFLOW_RUN_ID"]
        def post(endpoint, body):
            request = urllib.request.Request(base + endpoint, data=json.dumps(body).encode(), method="POST",
                                             headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
        for step in range(args.reports):
            post("runs/log-metric", {"run_id": run, "key": "loss", "value": args.value, "timestamp": int(time.time() * 1000), "step": step})
            time.sleep(args.pause)
        if args.out:
            with open(os.path.join(args.out, "value.txt"), "w") as f:
                f.write(str(args.value))
        if args.marker:
            with open(args.marker, "a") as f:
                f.write("finished %s\n" % args.value)
        """;

    private static SweepJob Sweep(TempWorkspace ws, string command, SamplingAlgorithm sampling, params (string Name, SearchSpaceParameter Parameter)[] space) => new()
    {
        ExperimentName = "sweep",
        Trial = new CommandJob
        {
            Code = Path.GetDirectoryName(ws.WriteFile("src/curve.py", CurveScript))!,
            Command = command,
            Outputs = ValueMap.Of(("model", new JobOutput())),
        },
        SearchSpace = ValueMap.Of(space),
        SamplingAlgorithm = sampling,
        Objective = new SweepObjective("loss", Goal.Minimize),
        Limits = new SweepJobLimits { MaxConcurrentTrials = 2 },
    };

    private static ChoiceParameter Choice(params LiteralValue[] values) => new() { Values = ValueList.Of(values.Select(v => new ChoiceOption { Value = v }).ToArray()) };

    private static async Task<List<Job>> TrialsOf(TempWorkspace ws, string sweep)
    {
        var trials = new List<Job>();
        await foreach (var child in ws.Client.GetJobsAsync(new JobQuery { ParentJobName = sweep })) trials.Add(child);
        return trials;
    }

    private static Dictionary<string, JsonElement> Hyperparameters(Job trial) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(trial.Definition.Properties["hyperparameters"])!;

    [Test]
    public async Task Grid_sampling_runs_exactly_the_grid_and_the_best_trial_and_its_outputs_are_the_sweeps()
    {
        await using var ws = new TempWorkspace();
        var sweep = Sweep(ws, "python3 curve.py --value ${{search_space.value}} --out ${{outputs.model}} && echo ${{search_space.tag}} > /dev/null",
            new GridSamplingAlgorithm(), ("value", Choice(3.0, 1.0, 2.0)), ("tag", Choice("x", "y")));

        var submitted = await ws.Client.SubmitAsync(sweep);
        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var trials = await TrialsOf(ws, submitted.Name);
        trials.Should().HaveCount(6).And.OnlyContain(t => t.Status == JobStatus.Completed);
        trials.Select(t => (Hyperparameters(t)["value"].GetDouble(), Hyperparameters(t)["tag"].GetString()))
            .Should().BeEquivalentTo(new[] { (3.0, "x"), (3.0, "y"), (1.0, "x"), (1.0, "y"), (2.0, "x"), (2.0, "y") });
        // The best trial is the first with the lowest loss (value 1, tag x), named as Azure ML names it.
        var best = trials.Single(t => Hyperparameters(t)["value"].GetDouble() == 1.0 && Hyperparameters(t)["tag"].GetString() == "x");
        done.Definition.Properties["best_child_run_id"].Should().Be(best.Name);
        done.Definition.Properties["score"].Should().Be("1");
        var download = Path.Combine(ws.Home, "download");
        await ws.Client.DownloadAsync(submitted.Name, new DownloadOptions { DownloadPath = download, OutputName = "model" });
        (await File.ReadAllTextAsync(Path.Combine(download, "named-outputs", "model", "value.txt"))).Should().Be("1.0");
    }

    [Test]
    public async Task Seeded_random_sampling_draws_the_same_trials_every_time_and_another_seed_draws_others()
    {
        await using var ws = new TempWorkspace();
        SweepJob Random(int seed) => Sweep(ws, "python3 curve.py --value ${{search_space.value}} && echo ${{search_space.layers}}", new RandomSamplingAlgorithm { Seed = seed },
            ("value", new UniformParameter { MinValue = 0, MaxValue = 1 }), ("layers", new RandIntParameter(100))) with
        {
            Limits = new SweepJobLimits { MaxTotalTrials = 4, MaxConcurrentTrials = 4 },
        };

        async Task<List<string>> Drawn(int seed)
        {
            var done = await ws.WaitAsync((await ws.Client.SubmitAsync(Random(seed))).Name);
            done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
            return (await TrialsOf(ws, done.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Definition.Properties["hyperparameters"]).ToList();
        }

        var first = await Drawn(42);
        var again = await Drawn(42);
        var other = await Drawn(7);

        first.Should().HaveCount(4).And.OnlyHaveUniqueItems();
        again.Should().Equal(first);
        other.Should().NotIntersectWith(first);
    }

    [Test]
    public async Task A_bandit_policy_stops_the_trial_that_falls_outside_the_slack_and_lets_the_good_one_finish()
    {
        await using var ws = new TempWorkspace();
        var marker = Path.Combine(ws.Work, "finished.txt");
        // Trial "1" reports loss 1 three times and ends. Trial "10" waits for that (so no machine load can let it run
        // unopposed, as the bandit only compares trials that reached the same interval), then reports loss 10 a hundred
        // times, 0.1 s apart: ten seconds in which the policy must stop it.
        var sweep = Sweep(ws,
            $"python3 curve.py --value ${{{{search_space.value}}}} --reports $(( ${{{{search_space.value}}}} == 1 ? 3 : 100 )) --pause $(( ${{{{search_space.value}}}} == 1 ? 0 : 1 ))e-1 --wait $(( ${{{{search_space.value}}}} == 1 ? 0 : 1 )) --marker '{marker}'",
            new GridSamplingAlgorithm(), ("value", Choice(10, 1))) with
        {
            EarlyTermination = new BanditPolicy { SlackFactor = 0.1, EvaluationInterval = 1 },
        };

        var submitted = await ws.Client.SubmitAsync(sweep);
        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var trials = await TrialsOf(ws, submitted.Name);
        var bad = trials.Single(t => Hyperparameters(t)["value"].GetInt64() == 10);
        var good = trials.Single(t => Hyperparameters(t)["value"].GetInt64() == 1);
        good.Status.Should().Be(JobStatus.Completed);
        bad.Status.Should().Be(JobStatus.Canceled);
        (await ws.Client.GetRecordAsync(bad.Name)).Warnings.Should().Contain(w => w.Contains("bandit", StringComparison.Ordinal));
        (await ws.Client.GetRecordAsync(bad.Name)).Metrics["loss"].Count.Should().BeLessThan(100, "it was stopped before its last report");
        (await File.ReadAllLinesAsync(marker)).Should().Equal("finished 1.0");
        done.Definition.Properties["best_child_run_id"].Should().Be(good.Name);
    }

    [Test]
    public async Task Cancelling_a_sweep_cancels_its_running_trials_and_starts_no_more()
    {
        await using var ws = new TempWorkspace();
        var marker = Path.Combine(ws.Work, "started.txt");
        var sweep = Sweep(ws, $"echo ${{{{search_space.value}}}} >> '{marker}'; sleep 60", new GridSamplingAlgorithm(), ("value", Choice(1, 2, 3, 4))) with
        {
            Limits = new SweepJobLimits { MaxConcurrentTrials = 1 },
        };
        var submitted = await ws.Client.SubmitAsync(sweep);
        await Eventually.HoldsAsync(() => File.Exists(marker), "the first trial started");

        var canceled = await ws.Client.CancelAsync(submitted.Name);

        canceled.Status.Should().Be(JobStatus.Canceled);
        var trials = await TrialsOf(ws, submitted.Name);
        trials.Should().ContainSingle().Which.Status.Should().Be(JobStatus.Canceled);
        (await File.ReadAllLinesAsync(marker)).Should().Equal("1");
    }

    [Test]
    public async Task Trial_timeout_ends_each_slow_trial_and_max_total_trials_caps_the_draws()
    {
        await using var ws = new TempWorkspace();
        var sweep = Sweep(ws, "python3 curve.py --value ${{search_space.value}} && sleep ${{search_space.pause}}", new RandomSamplingAlgorithm { Seed = 3 },
            ("value", new UniformParameter { MinValue = 0, MaxValue = 1 }), ("pause", Choice(0, 60))) with
        {
            Limits = new SweepJobLimits { MaxTotalTrials = 6, MaxConcurrentTrials = 6, TrialTimeout = TimeSpan.FromSeconds(15) },
        };

        var submitted = await ws.Client.SubmitAsync(sweep);
        var done = await ws.WaitAsync(submitted.Name);

        var trials = await TrialsOf(ws, submitted.Name);
        trials.Should().HaveCount(6);
        var slow = trials.Where(t => Hyperparameters(t)["pause"].GetInt64() == 60).ToList();
        var quick = trials.Where(t => Hyperparameters(t)["pause"].GetInt64() == 0).ToList();
        slow.Should().NotBeEmpty().And.OnlyContain(t => t.Status == JobStatus.Failed && t.Error!.Code == JobErrorCode.JobTimeout);
        quick.Should().NotBeEmpty().And.OnlyContain(t => t.Status == JobStatus.Completed);
        done.Status.Should().Be(JobStatus.Completed, "some trials completed");
        done.Definition.Properties["best_child_run_id"].Should().BeOneOf(quick.Select(t => t.Name));
    }
}
