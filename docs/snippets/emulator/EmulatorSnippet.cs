using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Docs.Snippets.Emulator;

/// <summary>The emulator start of docs/emulator.md; compiled and run by the test project.</summary>
public static class EmulatorSnippet
{
    /// <summary>Starts the emulator as the page shows, lists its jobs through a client, and stops it.</summary>
    /// <param name="requestLog">Where the emulator writes its request log.</param>
    public static async Task<int> CountJobsAsync(string requestLog)
    {
        #region Snippet:StartEmulator
        await using var emulator = await AzureMLEmulator.StartAsync(new AzureMLEmulatorOptions
        {
            PageSize = 2,                   // force several pages in a list test
            RequestLogPath = requestLog,    // optional; the log is always in emulator.RequestLog too
        });
        // emulator.ArmEndpoint (https://127.0.0.1:<port>/), SubscriptionId, ResourceGroupName, WorkspaceName
        // emulator.BlobServiceUri (http://127.0.0.1:<port>/devstoreaccount1), BlobContainerName, StorageAccountKey

        // A client of its workspace: the settings point at it and pin its certificate; DefaultAzureCredential signs in
        // through its managed-identity endpoint (process-wide variables: restore them after the test).
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", emulator.IdentityEndpoint.AbsoluteUri);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", emulator.IdentityHeader);
        var client = new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(emulator.CreateWorkspaceOptions()));
        #endregion
        var count = 0;
        await foreach (var _ in client.GetJobsAsync()) count++;
        return count;
    }
}
