using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Sdk.Docs.Snippets.Pipelines;

/// <summary>The local pipeline of docs/pipelines-and-sweeps.md; compiled and run by the test project.</summary>
public static class LocalPipelineSnippet
{
    /// <summary>Builds the documented diamond (no workspace needed).</summary>
    public static PipelineJob Build()
    {
        #region Snippet:DiamondPipeline
        // A step needs an environment (a placeholder name here); locally, one with no entry in environments.json runs on
        // the machine's own tools (warning TJ4006).
        static CommandJobBuilder Shell() => new CommandJobBuilder().WithEnvironment("azureml:shell-tools:1");

        // prep writes numbers; square and total each read them; report reads both.
        var numbers = Output.UriFolder("numbers");
        var prep = Shell().WithCommand($"seq 1 10 > {numbers}/numbers.txt").AsStep("prep");

        var numbersIn = Input.UriFolder("numbers");
        var squares = Output.UriFolder("squares");
        var square = Shell()
            .WithCommand($"while read n; do echo $((n * n)); done < {numbersIn}/numbers.txt > {squares}/squares.txt")
            .AsStep("square")
            .WithInput(numbersIn, prep.Output(numbers));  // ${{parent.jobs.prep.outputs.numbers}}: an edge

        var total = Output.UriFolder("total");
        var sum = Shell()
            .WithCommand($"s=0; while read n; do s=$((s + n)); done < {numbersIn}/numbers.txt; echo $s > {total}/total.txt")
            .AsStep("total")
            .WithInput(numbersIn, prep.Output(numbers));

        var squaresIn = Input.UriFolder("squares");
        var totalIn = Input.UriFolder("total");
        var summary = Output.UriFolder("summary");
        var report = Shell()
            .WithCommand($"echo \"sum=$(cat {totalIn}/total.txt) squares=$(wc -l < {squaresIn}/squares.txt)\" | tee {summary}/report.txt")
            .AsStep("report")
            .WithInput(squaresIn, square.Output(squares))
            .WithInput(totalIn, sum.Output(total))
            .WithOutput(summary, Output.UriFolder("report")); // ${{parent.outputs.report}}

        PipelineJob pipeline = new PipelineJobBuilder()
            .WithDisplayName("numbers diamond")
            .WithSteps(prep, square, sum, report)
            .Build();
        #endregion
        return pipeline;
    }

    /// <summary>Submits the diamond to a local workspace, streams it, waits, lists its steps and downloads its output.</summary>
    public static async Task<(Job Pipeline, List<Job> Steps, List<string> Lines, DownloadResult Download)> RunAsync(string workspace, string downloadPath)
    {
        var pipeline = Build();
        #region Snippet:RunLocalPipeline
        var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(
            new LocalWorkspaceOptions { Home = workspace, MaxConcurrentJobs = 2 })); // square and total run side by side

        var job = await client.SubmitAsync(pipeline);
        var lines = new List<string>();
        await foreach (var e in client.StreamAsync(job.Name))
        {
            if (e is JobLogEvent log) lines.Add($"[{e.StepName}] {log.Text}"); // every event names its step
        }

        Job finished = await client.WaitForCompletionAsync(job.Name);
        var steps = new List<Job>();
        await foreach (var step in client.GetJobsAsync(new JobQuery { ParentJobName = job.Name })) steps.Add(step);
        DownloadResult download = await client.DownloadAsync(job.Name, new DownloadOptions { All = true, DownloadPath = downloadPath });
        #endregion
        return (finished, steps, lines, download);
    }
}
