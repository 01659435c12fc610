using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Planning;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>A broken <c>environments.json</c> stops submits with a message naming the file and the problem, and nothing else.</summary>
[Parallelizable(ParallelScope.All)]
public class EnvironmentTableTests
{
    [TestCase("{bad", "invalid JSON at line 1")]
    [TestCase("{\"sk\": 1}", "the value at $.sk (line 1) is not a string")]
    [TestCase("[\"sk\"]", "it is not a JSON object")]
    [TestCase("\"sk\"", "it is not a JSON object")]
    [TestCase("null", "it is null, not an object")]
    public async Task A_malformed_table_fails_the_submit_with_the_file_and_the_problem(string content, string problem)
    {
        await using var ws = new TempWorkspace();
        Directory.CreateDirectory(ws.Options.Home!);
        var table = Path.Combine(ws.Options.Home!, "environments.json");
        File.WriteAllText(table, content);

        var submit = () => ws.Client.SubmitAsync(new CommandJob { Name = "env_job", Command = "true" });

        var refused = await submit.Should().ThrowAsync<InvalidDataException>();
        refused.Which.Message.Should().Contain(table).And.Contain(problem).And.NotContain("System.");
        var jobs = Path.Combine(ws.Options.Home!, "jobs");
        (Directory.Exists(jobs) ? Directory.EnumerateDirectories(jobs) : []).Should().BeEmpty("nothing is left in staging after the refusal");
    }

    [Test]
    public async Task A_malformed_table_does_not_stop_list_or_show()
    {
        await using var ws = new TempWorkspace();
        await ws.Client.SubmitAsync(new CommandJob { Name = "before_job", Command = "true" });
        File.WriteAllText(Path.Combine(ws.Options.Home!, "environments.json"), "{bad");

        var listed = new List<string>();
        await foreach (var job in ws.Client.GetJobsAsync()) listed.Add(job.Name);

        listed.Should().Equal("before_job");
        (await ws.Client.GetAsync("before_job")).Name.Should().Be("before_job");
    }

    [Test]
    public void A_table_that_is_a_device_is_refused_without_reading_it()
    {
        var refused = FluentActions.Invoking(() => EnvironmentTable.Load("/dev/zero")).Should().Throw<InvalidDataException>();
        refused.Which.Message.Should().Contain("/dev/zero").And.Contain("not a regular file");
    }
}
