using System.Text;
using BenchmarkDotNet.Attributes;
using TrainingJobs.Sdk.Yaml;
using YamlDotNet.RepresentationModel;

namespace TrainingJobs.Benchmarks;

/// <summary>
/// Loading and validating every job file of the azureml-examples corpus with the YAML face, against the
/// floor: parsing the same bytes with bare YamlDotNet (representation model), which does no conversion,
/// no reference resolution and no validation.
/// Run: <c>dotnet run -c Release --project benchmarks/TrainingJobs.Benchmarks -- --filter '*YamlLoad*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class YamlLoadBenchmarks
{
    private List<(string Folder, byte[] Bytes)> _files = [];

    /// <summary>How many corpus job files each operation processes.</summary>
    public int FileCount => _files.Count;

    [GlobalSetup]
    public void LoadCorpus()
    {
        var root = FindCorpus();
        var manifest = Path.Combine(root, "yaml", "MANIFEST.tsv");
        _files = File.ReadLines(manifest).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(c => c[0].StartsWith("azureml-examples/cli/jobs/", StringComparison.Ordinal) &&
                        (c[4] is "command" or "pipeline" or "sweep" || System.Text.RegularExpressions.Regex.IsMatch(c[6], @"^\w+ job\b")))
            .Select(c => Path.Combine(root, "yaml", c[0]))
            .Select(path => (Path.GetDirectoryName(path)!, File.ReadAllBytes(path)))
            .ToList();
        if (_files.Count < 100) throw new InvalidOperationException($"Expected the corpus job files, found {_files.Count} under {root}.");
        Console.WriteLine($"// {_files.Count} corpus job files");
    }

    /// <summary>The floor: decode and parse each file into YamlDotNet's representation model.</summary>
    [Benchmark(Baseline = true)]
    public int BareYamlDotNetParse()
    {
        var nodes = 0;
        foreach (var (_, bytes) in _files)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(Encoding.UTF8.GetString(bytes)));
            nodes += stream.Documents.Count;
        }
        return nodes;
    }

    /// <summary>The YAML face: decode, parse, resolve component/trial files, convert to the model and validate.</summary>
    [Benchmark]
    public int LoadAndValidate()
    {
        var diagnostics = 0;
        foreach (var (folder, bytes) in _files)
        {
            var result = YamlJobLoader.LoadBytes(bytes, new YamlLoadOptions { BaseDirectory = folder });
            diagnostics += result.Diagnostics.Count;
        }
        return diagnostics;
    }

    private static string FindCorpus()
    {
        if (Environment.GetEnvironmentVariable("TJ_CORPUS") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrainingJobs.Sdk.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
            }
        }
        throw new InvalidOperationException("TrainingJobs.Sdk.sln not found above the benchmark; set TJ_CORPUS to the corpus folder.");
    }
}
