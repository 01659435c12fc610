using System.Diagnostics;
using TrainingJobs.Benchmarks.PipelineDag;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// The pipeline-versus-make benchmark's DAG (benchmarks/…/PipelineDag/StepDag.cs): repeatable for a seed, of the
/// documented shape, and rendered as the same graph for GNU make and as a pipeline.
/// </summary>
public class PipelineDagBenchmarkTests
{
    [Test]
    public void A_seed_always_gives_the_same_dag_and_another_seed_another()
    {
        var dag = StepDag.Generate(200);

        StepDag.Generate(200).Upstream.Should().BeEquivalentTo(dag.Upstream, o => o.WithStrictOrdering());
        StepDag.Generate(200, seed: 13).Upstream.Should().NotBeEquivalentTo(dag.Upstream, o => o.WithStrictOrdering());
        // Pinned: a change to the generator would silently change what the published figures measured.
        dag.EdgeCount.Should().Be(EdgesOfSeed12);
    }

    [Test]
    public void Every_step_depends_on_zero_to_three_distinct_earlier_steps()
    {
        var dag = StepDag.Generate(200);

        dag.Count.Should().Be(200);
        for (var i = 0; i < dag.Count; i++)
        {
            dag.Upstream[i].Should().HaveCountLessThanOrEqualTo(Math.Min(3, i)).And.OnlyHaveUniqueItems().And.BeInAscendingOrder();
            dag.Upstream[i].Where(u => u < 0 || u >= i).Should().BeEmpty("an edge only points forward, so the graph is acyclic");
        }
        Enumerable.Range(0, 4).Select(k => dag.Upstream.Skip(3).Count(u => u.Count == k))
            .Should().OnlyContain(n => n > 30, "k is drawn uniformly from 0..3: each count is about a quarter of the steps");
        dag.LongestChain.Should().Be(11, "the shape the benchmark's documentation describes: a chain of about a dozen steps");
        dag.Name(7).Should().Be("s007");
        StepDag.Generate(1500).Name(7).Should().Be("s0007");
    }

    [Test]
    public async Task Make_remakes_exactly_a_step_and_everything_downstream_of_it()
    {
        var dag = StepDag.Generate(40);
        var folder = Path.Combine(Path.GetTempPath(), "tj-dag-make-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "Makefile"), dag.ToMakefile());
            (await MakeAsync(folder, "-j", "4", "-r", "all")).ExitCode.Should().Be(0);
            Enumerable.Range(0, dag.Count).Should().OnlyContain(i => File.Exists(Path.Combine(folder, dag.Name(i))), "every target leaves its stamp");

            // The Makefile encodes exactly the DAG's edges: without step r's stamp, make would redo r and its descendants, nothing else.
            var root = Enumerable.Range(0, dag.Count).First(i => Downstream(dag, i).Count > 3);
            File.Delete(Path.Combine(folder, dag.Name(root)));
            var dryRun = await MakeAsync(folder, "-n", "-r", "all");

            var redone = dryRun.Output.Split('\n').Where(l => l.StartsWith("touch ", StringComparison.Ordinal)).Select(l => l["touch ".Length..].Trim());
            redone.Should().BeEquivalentTo(Downstream(dag, root).Append(root).Select(dag.Name));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void The_pipeline_has_one_true_step_per_node_with_an_input_bound_to_each_upstream_output()
    {
        var dag = StepDag.Generate(200);

        var pipeline = dag.ToPipeline(forceRerun: true);

        pipeline.Settings!.ForceRerun.Should().BeTrue();
        pipeline.Steps.Keys.Should().Equal(Enumerable.Range(0, dag.Count).Select(dag.Name));
        for (var i = 0; i < dag.Count; i++)
        {
            var job = (CommandJob)pipeline.Steps[dag.Name(i)].Job;
            job.Command.Should().Be("true");
            job.Outputs.Keys.Should().Equal("out");
            job.Inputs.Values.Cast<BindingInput>().Select(b => b.Expression)
                .Should().Equal(dag.Upstream[i].Select(u => "${{parent.jobs." + dag.Name(u) + ".outputs.out}}"));
        }
        // Valid but for the environment the steps leave out, which the local backend does not need.
        pipeline.Validate().Where(d => d.IsError && !(d.Code == "TJ0001" && d.Path.EndsWith(".environment", StringComparison.Ordinal)))
            .Should().BeEmpty();
    }

    private const int EdgesOfSeed12 = 298;

    private static List<int> Downstream(StepDag dag, int step)
    {
        var found = new SortedSet<int>();
        for (var i = step + 1; i < dag.Count; i++)
        {
            if (dag.Upstream[i].Any(u => u == step || found.Contains(u))) found.Add(i);
        }
        return [.. found];
    }

    private static async Task<(int ExitCode, string Output)> MakeAsync(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("make", args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var variable in new[] { "MAKEFLAGS", "MFLAGS", "MAKELEVEL" }) start.Environment.Remove(variable);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
