using TrainingJobs.Sdk.Yaml;
using TrainingJobs.Sdk.Yaml.Reading;

namespace TrainingJobs.Sdk.Tests.Yaml.Reading;

/// <summary>Parses YAML into a tree with real positions and gives a fresh reading context, for the readers' unit tests.</summary>
internal static class ReadingFixture
{
    public const string SourceName = "t.yml";

    /// <summary>The tree of <paramref name="yaml"/>, positions in <see cref="SourceName"/>.</summary>
    public static TreeNode Parse(string yaml) =>
        new YamlDocumentReader(SourceName, new YamlLoadOptions(), new DiagnosticBag()).Read(yaml)
        ?? throw new InvalidOperationException("The test YAML did not parse.");

    /// <summary>The value of <paramref name="key"/> in the top-level mapping of <paramref name="yaml"/>.</summary>
    public static TreeNode Value(string yaml, string key) =>
        ((TreeMapping)Parse(yaml)).Get(key) ?? throw new InvalidOperationException($"No '{key}' in the test YAML.");

    public static ReadingContext Context(YamlLoadOptions? options = null) =>
        new(new DiagnosticBag(), new SourceMap(), options ?? new YamlLoadOptions());
}
