using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TrainingJobs.Benchmarks.Streaming;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Benchmarks.Supervision;

/// <summary>
/// The native (NativeAOT) supervisor against the JIT one, in one run: resident memory of the supervisor while its
/// job (<c>sleep</c>) runs, read from <c>/proc/&lt;pid&gt;/status</c> (VmRSS, and VmHWM, its peak); the supervisor's
/// start (exec to exit on a workspace that does not exist: runtime start-up and argument handling, no job); and
/// submit → first log line p50/p95 (the streaming mode's measurement, with each supervisor).
/// Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- supervisor [native-path]</c>; the
/// native path defaults to what <c>dotnet publish -c Release -r &lt;rid&gt; -p:PublishAot=true src/TrainingJobs.Supervisor</c>
/// writes (artifacts/supervisor/&lt;rid&gt;/TrainingJobs.Supervisor).
/// </summary>
public static class SupervisorFootprint
{
    public static async Task<int> RunAsync(string[] args)
    {
        var native = args.Length > 1 ? Path.GetFullPath(args[1]) : DefaultNative();
        var jit = Path.Combine(AppContext.BaseDirectory, "TrainingJobs.Supervisor.dll");
        if (native is null || !File.Exists(native))
        {
            Console.Error.WriteLine($"No native supervisor ({native ?? "artifacts/supervisor/<rid>/ not found"}): publish it first (see the mode's docs).");
            return 2;
        }
        foreach (var (flavour, path) in new[] { ("native", native), ("jit", jit) })
        {
            var home = Path.Combine(Path.GetTempPath(), "tj-bench-" + Guid.NewGuid().ToString("N")[..10]);
            var options = new LocalWorkspaceOptions { Home = home, SupervisorPath = path, MaxConcurrentJobs = 4 };
            var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(options));
            try
            {
                var (rss, peak) = await ResidentWhileRunningAsync(client, home);
                var start = await StartSamplesAsync(path, home);
                var firstLine = await StreamingEndToEnd.SubmitToFirstLineSamplesAsync(client);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{flavour,-6} supervisor: RSS while its job runs {Median(rss):0.0} MB (peak VmHWM {Median(peak):0.0} MB, n={rss.Count}); " +
                    $"start (exec -> exit) p50 {StreamingEndToEnd.Percentile(start, 50):0.0} ms, p95 {StreamingEndToEnd.Percentile(start, 95):0.0} ms; " +
                    $"submit -> first log line p50 {StreamingEndToEnd.Percentile(firstLine, 50):0} ms, p95 {StreamingEndToEnd.Percentile(firstLine, 95):0} ms (n={firstLine.Count})"));
            }
            finally
            {
                Directory.Delete(home, recursive: true);
            }
        }
        return 0;
    }

    /// <summary>Three <c>sleep</c> jobs, one at a time: the supervisor's VmRSS and VmHWM (MB) a moment after its job started.</summary>
    private static async Task<(List<double> Rss, List<double> Peak)> ResidentWhileRunningAsync(TrainingJobsClient client, string home)
    {
        List<double> rss = [], peak = [];
        for (var i = 0; i < 3; i++)
        {
            // The job's shell is the supervisor's child: $PPID is the supervisor.
            var job = await client.SubmitAsync(new CommandJob { Command = "echo $PPID > supervisor.pid; sleep 30" });
            var pidFile = Path.Combine(home, "jobs", job.Name, "code", "supervisor.pid");
            await foreach (var e in client.StreamAsync(job.Name))
            {
                if (e is JobStatusEvent { Status: var current } && current == JobStatus.Running) break;
            }
            while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0) await Task.Delay(10);
            // Settled: the supervisor is waiting on its job, as it does for almost all of a job's life.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
            var status = await File.ReadAllLinesAsync($"/proc/{pid}/status");
            rss.Add(Kilobytes(status, "VmRSS:") / 1024.0);
            peak.Add(Kilobytes(status, "VmHWM:") / 1024.0);
            await client.CancelAsync(job.Name);
        }
        return (rss, peak);
    }

    /// <summary>Twenty starts of the supervisor against a workspace that does not exist: it starts, finds no database and exits.</summary>
    private static async Task<List<double>> StartSamplesAsync(string supervisor, string home)
    {
        var missing = Path.Combine(home, "missing");
        var samples = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var start = supervisor.EndsWith(".dll", StringComparison.Ordinal)
                ? new ProcessStartInfo("dotnet", ["exec", supervisor])
                : new ProcessStartInfo(supervisor);
            foreach (var argument in new[] { "--home", missing, "--job", "none", "--limit", "1", "--grace-ms", "1000" }) start.ArgumentList.Add(argument);
            start.RedirectStandardOutput = start.RedirectStandardError = true;
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        return samples;
    }

    private static long Kilobytes(string[] status, string key) =>
        long.Parse(status.Single(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private static double Median(List<double> values) => StreamingEndToEnd.Percentile(values, 50);

    /// <summary>artifacts/supervisor/&lt;rid&gt;/TrainingJobs.Supervisor of the repository the benchmark was built in.</summary>
    private static string? DefaultNative()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "artifacts", "supervisor", RuntimeInformation.RuntimeIdentifier, "TrainingJobs.Supervisor");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
