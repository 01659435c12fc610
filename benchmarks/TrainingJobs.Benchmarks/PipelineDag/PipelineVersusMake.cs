using System.Diagnostics;
using System.Globalization;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Benchmarks.PipelineDag;

/// <summary>
/// Issue 12's pipeline benchmark: a DAG of trivial steps (<see cref="StepDag"/>, default 200 steps) run as a local
/// pipeline and by GNU make with the same parallelism, in the same run, alternating, after unmeasured warm-ups (one
/// of make, <c>--warmups</c> of the pipeline, default 3: this process's JIT tiers up the client's code over them).
/// make: the generated Makefile in a fresh folder, <c>make -j P -r</c> (no built-in rules: make does only what the Makefile says), timed
/// around the make process. Pipeline: <see cref="StepDag.ToPipeline"/> submitted to a fresh
/// local workspace with <c>MaxConcurrentJobs = P</c>, timed from <c>SubmitAsync</c> until
/// <c>WaitForCompletionAsync</c> returns the terminal pipeline. <c>force_rerun</c> is set because the steps are
/// identical commands over empty folders: reuse would otherwise skip most of them, and make runs every target.
/// Prints each repetition, the medians, the ratio pipeline ÷ make (target ≤ 2×), the scheduling overhead per step,
/// and the serial cost per step at P = 1 (one run of each; <c>--no-serial</c> skips it), each with where a step's time
/// goes (from the step jobs' status histories).
/// Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- pipeline-dag [steps] [parallelism] [--reps N] [--warmups N] [--seed S] [--no-serial] [--make-only]</c>.
/// </summary>
public static class PipelineVersusMake
{
    private const double Target = 2.0;

    // Generous: a run that takes this long is broken, not slow, and must not hang the benchmark.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args.Skip(1).ToList();
        var repetitions = TakeOption(rest, "--reps") ?? 3;
        var warmups = TakeOption(rest, "--warmups") ?? 3;
        var seed = (ulong)(TakeOption(rest, "--seed") ?? (int)StepDag.DefaultSeed);
        var serial = !rest.Remove("--no-serial");
        // The make side alone: its figures for a machine, and a check of the generated Makefile.
        var makeOnly = rest.Remove("--make-only");
        var steps = rest.Count > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 200;
        var parallelism = rest.Count > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 4;

        var makeVersion = await MakeVersionAsync();
        if (makeVersion is null)
        {
            Console.Error.WriteLine("pipeline-dag needs GNU make on PATH.");
            return 2;
        }

        var dag = StepDag.Generate(steps, seed);
        var root = Path.Combine(Path.GetTempPath(), "tj-bench-dag-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pipeline-dag: {dag.Count} steps (seed {seed}): {dag.EdgeCount} edges, {dag.RootCount} roots, longest chain {dag.LongestChain} steps; " +
                $"parallelism {parallelism}; {makeVersion}; {Environment.ProcessorCount} cores; {repetitions} repetitions after {warmups} warm-ups of the pipeline"));
            var runs = new Runs(dag, root);

            // Warm-up, not measured: JIT in this process, the supervisor's files and make in the page cache.
            await runs.MakeAsync(parallelism);
            if (makeOnly)
            {
                var alone = new List<double>();
                for (var rep = 0; rep < repetitions; rep++) alone.Add(await runs.MakeAsync(parallelism));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"make alone: median {Median(alone):0.000} s ({string.Join(", ", alone.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))}); {Median(alone) * parallelism / dag.Count * 1000:0.00} ms of slot time per step"));
                return 0;
            }
            // Several for the pipeline: after one, this process's tiered JIT was still recompiling the client's hot
            // paths through the next runs (a perf profile showed 0.8 s of its background compiler's CPU inside the
            // measured window, on a 2-core machine where the steps compete for the same cores).
            for (var warmup = 0; warmup < warmups; warmup++) await runs.PipelineAsync(parallelism);

            var make = new List<double>();
            var pipeline = new List<double>();
            (double Seconds, Job? Pipeline, List<Job> Steps) last = (0, null, []);
            for (var rep = 1; rep <= repetitions; rep++)
            {
                make.Add(await runs.MakeAsync(parallelism));
                last = await runs.PipelineWithStepsAsync(parallelism);
                pipeline.Add(last.Seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  rep {rep}: make {make[^1]:0.000} s, pipeline {pipeline[^1]:0.000} s"));
            }

            var makeMedian = Median(make);
            var pipelineMedian = Median(pipeline);
            var ratio = pipelineMedian / makeMedian;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median: make {makeMedian:0.000} s, pipeline {pipelineMedian:0.000} s; ratio pipeline/make {ratio:0.00}x " +
                $"(target <= {Target:0}x: {(ratio <= Target ? "met" : "missed")})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scheduling overhead per step: (pipeline wall - make wall) x P / steps = ({pipelineMedian:0.000} - {makeMedian:0.000}) s x {parallelism} / {dag.Count} = " +
                $"{(pipelineMedian - makeMedian) * parallelism / dag.Count * 1000:0.0} ms"));
            Console.WriteLine("  (while both keep P slots busy, the extra wall time times P is the slot time the pipeline spends beyond make's;");
            Console.WriteLine("   spread over the steps, it is what the local backend adds to each step: planning and starting its job, the");
            Console.WriteLine("   supervisor and process, recording its states and outputs, and noticing that it ended)");
            PrintPhases($"P={parallelism}, last repetition", last, parallelism);

            if (serial && parallelism != 1)
            {
                var makeSerial = await runs.MakeAsync(1);
                var serialRun = await runs.PipelineWithStepsAsync(1);
                var pipelineSerial = serialRun.Seconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"serial (P=1, one run each): make {makeSerial:0.000} s, pipeline {pipelineSerial:0.000} s; per step (pipeline - make) / steps = " +
                    $"{(pipelineSerial - makeSerial) / dag.Count * 1000:0.0} ms, make alone {makeSerial / dag.Count * 1000:0.00} ms per step"));
                PrintPhases("P=1", serialRun, 1);
            }
            if (parallelism > Environment.ProcessorCount)
            {
                Console.WriteLine($"  note: P = {parallelism} exceeds the {Environment.ProcessorCount} cores, so the per-step overhead at P also counts waiting for a core;");
                Console.WriteLine("  the serial figure is the cleaner cost of one step");
            }
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Where a step's time goes, from the status history each step job records (millisecond resolution): each status
    /// to the next ("Running" is the command itself; "Queued" includes waiting for a free slot), and in a serial run
    /// the wait between the previous step's end and this one being queued (the driver noticing and planning it).
    /// </summary>
    private static void PrintPhases(string label, (double Seconds, Job? Pipeline, List<Job> Steps) run, int parallelism)
    {
        var (steps, serial) = (run.Steps, parallelism == 1);
        static DateTimeOffset? At(Job job, JobStatus status) => job.StatusHistory.FirstOrDefault(c => c.Status == status)?.ChangedOn;
        var ordered = steps.Where(s => At(s, JobStatus.Queued) is not null).OrderBy(s => At(s, JobStatus.Queued)).ToList();
        var phases = new (string Name, Func<int, double?> Of)[]
        {
            ("previous step Completed -> Queued", i => i == 0 || !serial ? null : Ms(At(ordered[i - 1], JobStatus.Completed), At(ordered[i], JobStatus.Queued))),
            ("Queued -> Preparing", i => Ms(At(ordered[i], JobStatus.Queued), At(ordered[i], JobStatus.Preparing))),
            ("Preparing -> Running", i => Ms(At(ordered[i], JobStatus.Preparing), At(ordered[i], JobStatus.Running))),
            ("Running -> Finalizing", i => Ms(At(ordered[i], JobStatus.Running), At(ordered[i], JobStatus.Finalizing))),
            ("Finalizing -> Completed", i => Ms(At(ordered[i], JobStatus.Finalizing), At(ordered[i], JobStatus.Completed))),
        };
        var parts = phases.Select(p => (p.Name, Values: Enumerable.Range(0, ordered.Count).Select(p.Of).OfType<double>().ToList()))
            .Where(p => p.Values.Count > 0)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {Median(p.Values):0} ms"));
        Console.WriteLine($"  {label}, step phases (medians over the steps): " + string.Join(", ", parts));

        // How much of the wall time the P slots held a step (Preparing to Completed); the rest is the pipeline starting
        // (submit to its first step), the driver between steps, and its end.
        var busy = ordered.Select(s => Ms(At(s, JobStatus.Preparing), At(s, JobStatus.Completed)) ?? 0).Sum();
        var firstStep = ordered.Count > 0 && run.Pipeline is { } p ? Ms(p.CreatedOn, At(ordered[0], JobStatus.Preparing)) : null;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label}: slots held a step {busy / (parallelism * run.Seconds * 1000):P0} of the wall time; submit -> first step Preparing {firstStep:0} ms"));

        static double? Ms(DateTimeOffset? from, DateTimeOffset? to) => from is { } f && to is { } t ? (t - f).TotalMilliseconds : null;
    }

    private static int? TakeOption(List<string> args, string name)
    {
        var at = args.IndexOf(name);
        if (at < 0) return null;
        var value = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
        args.RemoveRange(at, 2);
        return value;
    }

    private static async Task<string?> MakeVersionAsync()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("make", ["--version"]) { RedirectStandardOutput = true })!;
            var first = (await process.StandardOutput.ReadToEndAsync()).Split('\n')[0].Trim();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 && first.StartsWith("GNU Make", StringComparison.Ordinal) ? first : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>One measured run of each side; every run gets its own fresh folder or workspace under the root.</summary>
    private sealed class Runs(StepDag dag, string root)
    {
        private readonly PipelineJob _pipeline = dag.ToPipeline(forceRerun: true);
        private int _count;

        /// <summary>Runs make on the DAG; returns its wall time in seconds.</summary>
        public async Task<double> MakeAsync(int parallelism)
        {
            var folder = Path.Combine(root, $"make-{++_count}");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "Makefile"), dag.ToMakefile());
            var start = new ProcessStartInfo("make", ["-j", parallelism.ToString(CultureInfo.InvariantCulture), "-r", "all"])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // A make that runs this benchmark (make bench) must not hand its jobserver or flags to this one.
            foreach (var variable in new[] { "MAKEFLAGS", "MFLAGS", "MAKELEVEL" }) start.Environment.Remove(variable);

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var patience = new CancellationTokenSource(Patience);
            await process.WaitForExitAsync(patience.Token);
            var seconds = clock.Elapsed.TotalSeconds;
            await output;

            var stamps = Enumerable.Range(0, dag.Count).Count(i => File.Exists(Path.Combine(folder, dag.Name(i))));
            if (process.ExitCode != 0 || stamps != dag.Count)
            {
                throw new InvalidOperationException($"make exited {process.ExitCode} with {stamps} of {dag.Count} targets made: {await error}");
            }
            return seconds;
        }

        /// <summary>Runs the DAG as a pipeline in a fresh workspace; returns its wall time in seconds.</summary>
        public async Task<double> PipelineAsync(int parallelism) => (await PipelineWithStepsAsync(parallelism)).Seconds;

        /// <summary>Runs the DAG as a pipeline in a fresh workspace; returns its wall time in seconds, the pipeline and its step jobs.</summary>
        public async Task<(double Seconds, Job? Pipeline, List<Job> Steps)> PipelineWithStepsAsync(int parallelism)
        {
            var home = Path.Combine(root, $"workspace-{++_count}");
            var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = home, MaxConcurrentJobs = parallelism }));
            using var patience = new CancellationTokenSource(Patience);

            // The workspace (folder, database) is made by a first job, outside the clock: creating it is not scheduling.
            var first = await client.SubmitAsync(new CommandJob { Command = "true" }, cancellationToken: patience.Token);
            await client.WaitForCompletionAsync(first.Name, patience.Token);

            var clock = Stopwatch.StartNew();
            var submitted = await client.SubmitAsync(_pipeline, cancellationToken: patience.Token);
            var finished = await client.WaitForCompletionAsync(submitted.Name, patience.Token);
            var seconds = clock.Elapsed.TotalSeconds;

            var children = new List<Job>();
            await foreach (var child in client.GetJobsAsync(new JobQuery { ParentJobName = finished.Name }, patience.Token)) children.Add(child);
            var completed = children.Count(c => c.Status == JobStatus.Completed);
            if (finished.Status != JobStatus.Completed || completed != dag.Count)
            {
                throw new InvalidOperationException(
                    $"the pipeline ended {finished.Status} with {completed} of {dag.Count} steps completed ({children.Count} listed): {finished.Error?.Message}");
            }
            return (seconds, finished, children);
        }
    }
}
