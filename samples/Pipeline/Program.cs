using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Validation;

// A diamond pipeline run locally: prep writes readings; features and stats each read them (in parallel); report
// reads both and writes the pipeline's output. Each step is a child job; its data reaches the next step as files.

// What the pipeline takes and gives.
var rows = Input.Integer("rows", 500);
var seed = Input.Integer("seed", 7);
var report = Output.UriFolder("report");

// prep: a seeded synthetic table.
var prepRows = Input.Integer("rows");
var prepSeed = Input.Integer("seed");
var readings = Output.UriFolder("readings");
var prep = Step().WithCommand($"python3 prep.py --rows {prepRows} --seed {prepSeed} --out {readings}")
    .AsStep("prep")
    .WithInput(prepRows, rows)                     // ${{parent.inputs.rows}}
    .WithInput(prepSeed, seed);

// features and stats both read prep's output: two edges, and the two steps can run at once.
var data = Input.UriFolder("data");
var featureTable = Output.UriFolder("features");
var features = Step().WithCommand($"python3 features.py --data {data} --out {featureTable}")
    .AsStep("features")
    .WithInput(data, prep.Output(readings));       // ${{parent.jobs.prep.outputs.readings}}

var summary = Output.UriFolder("stats");
var stats = Step().WithCommand($"python3 stats.py --data {data} --out {summary}")
    .AsStep("stats")
    .WithInput(data, prep.Output(readings));

// report joins both branches and writes the pipeline's output.
var featuresIn = Input.UriFolder("features");
var statsIn = Input.UriFolder("stats");
var reportOut = Output.UriFolder("report");
var reportStep = Step().WithCommand($"python3 report.py --features {featuresIn} --stats {statsIn} --out {reportOut}")
    .AsStep("report")
    .WithInput(featuresIn, features.Output(featureTable))
    .WithInput(statsIn, stats.Output(summary))
    .WithOutput(reportOut, report);                // ${{parent.outputs.report}}

PipelineJob pipeline = new PipelineJobBuilder()
    .WithDisplayName("Pipeline sample: sensor report")
    .WithExperiment("pipeline-sample")
    .WithTag("sample", "pipeline")
    .WithSteps(prep, features, stats, reportStep)
    .Build();

// The local workspace: $TRAININGJOBS_HOME, else ~/.trainingjobs. Independent steps run in parallel up to
// LocalWorkspaceOptions.MaxConcurrentJobs (default: the number of cores).
var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace());
Job submitted;
try
{
    submitted = await client.SubmitAsync(pipeline, new SubmitOptions { BaseDirectory = AppContext.BaseDirectory });
}
catch (JobValidationException refused)
{
    // The local planning's diagnostics (a missing file, an unbound input…), one per line.
    Console.Error.WriteLine(refused.Message);
    return 1;
}
Console.WriteLine($"Submitted pipeline {submitted.Name}; streaming every step until it ends.");

// One stream for the whole pipeline: each event says which step it came from (null: the pipeline itself).
await foreach (var e in client.StreamAsync(submitted.Name))
{
    var who = e.StepName is null ? "[pipeline]" : $"[{e.StepName}]";
    Console.WriteLine(e switch
    {
        JobLogEvent log => $"  {who} {log.Text}",
        JobMetricEvent metric => $"  {who} [metric] {metric.Metric.Key} = {metric.Metric.Value:0.####}",
        JobStatusEvent status => $"{who} [{status.ChangedOn:HH:mm:ss.fff}] {status.Status}" + (status.Error is null ? "" : $": {status.Error.Message}"),
        _ => $"{who} {e}",
    });
}

var finished = await client.WaitForCompletionAsync(submitted.Name);
Console.WriteLine();
Console.WriteLine($"Pipeline {finished.Name}: {finished.Status} in {Seconds(finished.StartedOn, finished.EndedOn)}");
if (finished.Error is not null) Console.WriteLine($"  error: {finished.Error.Message}");

// The steps are child jobs of the pipeline, as `tj job list --parent-job-name <pipeline>` lists them.
var children = new List<Job>();
await foreach (var child in client.GetJobsAsync(new JobQuery { ParentJobName = finished.Name })) children.Add(child);
Console.WriteLine($"  {children.Count} step job(s):");
// A step's job has the step's name as its display name: list them in the pipeline's order.
var stepOrder = pipeline.Steps.Keys.ToList();
foreach (var child in children.OrderBy(c => stepOrder.IndexOf(c.DisplayName ?? "")))
{
    // A step identical to an earlier completed one (same command, code, environment, inputs' contents) is not run
    // again: run the sample twice in one workspace and every step says which job it reused.
    var reused = child.ReusedJobName is { } original ? $"  reused {original}" : "";
    Console.WriteLine($"    {child.DisplayName ?? child.Name,-12} {child.Name,-36} {child.Status,-10} {Seconds(child.StartedOn, child.EndedOn)}{reused}");
}

if (finished.Status == JobStatus.Completed)
{
    var downloadPath = Path.Combine("pipeline-output", finished.Name);
    var download = await client.DownloadAsync(finished.Name, new DownloadOptions { All = true, DownloadPath = downloadPath });
    foreach (var output in download.Downloaded) Console.WriteLine($"  downloaded {output.Name}: {Path.GetFullPath(output.LocalPath)} ({output.FileCount} file(s))");
    foreach (var missing in download.Missing) Console.WriteLine($"  nothing to download for {missing}");
    var reportFile = Path.GetFullPath(Path.Combine(downloadPath, "named-outputs", "report", "report.md"));
    if (File.Exists(reportFile))
    {
        Console.WriteLine($"  report file: {reportFile}");
        Console.WriteLine();
        Console.WriteLine(await File.ReadAllTextAsync(reportFile));
    }
}
return finished.Status == JobStatus.Completed ? 0 : 1;

// Every step runs its script from the code folder copied with the app. On Azure ML the steps run in this curated
// environment; locally, an environment with no entry in the workspace's environment table runs on the machine's
// own python3 (the scripts need only its standard library), with a warning saying so.
static CommandJobBuilder Step() => new CommandJobBuilder()
    .WithCode("steps")
    .WithEnvironment("azureml://registries/azureml/environments/sklearn-1.5/versions/1");

static string Seconds(DateTimeOffset? start, DateTimeOffset? end) =>
    start is { } s && end is { } e ? $"{(e - s).TotalSeconds:0.0} s" : "-";
