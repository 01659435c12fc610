using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Yaml;
using YamlDotNet.RepresentationModel;

namespace TrainingJobs.Benchmarks;

/// <summary>One corpus job file held in memory for a benchmark.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Bytes">Its bytes.</param>
/// <param name="Supported">True for a command, pipeline or sweep job whose nodes are all of supported kinds.</param>
internal sealed record CorpusJobFile(string Path, byte[] Bytes, bool Supported)
{
    /// <summary>The folder component and trial references resolve against.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(Path)!;
}

/// <summary>
/// Reads the azureml-examples job files named by the corpus MANIFEST and checks that the YAML face loads the
/// supported ones cleanly. Linked into the test project too, so the check itself is tested.
/// </summary>
internal static partial class CorpusJobFiles
{
    /// <summary>Every job file under <c>cli/jobs/</c>: the supported kinds and the other job kinds.</summary>
    /// <param name="corpusRoot">The corpus folder (holds <c>yaml/MANIFEST.tsv</c>).</param>
    public static List<CorpusJobFile> Read(string corpusRoot) =>
        File.ReadLines(System.IO.Path.Combine(corpusRoot, "yaml", "MANIFEST.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(c => c[0].StartsWith("azureml-examples/cli/jobs/", StringComparison.Ordinal) &&
                        (c[4] is "command" or "pipeline" or "sweep" || OtherJobKind().IsMatch(c[6])))
            .Select(c =>
            {
                var path = System.IO.Path.Combine(corpusRoot, "yaml", c[0]);
                var bytes = File.ReadAllBytes(path);
                return new CorpusJobFile(path, bytes, c[4] is "command" or "pipeline" or "sweep" && AllNodesSupported(bytes));
            })
            .ToList();

    /// <summary>
    /// Throws when a supported file loads with an error: a face that fails early does less work, and the
    /// benchmark would report that regression as a speed-up.
    /// </summary>
    /// <param name="files">The files the benchmark loads.</param>
    public static void EnsureSupportedFilesLoadWithoutErrors(IEnumerable<CorpusJobFile> files)
    {
        var failures = files.Where(f => f.Supported)
            .Select(f => (f.Path, Error: YamlJobLoader.LoadBytes(f.Bytes, new YamlLoadOptions { BaseDirectory = f.Folder, SourceName = f.Path })
                .Diagnostics.FirstOrDefault(d => d.IsError)))
            .Where(x => x.Error is not null)
            .Select(x => $"{x.Path}: {x.Error!.Code} {x.Error.Message}")
            .ToList();
        if (failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"{failures.Count} supported corpus file(s) load with errors, so the timing would not measure a full load:\n" + string.Join("\n", failures.Take(10)));
        }
    }

    /// <summary>True unless the file is a pipeline with a node whose <c>type</c> is not command, sweep or pipeline.</summary>
    private static bool AllNodesSupported(byte[] bytes)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(System.Text.Encoding.UTF8.GetString(bytes)));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return true; // unparsable: the load check reports it
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root ||
            !root.Children.TryGetValue(new YamlScalarNode("jobs"), out var jobs) || jobs is not YamlMappingNode steps)
        {
            return true;
        }
        return steps.Children.Values.OfType<YamlMappingNode>().All(step =>
            !step.Children.TryGetValue(new YamlScalarNode("type"), out var type) ||
            type is not YamlScalarNode { Value: { } t } || t is "command" or "sweep" or "pipeline");
    }

    [GeneratedRegex(@"^\w+ job\b")]
    private static partial Regex OtherJobKind();
}
