using System.Text.RegularExpressions;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets.Rest;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>docs/rest.md: its snippets run, and every C# block equals its snippet region.</summary>
public sealed partial class RestDocumentationTests
{
    private static string DocPath => Path.Combine(TestPaths.RepositoryRoot, "docs", "rest.md");

    [Test]
    public void The_to_rest_snippet_gives_the_documented_body_and_pending_upload()
    {
        var (payload, session) = RestSnippets.ToRest();

        payload.HasErrors.Should().BeFalse();
        payload.Body["properties"]!["jobType"]!.GetValue<string>().Should().Be("Command");
        payload.Body["properties"]!["limits"]!["timeout"]!.GetValue<string>().Should().Be("PT2H");
        session.PendingAssets.Should().ContainSingle().Which.Kind.Should().Be(PendingAssetKind.Code);
        payload.Diagnostics.Should().ContainSingle(d => d.Code == RestDiagnosticCodes.PendingAsset);
    }

    [Test]
    public void The_read_snippet_reads_a_list_page()
    {
        var json = File.ReadAllText(Path.Combine(RestCorpus.Root, "Job", "SweepJob", "list.json"));
        var page = System.Text.Json.Nodes.JsonNode.Parse(json)!["responses"]!["200"]!["body"]!.ToJsonString();

        var jobs = RestSnippets.Read(page);

        jobs.Should().NotBeEmpty().And.AllSatisfy(j => j.Definition.Should().BeOfType<SweepJob>());
    }

    [Test]
    public void Every_csharp_block_of_the_page_equals_its_snippet_region()
    {
        var page = File.ReadAllText(DocPath);
        var blocks = Block().Matches(page);

        blocks.Should().HaveCount(2);
        foreach (Match block in blocks)
        {
            var file = Path.Combine(TestPaths.RepositoryRoot, "docs", "snippets", block.Groups["file"].Value);
            var source = File.ReadAllText(file);
            var region = Regex.Match(source, $@"#region Snippet:{block.Groups["region"].Value}\r?\n(?<code>.*?)\r?\n\s*#endregion", RegexOptions.Singleline);
            region.Success.Should().BeTrue($"{file} has a region {block.Groups["region"].Value}");
            Normalize(block.Groups["code"].Value).Should().Be(Normalize(region.Groups["code"].Value));
        }
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex(@"<!-- snippet: (?<file>[^#]+)#(?<region>\w+) -->\r?\n```csharp\r?\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
