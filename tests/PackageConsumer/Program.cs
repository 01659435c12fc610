// Runs one real local job with the packed TrainingJobs.Sdk the way a hosted app does: a generic host, AddTrainingJobs
// binding the workspace from configuration (validated when the host starts), the client resolved from the container;
// then submit, stream its log, print the final status.
// args[0]: the workspace folder. TrainingJobs.Package.Tests reads the "status:" and "log:" lines.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Jobs;

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["TrainingJobs:DefaultWorkspace"] = "packed",
    ["TrainingJobs:Workspaces:packed:Kind"] = "Local",
    ["TrainingJobs:Workspaces:packed:Home"] = args[0],
});
builder.Services.AddTrainingJobs(builder.Configuration.GetSection(TrainingJobsOptions.SectionName));
using var host = builder.Build();
await host.StartAsync();

var client = host.Services.GetRequiredService<TrainingJobsClient>();
var job = await client.SubmitAsync(new CommandJob { Command = "echo hello from the packed sdk" });
await foreach (var e in client.StreamAsync(job.Name))
{
    if (e is JobLogEvent log) Console.WriteLine("log: " + log.Text);
}
var done = await client.WaitForCompletionAsync(job.Name);
Console.WriteLine($"status: {done.Status} {done.Error?.Code} {done.Error?.Message}");
await host.StopAsync();
return done.Status == JobStatus.Completed ? 0 : 1;
