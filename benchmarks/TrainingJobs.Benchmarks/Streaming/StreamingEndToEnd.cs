using System.Diagnostics;
using System.Globalization;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Benchmarks.Streaming;

/// <summary>
/// End-to-end streaming figures on real jobs in a temp workspace (not a BenchmarkDotNet run: these are latencies
/// between processes): submit → first log line; line written → event delivered (p50/p95); a 100 MB log streamed,
/// in blocks (<see cref="StreamOptions.LogLinesInBlocks"/>) and line by line, as a ratio to <c>cat</c> of the same
/// file in the same run; and peak memory while streaming 10 MB and 100 MB.
/// Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- streaming [--logs-only]</c>.
/// </summary>
public static class StreamingEndToEnd
{
    /// <param name="logsOnly">Only the large logs (<c>-- streaming --logs-only</c>), not the latencies.</param>
    public static async Task<int> RunAsync(bool logsOnly)
    {
        var home = Path.Combine(Path.GetTempPath(), "tj-bench-" + Guid.NewGuid().ToString("N")[..10]);
        var client = new TrainingJobsClient(new LocalWorkspaceOptions { Home = home });
        try
        {
            if (!logsOnly)
            {
                await SubmitToFirstLineAsync(client);
                await LineLatencyAsync(client);
            }
            // Warm-up (JIT, pools, page cache) so the first measured size does not carry one-off costs.
            await BigLogAsync(client, home, 1, print: false);
            await BigLogAsync(client, home, 10);
            await BigLogAsync(client, home, 100);
            return 0;
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task SubmitToFirstLineAsync(TrainingJobsClient client)
    {
        var cold = await SubmitToFirstLineOnceAsync(client);
        var samples = await SubmitToFirstLineSamplesAsync(client);
        Console.WriteLine($"submit -> first log line: p50 {Percentile(samples, 50):0} ms, p95 {Percentile(samples, 95):0} ms (n={samples.Count}, after the process's first submit, cold: {cold:0} ms)");
    }

    /// <summary>
    /// Twenty times: submit an <c>echo</c> job and stream it until its first log line; the milliseconds each took. The
    /// caller's first submit of the process pays for compiling the client's code (the JIT, a few hundred milliseconds
    /// once): measure it apart (<see cref="SubmitToFirstLineOnceAsync"/>) so that it is reported, not taken for the tail.
    /// </summary>
    internal static async Task<List<double>> SubmitToFirstLineSamplesAsync(TrainingJobsClient client)
    {
        var samples = new List<double>();
        for (var i = 0; i < 20; i++) samples.Add(await SubmitToFirstLineOnceAsync(client));
        return samples;
    }

    /// <summary>One <c>echo</c> job: milliseconds from the submit call to its first log line, then waits for it to end.</summary>
    internal static async Task<double> SubmitToFirstLineOnceAsync(TrainingJobsClient client)
    {
        var clock = Stopwatch.StartNew();
        var job = await client.SubmitAsync(new CommandJob { Command = "echo first-line" });
        var elapsed = double.NaN;
        await foreach (var e in client.StreamAsync(job.Name))
        {
            if (e is JobLogEvent)
            {
                elapsed = clock.Elapsed.TotalMilliseconds;
                break;
            }
        }
        await client.WaitForCompletionAsync(job.Name);
        if (double.IsNaN(elapsed)) throw new InvalidOperationException($"Job {job.Name} ended without a log line.");
        return elapsed;
    }

    private static async Task LineLatencyAsync(TrainingJobsClient client)
    {
        // The job prints its wall-clock time (ns) every 20 ms; the stream compares it with the time of delivery.
        var job = await client.SubmitAsync(new CommandJob
        {
            Command = "python3 -c \"import time\nfor i in range(300):\n    print(time.time_ns(), flush=True)\n    time.sleep(0.02)\"",
        });
        var samples = new List<double>();
        await foreach (var e in client.StreamAsync(job.Name))
        {
            if (e is JobLogEvent log && long.TryParse(log.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var writtenNs))
            {
                var nowNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
                samples.Add((nowNs - writtenNs) / 1e6);
            }
        }
        Console.WriteLine($"line written -> event delivered: p50 {Percentile(samples, 50):0.0} ms, p95 {Percentile(samples, 95):0.0} ms, max {samples.Max():0.0} ms (n={samples.Count}; target p95 <= 100 ms)");
    }

    private static async Task BigLogAsync(TrainingJobsClient client, string home, int megabytes, bool print = true)
    {
        var lines = megabytes * 1024 * 1024 / 100;
        var job = await client.SubmitAsync(new CommandJob { Command = $"yes '{new string('x', 99 - 9)} log-line' 2>/dev/null | head -n {lines}" });
        await client.WaitForCompletionAsync(job.Name);
        var log = Path.Combine(home, "jobs", job.Name, "artifacts", "user_logs", "std_log.txt");
        var bytes = new FileInfo(log).Length;

        // Best of five rounds for each, alternating, so each reads a warm page cache; five because a round now and then runs at half speed on this shared machine.
        double catSeconds = double.MaxValue, streamSeconds = double.MaxValue, textSeconds = double.MaxValue;
        double blockSeconds = double.MaxValue, blockLineSeconds = double.MaxValue;
        long blockPeakWorkingSet = 0;
        long peakWorkingSet = 0, peakHeap = 0, peakAbsolute = 0;
        for (var round = 0; round < 5; round++)
        {
            var cat = Stopwatch.StartNew();
            using (var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"cat '{log}' > /dev/null"]))!)
            {
                await process.WaitForExitAsync();
            }
            catSeconds = Math.Min(catSeconds, cat.Elapsed.TotalSeconds);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var baseline = Environment.WorkingSet;
            var clock = Stopwatch.StartNew();
            long count = 0;
            await foreach (var e in client.StreamAsync(job.Name, new StreamOptions { IncludeMetrics = false }))
            {
                // Sampled every 10,000 lines (≈ 1 MB): 10 samples for 10 MB, 100 for 100 MB.
                if (e is JobLogEvent && ++count % 10_000 == 0)
                {
                    var workingSet = Environment.WorkingSet;
                    peakAbsolute = Math.Max(peakAbsolute, workingSet);
                    peakWorkingSet = Math.Max(peakWorkingSet, workingSet - baseline);
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                }
            }
            streamSeconds = Math.Min(streamSeconds, clock.Elapsed.TotalSeconds);
            if (count != lines) throw new InvalidOperationException($"streamed {count} lines, expected {lines}");

            // In blocks (StreamOptions.LogLinesInBlocks), counting the lines as the loop above counts events.
            clock.Restart();
            long blockLines = 0, blocks = 0, end = 0;
            await foreach (var e in client.StreamAsync(job.Name, new StreamOptions { IncludeMetrics = false, LogLinesInBlocks = true }))
            {
                if (e is not JobLogBlockEvent block) continue;
                blockLines += block.CountLines();
                end = block.NextOffset;
            }
            blockSeconds = Math.Min(blockSeconds, clock.Elapsed.TotalSeconds);
            if (blockLines != lines || end != bytes) throw new InvalidOperationException($"streamed {blockLines} lines to offset {end} in blocks, expected {lines} to {bytes}");

            // In blocks, every line found and its bytes looked at (as a consumer that filters or copies lines); the
            // memory is sampled in this pass, every 64 blocks (≈ 4 MB), so that reading /proc stays out of the one above.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            baseline = Environment.WorkingSet;
            clock.Restart();
            long lineBytes = 0;
            blockLines = 0;
            await foreach (var e in client.StreamAsync(job.Name, new StreamOptions { IncludeMetrics = false, LogLinesInBlocks = true }))
            {
                if (e is not JobLogBlockEvent block) continue;
                foreach (var line in block.Lines)
                {
                    blockLines++;
                    lineBytes += line.Utf8.Length;
                }
                if (++blocks % 64 == 0) blockPeakWorkingSet = Math.Max(blockPeakWorkingSet, Environment.WorkingSet - baseline);
            }
            blockLineSeconds = Math.Min(blockLineSeconds, clock.Elapsed.TotalSeconds);
            if (blockLines != lines || lineBytes != lines * 99L) throw new InvalidOperationException($"enumerated {blockLines} lines of {lineBytes} bytes in blocks, expected {lines} of {lines * 99L}");

            // The same with every line's text read (a line's text is decoded only when read).
            clock.Restart();
            long chars = 0;
            await foreach (var e in client.StreamAsync(job.Name, new StreamOptions { IncludeMetrics = false }))
            {
                if (e is JobLogEvent line) chars += line.Text.Length;
            }
            textSeconds = Math.Min(textSeconds, clock.Elapsed.TotalSeconds);
            if (chars != lines * 99L) throw new InvalidOperationException($"streamed {chars} characters, expected {lines * 99L}");
        }
        // The line splitter alone (no events, no positions): the floor of what streaming costs.
        var tailerSeconds = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            using var tailer = new TrainingJobs.Sdk.Local.Streaming.LogTailer(log, 0);
            while (tailer.Read(flush: true))
            {
            }
            tailerSeconds = Math.Min(tailerSeconds, clock.Elapsed.TotalSeconds);
        }
        var mb = bytes / 1048576.0;
        if (!print) return;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mb:0} MB log: cat {mb / catSeconds:0} MB/s; in blocks {mb / blockSeconds:0} MB/s, ratio {catSeconds / blockSeconds:0.00} of cat (target >= 0.5: {(catSeconds / blockSeconds >= 0.5 ? "met" : "not met")}; working-set growth {blockPeakWorkingSet / 1048576.0:0.0} MB), " +
            $"every line of the blocks enumerated {mb / blockLineSeconds:0} MB/s, ratio {catSeconds / blockLineSeconds:0.00}; line by line: stream {mb / streamSeconds:0} MB/s, ratio {catSeconds / streamSeconds:0.00} of cat; every line's text read {mb / textSeconds:0} MB/s, ratio {catSeconds / textSeconds:0.00} (line splitter alone {mb / tailerSeconds:0} MB/s); " +
            $"peak working set {peakAbsolute / 1048576.0:0} MB (growth while streaming {peakWorkingSet / 1048576.0:0.0} MB), managed heap peak {peakHeap / 1048576.0:0.0} MB"));
    }

    internal static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
