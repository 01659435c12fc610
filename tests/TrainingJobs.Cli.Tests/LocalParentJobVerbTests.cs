using System.Text.Json;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Cli.Tests;

/// <summary>The <c>tj job</c> verbs on pipelines and sweeps run by the local backend.</summary>
[Parallelizable(ParallelScope.All)]
public class LocalParentJobVerbTests
{
    private const string Pipeline = """
        $schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
        type: pipeline
        experiment_name: cli-pipeline
        jobs:
          make:
            type: command
            command: echo made-by-step-make; echo 21 > ${{outputs.number}}/n.txt
            outputs:
              number:
                type: uri_folder
          double:
            type: command
            command: echo doubled-$(( $(cat ${{inputs.number}}/n.txt) * 2 ))
            inputs:
              number: ${{parent.jobs.make.outputs.number}}
        """;

    private const string Sweep = """
        $schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json
        type: sweep
        experiment_name: cli-sweep
        trial:
          code: ./src
          command: python3 log.py ${{search_space.value}} ${{outputs.model}}
          outputs:
            model:
              type: uri_folder
        search_space:
          value:
            type: choice
            values: [3, 1, 2]
        sampling_algorithm: grid
        objective:
          primary_metric: loss
          goal: minimize
        limits:
          max_total_trials: 3
          max_concurrent_trials: 3
        """;

    /// <summary>Logs loss = argv[1] to the trial's MLflow run and writes it into the model output (python3, standard library only).</summary>
    private const string LogScript = """
        import json, os, sys, time, urllib.request
        base = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/api/2.0/mlflow/"
        body = {"run_id": os.environ["MLFLOW_RUN_ID"], "key": "loss", "value": float(sys.argv[1]), "timestamp": int(time.time() * 1000), "step": 0}
        request = urllib.request.Request(base + "runs/log-metric", data=json.dumps(body).encode(), method="POST",
            headers={"Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"], "Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=30).read()
        open(os.path.join(sys.argv[2], "value.txt"), "w").write(sys.argv[1])
        """;

    [Test]
    public async Task Create_of_a_pipeline_streams_every_step_tagged_and_list_by_parent_lists_its_steps()
    {
        await using var ws = new LocalCliWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "pipeline.yml"), Pipeline);

        var (code, output, error) = await ws.RunAsync("job", "create", "--file", "pipeline.yml", "--name", "cli_pipe", "--stream");
        var (listCode, listed, listError) = await ws.RunAsync("job", "list", "--parent-job-name", "cli_pipe", "-o", "json");

        code.Should().Be(0, error);
        output.Should().Contain("[make] made-by-step-make").And.Contain("[double] doubled-42").And.Contain("Status: Completed");
        listCode.Should().Be(0, listError);
        using var json = JsonDocument.Parse(listed);
        json.RootElement.EnumerateArray().Select(j => j.GetProperty("name").GetString()).Should().BeEquivalentTo(["cli_pipe_make", "cli_pipe_double"]);
        json.RootElement.EnumerateArray().Should().OnlyContain(j => j.GetProperty("parent_job_name").GetString() == "cli_pipe");
    }

    [Test]
    public async Task Show_of_a_sweep_names_its_best_trial_and_objective_and_download_fetches_that_trials_outputs()
    {
        await using var ws = new LocalCliWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "sweep.yml"), Sweep);
        Directory.CreateDirectory(Path.Combine(ws.Root, "src"));
        File.WriteAllText(Path.Combine(ws.Root, "src", "log.py"), LogScript);

        var (code, _, error) = await ws.RunAsync("job", "create", "--file", "sweep.yml", "--name", "cli_sweep", "--stream");
        var (showCode, shown, showError) = await ws.RunAsync("job", "show", "--name", "cli_sweep");
        var (downloadCode, _, downloadError) = await ws.RunAsync("job", "download", "--name", "cli_sweep", "--output-name", "model", "--download-path", "fetched");

        code.Should().Be(0, error);
        showCode.Should().Be(0, showError);
        using var json = JsonDocument.Parse(shown);
        var properties = json.RootElement.GetProperty("properties");
        properties.GetProperty("best_child_run_id").GetString().Should().Be("cli_sweep_1");
        properties.GetProperty("score").GetString().Should().Be("1");
        downloadCode.Should().Be(0, downloadError);
        File.ReadAllText(Path.Combine(ws.Root, "fetched", "named-outputs", "model", "value.txt")).Should().Be("1");
    }

    [Test]
    public async Task Cancel_of_a_pipeline_cancels_its_running_step_and_skips_the_rest()
    {
        await using var ws = new LocalCliWorkspace();
        var marker = Path.Combine(ws.Root, "started");
        await ws.Client.SubmitAsync(new PipelineJob
        {
            Name = "cli_cancel",
            Steps = ValueMap.Of(
                ("slow", new PipelineStep { Job = new CommandJob { Command = $"touch '{marker}'; sleep 60", Outputs = ValueMap.Of(("out", new JobOutput())) } }),
                ("next", new PipelineStep
                {
                    Job = new CommandJob { Command = "true", Inputs = ValueMap.Of<JobInput>(("x", new BindingInput { Expression = "${{parent.jobs.slow.outputs.out}}" })) },
                })),
        });
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!File.Exists(marker)) await Task.Delay(20, patience.Token);
        }

        var (code, output, error) = await ws.RunAsync("job", "cancel", "--name", "cli_cancel");

        code.Should().Be(0, error);
        output.Should().Contain("Canceled");
        (await ws.Client.GetAsync("cli_cancel_slow")).Status.Should().Be(JobStatus.Canceled);
        (await ws.Client.GetAsync("cli_cancel_next")).Status.Should().Be(JobStatus.Canceled);
    }
}
