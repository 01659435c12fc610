using System.Text.RegularExpressions;

namespace TrainingJobs.Sdk.Tests.Docs;

/// <summary>
/// Every C# block of every page under <c>docs/</c> is a region of a snippet file under <c>docs/snippets/</c> (which this
/// test project compiles, and whose page tests run), and every snippet region is shown on some page: the one owner of
/// the "docs show compiled code" rule.
/// </summary>
public partial class DocsSnippetTests
{
    private static string DocsRoot => Path.Combine(TestPaths.RepositoryRoot, "docs");

    [Test]
    public void Every_csharp_block_of_every_page_is_its_snippet_region_and_every_region_is_shown()
    {
        var checkedBlocks = new List<string>();

        var problems = Problems(DocsRoot, checkedBlocks);

        problems.Should().BeEmpty();
        checkedBlocks.Should().Contain(["lineage/LineageQuerySnippet.cs#TraceModel", "pipelines/LocalPipelineSnippet.cs#DiamondPipeline", "yaml/YamlSnippets.cs#LoadYaml"]);
    }

    [Test]
    public void A_changed_block_a_block_without_marker_and_a_region_no_page_shows_are_each_named()
    {
        var docs = Path.Combine(Path.GetTempPath(), "tj-docs-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Directory.CreateDirectory(Path.Combine(docs, "snippets", "demo"));
            File.WriteAllText(Path.Combine(docs, "snippets", "demo", "Demo.cs"),
                "class Demo {\n    #region Snippet:Shown\n    var a = 1;\n    #endregion\n    #region Snippet:Hidden\n    var b = 2;\n    #endregion\n}\n");
            File.WriteAllText(Path.Combine(docs, "page.md"),
                "# Page\n\n<!-- snippet: demo/Demo.cs#Shown -->\n```csharp\nvar a = 2;\n```\n\nText.\n\n```csharp\nvar c = 3;\n```\n");

            var problems = Problems(docs, []);

            problems.Should().HaveCount(3);
            problems.Should().Contain(p => p.Contains("page.md:4") && p.Contains("demo/Demo.cs#Shown") && p.Contains("differs"));
            problems.Should().Contain(p => p.Contains("page.md:10") && p.Contains("<!-- snippet:"));
            problems.Should().Contain(p => p.Contains("demo/Demo.cs#Hidden") && p.Contains("no page shows"));
        }
        finally
        {
            Directory.Delete(docs, recursive: true);
        }
    }

    [Test]
    public void Blocks_are_compared_with_whitespace_runs_as_one_space()
    {
        Normalize("var a = 1;\n  var b = 2;").Should().Be(Normalize("var a = 1;   var b =\t2;"));
        Normalize("var a = 1;").Should().NotBe(Normalize("var a = 2;"));
    }

    /// <summary>Every problem of the pages under <paramref name="docs"/> against the snippets under its <c>snippets/</c> folder.</summary>
    private static List<string> Problems(string docs, List<string> checkedBlocks)
    {
        var snippets = Path.Combine(docs, "snippets");
        var problems = new List<string>();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(docs, page).Replace('\\', '/');
            var lines = File.ReadAllText(page).ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp") continue;
                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                if (end < 0) end = lines.Length;
                var previous = lines.Take(i).LastOrDefault(l => l.Trim().Length > 0) ?? "";
                var marker = Marker().Match(previous);
                if (!marker.Success)
                {
                    problems.Add($"{name}:{i + 1}: a ```csharp block needs a <!-- snippet: folder/File.cs#Region --> line before it (its code compiled under docs/snippets/).");
                }
                else
                {
                    var key = $"{marker.Groups[1].Value}#{marker.Groups[2].Value}";
                    shown.Add(key);
                    var region = Region(Path.Combine(snippets, marker.Groups[1].Value), marker.Groups[2].Value);
                    if (region is null) problems.Add($"{name}:{i + 1}: {key} names no #region Snippet:{marker.Groups[2].Value} under docs/snippets/.");
                    else if (Normalize(string.Join('\n', lines[(i + 1)..end])) != Normalize(region)) problems.Add($"{name}:{i + 1}: the block differs from {key}.");
                    else checkedBlocks.Add(key);
                }
                i = end;
            }
        }
        foreach (var file in Directory.GetFiles(snippets, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(snippets, file).Replace('\\', '/');
            foreach (Match match in RegionStart().Matches(File.ReadAllText(file)))
            {
                var key = $"{relative}#{match.Groups[1].Value}";
                if (!shown.Contains(key)) problems.Add($"{key}: no page shows this region.");
            }
        }
        return problems;
    }

    private static string? Region(string file, string name)
    {
        if (!File.Exists(file)) return null;
        var lines = File.ReadAllLines(file);
        var start = Array.FindIndex(lines, l => l.Trim() == "#region Snippet:" + name);
        if (start < 0) return null;
        var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "#endregion");
        return string.Join('\n', lines[(start + 1)..(end < 0 ? lines.Length : end)]);
    }

    private static string Normalize(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*([\w./\-]+\.cs)#(\w+)\s*-->\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"#region Snippet:(\w+)")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
