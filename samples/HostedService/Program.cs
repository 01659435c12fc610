using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrainingJobs.Samples.HostedService;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Definitions;

// A generic host that submits a nightly training job, streams it to the log, and cancels it past a time budget.
//
//   dotnet run --project samples/HostedService                       # every day at Nightly:At, until Ctrl+C
//   dotnet run --project samples/HostedService -- --once             # one run now; exit code 0 when it completed
//   … --home <folder>    the local workspace folder (TrainingJobs:Workspaces:local:Home; default ./nightly-workspace)
//   … --at 03:30 --budget 01:00:00 --command "python train.py"       (Nightly:At, Nightly:Budget, Nightly:Command)
//
// Any other setting of appsettings.json can be given as --Section:Key value or as an environment variable.
var once = args.Contains("--once");
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    // appsettings.json sits next to the program; the command line is added below, with its short names.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Configuration.AddCommandLine([.. args.Where(a => a != "--once")], new Dictionary<string, string>
{
    ["--home"] = "TrainingJobs:Workspaces:local:Home",
    ["--at"] = "Nightly:At",
    ["--budget"] = "Nightly:Budget",
    ["--command"] = "Nightly:Command",
});
if (once) builder.Configuration.AddInMemoryCollection([new("Nightly:Once", "true")]);
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

builder.Services.AddTrainingJobs(builder.Configuration.GetSection(TrainingJobsOptions.SectionName));
builder.Services.AddNightlyTraining(builder.Configuration.GetSection(NightlyOptions.SectionName));

using var host = builder.Build();
NightlyTrainingService nightly;
try
{
    // Resolving the service builds the options: a wrong setting fails here or at start.
    nightly = host.Services.GetRequiredService<NightlyTrainingService>();
    await host.RunAsync();
}
catch (OptionsValidationException e)
{
    // Checked at start: every wrong setting, each with its key.
    foreach (var failure in e.Failures) Console.Error.WriteLine("error: " + failure);
    return 2;
}
return nightly.Options.Once && nightly.LastRun?.Status != JobStatus.Completed ? 1 : 0;
