using BenchmarkDotNet.Attributes;
using TrainingJobs.Sdk.Local.Streaming;

namespace TrainingJobs.Benchmarks.Streaming;

/// <summary>Cost of turning a log file into lines (the inner loop of streaming), per 16 MB of 100-byte lines.</summary>
[MemoryDiagnoser]
public class LogTailerBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "tj-bench-" + Guid.NewGuid().ToString("N") + ".txt");
        using var writer = new StreamWriter(_path);
        var line = new string('x', 90);
        for (var i = 0; i < 16 * 1024 * 1024 / 100; i++) writer.Write($"{i:D8} {line}\n");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>Lines cut in place, as streaming does (a line's text is decoded only if read).</summary>
    [Benchmark(Baseline = true)]
    public long CutAllLines()
    {
        using var tailer = new LogTailer(_path, 0);
        long count = 0;
        while (tailer.Read(flush: true)) count += tailer.Lines.Count;
        return count;
    }

    /// <summary>Every line decoded to a string as well.</summary>
    [Benchmark]
    public long ReadAllLines()
    {
        using var tailer = new LogTailer(_path, 0);
        long count = 0;
        foreach (var _ in tailer.ReadLines(flush: true)) count++;
        return count;
    }
}
