using BenchmarkDotNet.Attributes;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Benchmarks.Streaming;

/// <summary>
/// Cost of redacting a streamed log line (<see cref="SecretValues"/>), per line: an ordinary line (the fast path: one
/// vectorised search for the values and the scanner's literals at once), a line holding a secret value, and one (a URL)
/// the scanner's regexes must look at.
/// </summary>
[MemoryDiagnoser]
public class SecretRedactionBenchmarks
{
    private readonly SecretValues _secrets = SecretValues.Of(new Dictionary<string, string>
    {
        ["MLFLOW_TRACKING_TOKEN"] = new string('a', 32) + new string('0', 32),
        ["API_TOKEN"] = "9f2c4e1a7b3d5f60a8c2e4b6d8f0a1c3",
    });

    private readonly string _ordinary = "00012345 " + new string('x', 81) + " log-line";
    private readonly string _withValue = "using API_TOKEN 9f2c4e1a7b3d5f60a8c2e4b6d8f0a1c3 for the download of the data";
    private readonly string _withHint = "downloading https://example.org/datasets/mnist.tar.gz into the cache folder";

    // 64 KB of ordinary 100-byte lines: what streaming checks at once (SecretLineRedactor.BeginChunk).
    private readonly byte[] _chunk = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("00012345 " + new string('x', 81) + " log-line\n", 655)));
    private readonly SecretLineRedactor _lines;

    public SecretRedactionBenchmarks() => _lines = _secrets.ForLines();

    [Benchmark(Baseline = true)]
    public string Ordinary() => _secrets.Redact(_ordinary);

    /// <summary>A whole chunk of 655 ordinary lines checked at once (divide by 655 for a line's share).</summary>
    [Benchmark]
    public bool OrdinaryChunkOf655Lines()
    {
        _lines.BeginChunk(_chunk, 0, _chunk.Length);
        return _lines.NeedsRedaction(_chunk, 0, 99);
    }

    [Benchmark]
    public string WithValue() => _secrets.Redact(_withValue);

    [Benchmark]
    public string WithHintOnly() => _secrets.Redact(_withHint);
}
