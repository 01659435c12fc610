using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Docs.Snippets.GettingStarted;

/// <summary>The first local job of docs/getting-started.md, in C#; compiled and run by the test project.</summary>
public static class FirstJobSnippet
{
    /// <summary>Builds the job of the page, runs it on the local workspace under <paramref name="home"/>, and returns it finished with its streamed log lines.</summary>
    public static async Task<(Job Job, List<string> Lines)> RunBuiltAsync(string home, TextWriter console)
    {
        var options = new LocalWorkspaceOptions { Home = home };
        #region Snippet:FirstJob
        // using TrainingJobs.Sdk; using TrainingJobs.Sdk.Building; using TrainingJobs.Sdk.Jobs; using TrainingJobs.Sdk.Local;
        var greeting = Input.String("greeting", "hello");
        CommandJob job = new CommandJobBuilder()
            .WithDisplayName("first job")
            .WithCommand($"echo {greeting} from my first job")
            .WithEnvironment("azureml:local:1") // as in job.yml
            .Build();

        // The local workspace: $TRAININGJOBS_HOME, else ~/.trainingjobs (here: options.Home).
        var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(options));
        Job submitted = await client.SubmitAsync(job);

        var lines = new List<string>();
        await foreach (JobEvent e in client.StreamAsync(submitted.Name))
        {
            if (e is JobLogEvent log) lines.Add(log.Text);
            if (e is JobStatusEvent status) console.WriteLine($"[status] {status.Status}");
        }
        Job finished = await client.WaitForCompletionAsync(submitted.Name);
        console.WriteLine($"{finished.Name}: {finished.Status}");
        #endregion
        return (finished, lines);
    }

    /// <summary>Loads the page's job.yml and runs it on the local workspace under <paramref name="home"/>.</summary>
    public static async Task<Job> RunYamlAsync(string path, string home)
    {
        var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = home }));
        #region Snippet:FirstJobFromYaml
        YamlLoadResult loaded = YamlJobLoader.Load(path); // the same job.yml that tj job create --file takes
        if (!loaded.Succeeded) throw new InvalidOperationException(string.Join('\n', loaded.Diagnostics));
        Job run = await client.SubmitAsync(loaded.Definition!);
        Job done = await client.WaitForCompletionAsync(run.Name);
        #endregion
        return done;
    }
}
