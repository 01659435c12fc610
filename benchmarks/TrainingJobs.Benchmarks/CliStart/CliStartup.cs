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
/// <c>tj</c> is the CLI's apphost, <c>src/TrainingJobs.Cli/bin/Release/net10.0/tj</c>: the same launcher a
/// <c>dotnet tool install</c> puts on <c>PATH</c> (a native host that starts the runtime on <c>tj.dll</c>), or any
/// other command given with <c>--tj</c> (an installed tool's <c>tj</c>, a published one). <c>python3</c> is the
/// interpreter <c>python3</c> on <c>PATH</c> names (<c>sys.executable</c>), run directly: a version manager's shim (pyenv)
/// would otherwise add a shell script's start to the peer's side.
/// </para>
/// <para>
/// Printed: each side's wall time (median, p95) and CPU time (user + system of the process and the children it waited
/// for, from <c>getrusage</c>; it moves less with the machine's load than wall time), and the ratios of the medians.
/// Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- cli-start [runs] [--tj PATH]</c>.
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
        var tjIndex = rest.IndexOf("--tj");
        string? tjGiven = null;
        if (tjIndex >= 0 && tjIndex + 1 < rest.Count)
        {
            tjGiven = rest[tjIndex + 1];
            rest.RemoveRange(tjIndex, 2);
        }
        var runs = rest.Count > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 20;
        var tj = tjGiven ?? BuiltApphost();
        if (tj is null || !File.Exists(tj))
        {
            Console.Error.WriteLine($"cli-start: no tj at {tj ?? "src/TrainingJobs.Cli/bin/Release/net10.0/tj"}; build it first (dotnet build -c Release src/TrainingJobs.Cli) or name one with --tj.");
            return 2;
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
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cli-start: tj job create of `echo hello` into a fresh local workspace ({tj}) vs {python} -c \"{PythonImports}\"; " +
                $"{Environment.ProcessorCount} cores, load average {LoadAverage()}; {runs} runs of each, alternating, after a warm-up"));

            var sides = new Sides(tj, python, root, job);
            await sides.TjAsync(0);
            await sides.PythonAsync();
            var tjRuns = new List<Sample>();
            var pythonRuns = new List<Sample>();
            for (var run = 1; run <= runs; run++)
            {
                pythonRuns.Add(await sides.PythonAsync());
                tjRuns.Add(await sides.TjAsync(run));
            }

            Console.WriteLine(Line("python3", pythonRuns));
            Console.WriteLine(Line("tj job create", tjRuns));
            var wallRatio = Percentile(tjRuns.Select(s => s.WallMs), 50) / Percentile(pythonRuns.Select(s => s.WallMs), 50);
            var cpuRatio = Percentile(tjRuns.Select(s => s.CpuMs), 50) / Percentile(pythonRuns.Select(s => s.CpuMs), 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio tj / python3 (medians): wall {wallRatio:0.00} (target <= {Target:0.0}: {(wallRatio <= Target ? "met" : "not met")}), CPU {cpuRatio:0.00}; load average now {LoadAverage()}"));
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private sealed record Sample(double WallMs, double CpuMs);

    private sealed class Sides(string tj, string python, string root, string job)
    {
        public async Task<Sample> PythonAsync()
        {
            var (sample, result) = await MeasureAsync(python, ["-c", PythonImports], null, null);
            if (result.ExitCode != 0) throw new InvalidOperationException($"python3 failed ({result.ExitCode}): {result.Error}");
            return sample;
        }

        public async Task<Sample> TjAsync(int run)
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

    /// <summary><c>src/TrainingJobs.Cli/bin/Release/net10.0/tj</c> of the repository this benchmark was built in, found upwards from it.</summary>
    private static string? BuiltApphost()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TrainingJobs.Sdk.sln")))
            {
                return Path.Combine(folder.FullName, "src", "TrainingJobs.Cli", "bin", "Release", "net10.0", "tj");
            }
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
