using TrainingJobs.Benchmarks;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>The YAML load benchmark refuses to time a corpus whose supported files fail to load.</summary>
public sealed class BenchmarkCorpusCheckTests
{
    private string _root = null!;

    [SetUp]
    public void CreateFolder()
    {
        _root = Path.Combine(Path.GetTempPath(), "tj-bench-corpus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_root, "yaml", "azureml-examples", "cli", "jobs"));
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_root, recursive: true);

    [Test]
    public void The_real_corpus_passes_the_check_and_the_benchmark_sees_the_same_supported_files_as_the_corpus_tests()
    {
        var files = CorpusJobFiles.Read(TestPaths.Corpus);

        files.Where(f => f.Supported).Select(f => Path.GetFullPath(f.Path)).Should()
            .BeEquivalentTo(YamlCorpus.Supported.Select(f => Path.GetFullPath(f.FullPath)));
        var act = () => CorpusJobFiles.EnsureSupportedFilesLoadWithoutErrors(files);
        act.Should().NotThrow();
    }

    [Test]
    public void A_supported_file_that_loads_with_an_error_stops_the_benchmark_naming_the_file_and_code()
    {
        Write("good.yml", "command", "type: command\ncommand: python train.py\nenvironment: azureml:sklearn:1\n");
        Write("broken.yml", "command", "type: command\ncommand: python train.py\nenvironment: azureml:sklearn:1\nresources: {instance_count: many}\n");
        Write("automl.yml", "other", "type: automl\ntask: classification\n", note: "automl job (task=classification)");

        var files = CorpusJobFiles.Read(_root);

        files.Select(f => (Path.GetFileName(f.Path), f.Supported)).Should().BeEquivalentTo([("good.yml", true), ("broken.yml", true), ("automl.yml", false)]);
        var act = () => CorpusJobFiles.EnsureSupportedFilesLoadWithoutErrors(files);
        act.Should().Throw<InvalidOperationException>().WithMessage("*1 supported corpus file(s)*broken.yml: TJ1011*");
    }

    private readonly List<string> _rows = ["local_path\trepo\trepo_path\tcommit\tkind\texpected\tnote"];

    private void Write(string name, string kind, string yaml, string note = "")
    {
        var local = "azureml-examples/cli/jobs/" + name;
        File.WriteAllText(Path.Combine(_root, "yaml", local), yaml);
        _rows.Add($"{local}\tAzure/azureml-examples\tcli/jobs/{name}\t0\t{kind}\tload\t{note}");
        File.WriteAllLines(Path.Combine(_root, "yaml", "MANIFEST.tsv"), _rows);
    }
}
