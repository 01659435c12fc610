using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>The official REST example payloads in the shared corpus, and JSON comparison helpers.</summary>
internal static class RestCorpus
{
    public static string Root => Path.Combine(TestPaths.Corpus, "rest", "2025-12-01");

    /// <summary>Every example file, relative to <see cref="Root"/> (for test case names).</summary>
    public static IEnumerable<string> AllFiles() =>
        Directory.EnumerateFiles(Path.Combine(FindCorpusRoot(), "rest", "2025-12-01"), "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(FindCorpusRoot(), "rest", "2025-12-01"), f))
            .Order(StringComparer.Ordinal);

    public static JsonObject Load(string relative) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, relative)))!.AsObject();

    /// <summary>The workspace named by an example's parameters.</summary>
    public static AzureMLWorkspaceScope Scope(JsonObject example)
    {
        var parameters = example["parameters"]!;
        return new AzureMLWorkspaceScope(
            parameters["subscriptionId"]!.GetValue<string>(),
            parameters["resourceGroupName"]!.GetValue<string>(),
            parameters["workspaceName"]!.GetValue<string>());
    }

    /// <summary>A copy without JSON nulls anywhere ("nulls aside": an absent field and a null field mean the same).</summary>
    public static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null && p.Value.GetValueKind() != System.Text.Json.JsonValueKind.Null)
            .Select(p => new KeyValuePair<string, JsonNode?>(p.Key, WithoutNulls(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(WithoutNulls)]),
        _ => node?.DeepClone(),
    };

    /// <summary>Asserts semantic JSON equality (order of object keys ignored, nulls aside), showing both on failure.</summary>
    public static void ShouldEqualSemantically(this JsonNode? actual, JsonNode? expected, string because = "")
    {
        var a = WithoutNulls(actual);
        var e = WithoutNulls(expected);
        JsonNode.DeepEquals(a, e).Should().BeTrue(
            "{0}\nexpected: {1}\nactual:   {2}", because, e?.ToJsonString() ?? "null", a?.ToJsonString() ?? "null");
    }

    // The corpus is found from the test folder (TestPaths needs a running test context).
    private static string FindCorpusRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrainingJobs.Sdk.sln"))) dir = dir.Parent;
        return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "corpus"));
    }
}
