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
    private List<CorpusJobFile> _files = [];

    /// <summary>How many corpus job files each operation processes.</summary>
    public int FileCount => _files.Count;

    /// <summary>Reads the corpus job files and fails the run unless every supported one loads without errors.</summary>
    [GlobalSetup]
    public void LoadCorpus()
    {
        var root = FindCorpus();
        _files = CorpusJobFiles.Read(root);
        if (_files.Count < 100) throw new InvalidOperationException($"Expected the corpus job files, found {_files.Count} under {root}.");
        CorpusJobFiles.EnsureSupportedFilesLoadWithoutErrors(_files);
        Console.WriteLine($"// {_files.Count} corpus job files ({_files.Count(f => f.Supported)} supported, all load without errors)");
    }

    /// <summary>The floor: decode and parse each file into YamlDotNet's representation model.</summary>
    [Benchmark(Baseline = true)]
    public int BareYamlDotNetParse()
    {
        var nodes = 0;
        foreach (var (_, bytes, _) in _files)
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
        foreach (var file in _files)
        {
            var result = YamlJobLoader.LoadBytes(file.Bytes, new YamlLoadOptions { BaseDirectory = file.Folder });
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
