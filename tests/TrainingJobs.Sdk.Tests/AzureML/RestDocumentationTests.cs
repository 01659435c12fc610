using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets.Rest;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>docs/rest.md: its snippets run (DocsSnippetTests checks the page shows them exactly).</summary>
public sealed class RestDocumentationTests
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
}
