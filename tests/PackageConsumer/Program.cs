// Runs one real local job with the packed TrainingJobs.Sdk: submit, stream its log, print the final status.
// args[0]: the workspace folder. TrainingJobs.Package.Tests reads the "status:" and "log:" lines.
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;

var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = args[0] }), new TrainingJobsClientOptions());
var job = await client.SubmitAsync(new CommandJob { Command = "echo hello from the packed sdk" });
await foreach (var e in client.StreamAsync(job.Name))
{
    if (e is JobLogEvent log) Console.WriteLine("log: " + log.Text);
}
var done = await client.WaitForCompletionAsync(job.Name);
Console.WriteLine($"status: {done.Status} {done.Error?.Code} {done.Error?.Message}");
return done.Status == JobStatus.Completed ? 0 : 1;
