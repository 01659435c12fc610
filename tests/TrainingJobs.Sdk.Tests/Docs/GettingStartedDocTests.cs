using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets.GettingStarted;
using TrainingJobs.Sdk.Tests.Local;

namespace TrainingJobs.Sdk.Tests.Docs;

/// <summary>
/// Runs docs/getting-started.md: its job.yml (taken from the page) and its C# (the snippet, which DocsSnippetTests
/// checks the page shows exactly) each complete a real local job.
/// </summary>
public partial class GettingStartedDocTests
{
    [Test]
    public async Task The_pages_job_yml_loads_and_completes_on_the_local_workspace()
    {
        await using var ws = new TempWorkspace();
        var page = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot, "docs", "getting-started.md"));
        var yaml = YamlBlock().Match(page);
        yaml.Success.Should().BeTrue("the page shows job.yml in a ```yaml block");
        var path = ws.WriteFile("job.yml", yaml.Groups[1].Value);

        var job = await FirstJobSnippet.RunYamlAsync(path, ws.Options.Home!);

        job.Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public async Task The_csharp_first_job_completes_and_streams_its_line()
    {
        await using var ws = new TempWorkspace();
        using var console = new StringWriter();

        var (job, lines) = await FirstJobSnippet.RunBuiltAsync(ws.Options.Home!, console);

        job.Status.Should().Be(JobStatus.Completed);
        lines.Should().Equal("hello from my first job");
        console.ToString().Should().Contain("[status] Completed").And.Contain($"{job.Name}: Completed");
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
