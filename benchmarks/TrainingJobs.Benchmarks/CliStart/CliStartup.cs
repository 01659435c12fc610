using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Benchmarks.CliStart;

/// <summary>
/// Issue 16's first target: <c>tj job create --file job.yml</c> of a trivial job (<c>command: echo hello</c>, no code,
/// no environment) on the local backend takes at most 1.5× a <c>python3 -c "import json, sqlite3, subprocess"</c>
/// start, measured in the same run. Both run as child processes, alternating, after one unmeasured warm-up of each;
/// each <c>tj</c> run gets a fresh, empty workspace (<c>TRAININGJOBS_HOME</c>), so it creates the workspace and its
/// database as a first submit does. The create returns once the job is recorded and its supervisor started (without
/// <c>--stream</c>, as users run it); the benchmark then waits, unmeasured, for the job to end, so that one run's
/// supervisor never competes with the next measurement.
/// <para>
/// Two <c>tj</c> builds are measured, in the same rounds: the JIT one, the CLI's apphost
/// <c>src/TrainingJobs.Cli/bin/Release/net10.0/tj</c> (the same launcher a <c>dotnet tool install</c> puts on
/// <c>PATH</c>: a native host that starts the runtime on <c>tj.dll</c>) or any other command given with <c>--tj</c>;
/// and the native one (NativeAOT), <c>artifacts/tj/&lt;rid&gt;/tj</c> as <c>dotnet publish -c Release -r &lt;rid&gt;
/// -p:PublishAot=true src/TrainingJobs.Cli</c> writes it, or the one given with <c>--native</c>; without either, the
/// JIT one alone. <c>python3</c> is the
/// interpreter <c>python3</c> on <c>PATH</c> names (<c>sys.executable</c>), run directly: a version manager's shim (pyenv)
/// would otherwise add a shell script's start to the peer's side.
/// </para>
/// <para>
/// Printed: each side's wall time (median, p95) and CPU time (user + system of the process and the children it waited
/// for, from <c>getrusage</c>; it moves less with the machine's load than wall time), and the ratios of the medians.
/// Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- cli-start [runs] [--tj PATH] [--native PATH]</c>.
/// </para>
/// </summary>
public static class CliStartup
{
    private const double Target = 1.5;

    private const string PythonImports = "import json, sqlite3, subprocess";

    // Generous: a run that takes this long is broken, not slow, and must not hang the benchmark.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args.Skip(1).ToList();
        var tjGiven = TakeOption(rest, "--tj");
        var nativeGiven = TakeOption(rest, "--native");
        var runs = rest.Count > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 20;
        var tj = tjGiven ?? FromRepository("src", "TrainingJobs.Cli", "bin", "Release", "net10.0", "tj");
        if (tj is null || !File.Exists(tj))
        {
            Console.Error.WriteLine($"cli-start: no tj at {tj ?? "src/TrainingJobs.Cli/bin/Release/net10.0/tj"}; build it first (dotnet build -c Release src/TrainingJobs.Cli) or name one with --tj.");
            return 2;
        }
        // The native tj is measured beside the JIT one when there is one: named, or the publish of this repository.
        var native = nativeGiven ?? FromRepository("artifacts", "tj", RuntimeInformation.RuntimeIdentifier, "tj");
        if (nativeGiven is not null && !File.Exists(nativeGiven))
        {
            Console.Error.WriteLine($"cli-start: no native tj at {nativeGiven}.");
            return 2;
        }
        if (native is not null && !File.Exists(native))
        {
            Console.WriteLine($"cli-start: no native tj at {native} (dotnet publish -c Release -r {RuntimeInformation.RuntimeIdentifier} -p:PublishAot=true src/TrainingJobs.Cli makes it); measuring the JIT tj only.");
            native = null;
        }
        var python = (await RunCapturedAsync("python3", ["-c", "import sys; print(sys.executable)"], null, null)).Output.Trim();
        if (python.Length == 0)
        {
            Console.Error.WriteLine("cli-start needs python3 on PATH.");
            return 2;
        }

        var root = Path.Combine(Path.GetTempPath(), "tj-bench-cli-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        try
        {
            var job = Path.Combine(root, "job.yml");
            await File.WriteAllTextAsync(job, "type: command\ncommand: echo hello\n");
            var tjs = new List<(string Label, string Path)> { ("tj job create (JIT)", tj) };
            if (native is not null) tjs.Add(("tj job create (native)", native));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cli-start: tj job create of `echo hello` into a fresh local workspace ({string.Join(", ", tjs.Select(t => t.Path))}) vs {python} -c \"{PythonImports}\"; " +
                $"{Environment.ProcessorCount} cores, load average {LoadAverage()}; {runs} runs of each, alternating, after a warm-up"));

            var sides = new Sides(python, root, job);
            foreach (var (_, path) in tjs) await sides.TjAsync(path, 0);
            await sides.PythonAsync();
            var tjRuns = tjs.Select(_ => new List<Sample>()).ToList();
            var pythonRuns = new List<Sample>();
            var run = 0;
            for (var round = 1; round <= runs; round++)
            {
                pythonRuns.Add(await sides.PythonAsync());
                for (var i = 0; i < tjs.Count; i++) tjRuns[i].Add(await sides.TjAsync(tjs[i].Path, ++run));
            }

            Console.WriteLine(Line("python3", pythonRuns));
            for (var i = 0; i < tjs.Count; i++) Console.WriteLine(Line(tjs[i].Label, tjRuns[i]));
            var pythonWall = Percentile(pythonRuns.Select(s => s.WallMs), 50);
            var pythonCpu = Percentile(pythonRuns.Select(s => s.CpuMs), 50);
            for (var i = 0; i < tjs.Count; i++)
            {
                var wallRatio = Percentile(tjRuns[i].Select(s => s.WallMs), 50) / pythonWall;
                var cpuRatio = Percentile(tjRuns[i].Select(s => s.CpuMs), 50) / pythonCpu;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ratio {tjs[i].Label} / python3 (medians): wall {wallRatio:0.00} (target <= {Target:0.0}: {(wallRatio <= Target ? "met" : "not met")}), CPU {cpuRatio:0.00}"));
            }
            Console.WriteLine($"load average now {LoadAverage()}");
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string? TakeOption(List<string> rest, string name)
    {
        var index = rest.IndexOf(name);
        if (index < 0 || index + 1 >= rest.Count) return null;
        var value = rest[index + 1];
        rest.RemoveRange(index, 2);
        return value;
    }

    private sealed record Sample(double WallMs, double CpuMs);

    private sealed class Sides(string python, string root, string job)
    {
        public async Task<Sample> PythonAsync()
        {
            var (sample, result) = await MeasureAsync(python, ["-c", PythonImports], null, null);
            if (result.ExitCode != 0) throw new InvalidOperationException($"python3 failed ({result.ExitCode}): {result.Error}");
            return sample;
        }

        public async Task<Sample> TjAsync(string tj, int run)
        {
            var home = Path.Combine(root, "home-" + run.ToString(CultureInfo.InvariantCulture));
            var (sample, result) = await MeasureAsync(tj, ["job", "create", "--file", job], root, new Dictionary<string, string?> { ["TRAININGJOBS_HOME"] = home });
            if (result.ExitCode != 0) throw new InvalidOperationException($"tj job create failed ({result.ExitCode}): {result.Error}");
            var name = JsonDocument.Parse(result.Output).RootElement.GetProperty("name").GetString()!;
            // Not measured: the job's supervisor runs on after the create, and must be done before the next run starts.
            var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = home }));
            using var patience = new CancellationTokenSource(Patience);
            var ended = await client.WaitForCompletionAsync(name, patience.Token);
            if (ended.Status != Sdk.Definitions.JobStatus.Completed) throw new InvalidOperationException($"the job of run {run} ended {ended.Status}: {ended.Error?.Message}");
            return sample;
        }
    }

    private sealed record Captured(int ExitCode, string Output, string Error);

    private static async Task<(Sample, Captured)> MeasureAsync(string program, string[] arguments, string? folder, Dictionary<string, string?>? environment)
    {
        var before = ChildrenCpuMs();
        var clock = Stopwatch.StartNew();
        var result = await RunCapturedAsync(program, arguments, folder, environment);
        var wall = clock.Elapsed.TotalMilliseconds;
        return (new Sample(wall, ChildrenCpuMs() - before), result);
    }

    private static async Task<Captured> RunCapturedAsync(string program, string[] arguments, string? folder, Dictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (folder is not null) start.WorkingDirectory = folder;
        foreach (var (key, value) in environment ?? []) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(patience.Token);
        return new Captured(process.ExitCode, await output, await error);
    }

    private static string Line(string label, List<Sample> samples) => string.Create(CultureInfo.InvariantCulture,
        $"{label}: wall median {Percentile(samples.Select(s => s.WallMs), 50):0} ms, p95 {Percentile(samples.Select(s => s.WallMs), 95):0} ms; " +
        $"CPU median {Percentile(samples.Select(s => s.CpuMs), 50):0} ms, p95 {Percentile(samples.Select(s => s.CpuMs), 95):0} ms (n={samples.Count})");

    private static double Percentile(IEnumerable<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    /// <summary>A path in the repository this benchmark was built in (found upwards from it), or null outside one.</summary>
    private static string? FromRepository(params string[] parts)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TrainingJobs.Sdk.sln"))) return Path.Combine([folder.FullName, .. parts]);
        }
        return null;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>User + system CPU time of the children this process has waited for, in milliseconds.</summary>
    private static double ChildrenCpuMs()
    {
        if (GetResourceUsage(-1 /* RUSAGE_CHILDREN */, out var usage) != 0) return double.NaN;
        return (usage.UserSeconds + usage.SystemSeconds) * 1000.0 + (usage.UserMicroseconds + usage.SystemMicroseconds) / 1000.0;
    }

    /// <summary>The head of Linux's <c>struct rusage</c> on 64-bit: two <c>timeval</c>s, then fields not read here.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 14)]
        public long[] Rest;
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);
}
