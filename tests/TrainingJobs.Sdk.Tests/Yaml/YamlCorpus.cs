using YamlDotNet.RepresentationModel;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>
/// The job files of the azureml-examples corpus, classified from the corpus MANIFEST and the files' own
/// <c>type</c> keys — independently of the loader under test.
/// </summary>
internal static class YamlCorpus
{
    public static string JobsRoot => Path.Combine(TestPaths.Corpus, "yaml", "azureml-examples", "cli", "jobs");

    private static readonly Lazy<IReadOnlyList<CorpusFile>> Files = new(LoadManifest);

    /// <summary>Every job file under cli/jobs (command, pipeline, sweep, and the other job kinds).</summary>
    public static IReadOnlyList<CorpusFile> JobFiles => Files.Value;

    /// <summary>Jobs the SDK must load with zero errors: command, pipeline and sweep jobs whose nodes are all supported.</summary>
    public static IEnumerable<CorpusFile> Supported => JobFiles.Where(f => f.UnsupportedKind is null);

    /// <summary>Jobs of a kind (or with a node kind) the SDK does not support.</summary>
    public static IEnumerable<CorpusFile> Unsupported => JobFiles.Where(f => f.UnsupportedKind is not null);

    private static IReadOnlyList<CorpusFile> LoadManifest()
    {
        var manifest = Path.Combine(TestPaths.Corpus, "yaml", "MANIFEST.tsv");
        var files = new List<CorpusFile>();
        foreach (var line in File.ReadLines(manifest).Skip(1))
        {
            var columns = line.Split('\t');
            var local = columns[0];
            var kind = columns[4];
            var note = columns[6];
            if (!local.StartsWith("azureml-examples/cli/jobs/", StringComparison.Ordinal)) continue;
            var fullPath = Path.Combine(TestPaths.Corpus, "yaml", local);
            string? manifestJobKind = kind is "command" or "pipeline" or "sweep" ? kind : null;
            if (manifestJobKind is null)
            {
                // "automl job (task=…)", "spark job; …", "finetuning job (…)": other job kinds.
                var match = System.Text.RegularExpressions.Regex.Match(note, @"^(\w+) job\b");
                if (!match.Success) continue;
                files.Add(new CorpusFile(fullPath, local, match.Groups[1].Value, match.Groups[1].Value));
                continue;
            }
            files.Add(new CorpusFile(fullPath, local, manifestJobKind, UnsupportedNodeKind(fullPath)));
        }
        return files;
    }

    /// <summary>The first pipeline node type that is not command, sweep or pipeline (null when all are supported).</summary>
    private static string? UnsupportedNodeKind(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        if (stream.Documents[0].RootNode is not YamlMappingNode root) return null;
        if (!root.Children.TryGetValue(new YamlScalarNode("jobs"), out var jobs) || jobs is not YamlMappingNode steps) return null;
        foreach (var step in steps.Children.Values.OfType<YamlMappingNode>())
        {
            if (step.Children.TryGetValue(new YamlScalarNode("type"), out var type) && type is YamlScalarNode { Value: { } t } &&
                t is not ("command" or "sweep" or "pipeline"))
            {
                return t;
            }
        }
        return null;
    }
}

/// <summary>One corpus job file.</summary>
/// <param name="FullPath">The absolute path.</param>
/// <param name="Name">The path inside the corpus.</param>
/// <param name="JobKind">The job kind per the MANIFEST.</param>
/// <param name="UnsupportedKind">The job or node kind the SDK does not support, or null.</param>
internal sealed record CorpusFile(string FullPath, string Name, string JobKind, string? UnsupportedKind)
{
    public override string ToString() => Name.Replace("azureml-examples/cli/jobs/", "", StringComparison.Ordinal);
}
