using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Sdk.Docs.Snippets.Local;

/// <summary>The local-backend walk-through of docs/local-backend.md; compiled and run by the test project.</summary>
public static class LocalBackendSnippet
{
    /// <summary>Submits a job, streams it, waits, downloads; returns the final job and what was downloaded.</summary>
    public static async Task<(Job Job, DownloadResult Download, List<string> Lines)> RunAsync(string workspace, string downloadPath)
    {
        #region Snippet:LocalSubmitStreamDownload
        var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = workspace }));

        var job = await client.SubmitAsync(new CommandJob
        {
            Command = "echo training with lr=${{inputs.lr}}; echo weights > ${{outputs.model}}/model.bin",
            Inputs = ValueMap.Of<JobInput>(("lr", new LiteralInput { Value = 0.1 })),
            Outputs = ValueMap.Of(("model", new JobOutput())),
        });

        var lines = new List<string>();
        await foreach (var e in client.StreamAsync(job.Name))
        {
            if (e is JobLogEvent log) lines.Add(log.Text);
            if (e is JobStatusEvent status) Console.WriteLine($"{status.ChangedOn:T} {status.Status}");
        }

        Job finished = await client.WaitForCompletionAsync(job.Name); // never throws on Failed
        DownloadResult download = await client.DownloadAsync(job.Name, new DownloadOptions { All = true, DownloadPath = downloadPath });
        #endregion
        return (finished, download, lines);
    }
}
