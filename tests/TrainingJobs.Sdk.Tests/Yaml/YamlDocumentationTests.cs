using System.Reflection;
using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets.Yaml;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>docs/yaml.md: its snippets run and its code table lists every code (DocsSnippetTests checks the page shows the snippets exactly).</summary>
public partial class YamlDocumentationTests
{
    private static string DocPath => Path.Combine(TestPaths.RepositoryRoot, "docs", "yaml.md");

    private static string SnippetFolder => Path.Combine(TestPaths.RepositoryRoot, "docs", "snippets", "yaml");

    [Test]
    public async Task The_snippets_load_with_overrides_and_save()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tj-doc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "job.yml");
            await File.WriteAllTextAsync(path, "type: command\ncommand: python train.py --lr ${{inputs.learning_rate}}\nenvironment: azureml:sklearn-1.5:3\ninputs:\n  learning_rate: 0.01\n");
            using var log = new StringWriter();

            var job = YamlSnippets.LoadWithOverrides(path, log);

            job.Should().NotBeNull(log.ToString());
            job!.Inputs["learning_rate"].Should().Be(new LiteralInput { Value = 0.05 });
            job.Tags["team"].Should().Be("vision");
            var yaml = await YamlSnippets.Save(job, Path.Combine(folder, "saved.yml"));
            YamlJobLoader.Load(Path.Combine(folder, "saved.yml")).Definition.Should().Be(job);
            yaml.Should().Contain("learning_rate: 0.05");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Every_diagnostic_code_is_in_the_table_and_the_table_has_no_other()
    {
        var codes = typeof(YamlDiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!).ToList();
        var documented = TableCode().Matches(File.ReadAllText(DocPath)).Select(m => m.Groups[1].Value).ToList();

        codes.Should().OnlyContain(c => Regex.IsMatch(c, @"^TJ1\d{3}$"));
        codes.Should().OnlyHaveUniqueItems();
        documented.Should().BeEquivalentTo(codes);
    }

    [GeneratedRegex(@"^\| (TJ\d{4}) \|", RegexOptions.Multiline)]
    private static partial Regex TableCode();
}
