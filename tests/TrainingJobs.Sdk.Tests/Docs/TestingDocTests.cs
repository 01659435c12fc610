using Microsoft.Extensions.Configuration;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Docs.Snippets.Testing;

namespace TrainingJobs.Sdk.Tests.Docs;

/// <summary>docs/testing.md: its snippets run and do what the page says (DocsSnippetTests checks the page shows them exactly).</summary>
public class TestingDocTests
{
    private static CommandJob Nightly => new() { Name = "nightly-1", Command = "python train.py", Environment = new EnvironmentReference("azureml:env:1"), Compute = "azureml:gpu" };

    [Test]
    public async Task The_fake_snippet_runs_the_scripted_job_to_Completed_by_moving_the_clock()
    {
        var (job, lines, calls, submitted) = await TestingSnippets.FakeAsync(Nightly);

        job.Status.Should().Be(JobStatus.Completed);
        job.ExitCode.Should().Be(0);
        (job.EndedOn - job.CreatedOn).Should().Be(TimeSpan.FromMinutes(65));
        lines.Should().Equal("epoch 1", "epoch 2");
        calls.Select(c => c.Method).Should().Equal("SubmitAsync", "StreamAsync", "GetAsync");
        submitted.Should().ContainSingle().Which.Name.Should().Be("nightly-1");
    }

    [Test]
    public async Task The_hand_written_subclass_snippet_answers_without_a_backend()
    {
        var client = new TestingSnippets.AlwaysCompleted();

        var job = await client.SubmitAsync(Nightly);
        var ended = await client.WaitForCompletionAsync(job.Name);

        job.Status.Should().Be(JobStatus.Queued);
        ended.Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public async Task The_container_snippet_resolves_the_fake_for_the_client_and_a_named_workspace_and_runs_its_script()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TrainingJobs:DefaultWorkspace"] = "dev",
            ["TrainingJobs:Workspaces:dev:Kind"] = "Local",
            ["TrainingJobs:Workspaces:dev:Home"] = Path.Combine(Path.GetTempPath(), "never-created-dev"),
            ["TrainingJobs:Workspaces:prod:Kind"] = "Local",
            ["TrainingJobs:Workspaces:prod:Home"] = Path.Combine(Path.GetTempPath(), "never-created-prod"),
        }).Build();

        var (job, client, named, fake) = await FakeInContainerSnippet.RunAsync(configuration, Nightly);

        client.Should().BeSameAs(fake);
        named.Should().BeSameAs(fake);
        job.Status.Should().Be(JobStatus.Completed);
        (job.EndedOn - job.CreatedOn).Should().Be(TimeSpan.FromMinutes(5));
        fake.Submitted.Should().ContainSingle().Which.Name.Should().Be("nightly-1");
    }
}
