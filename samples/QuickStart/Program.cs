using TrainingJobs.Sdk;
using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;

// Trains a logistic regression (pure-Python standard library) as a local job: submit, stream, metrics, download.
var data = Input.UriFile("data", "data/exams.csv");
var learningRate = Input.Number("lr", 0.5);
var epochs = Input.Integer("epochs", 200);
var model = Output.UriFolder("model");

CommandJob job = new CommandJobBuilder()
    .WithDisplayName("QuickStart: logistic regression")
    .WithExperiment("quickstart")
    .WithCode("train")
    // The same job runs on Azure ML in this curated environment; locally, an environment with no entry in the
    // workspace's environment table runs on the machine's own python3 (with a warning saying so).
    .WithEnvironment("azureml://registries/azureml/environments/sklearn-1.5/versions/1")
    .WithCommand($"python3 train.py --data {data} --lr {learningRate} --epochs {epochs} --model-dir {model}")
    .WithTag("sample", "quickstart")
    .Build();

// The local workspace: $TRAININGJOBS_HOME, else ~/.trainingjobs.
var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace());
var submitted = await client.SubmitAsync(job, new SubmitOptions { BaseDirectory = AppContext.BaseDirectory });
Console.WriteLine($"Submitted {submitted.Name}; streaming until it ends.");

await foreach (var e in client.StreamAsync(submitted.Name))
{
    Console.WriteLine(e switch
    {
        JobLogEvent log => "  " + log.Text,
        JobMetricEvent metric => $"  [metric] {metric.Metric.Key} = {metric.Metric.Value:0.####} (step {metric.Metric.Step})",
        JobStatusEvent status => $"[{status.ChangedOn:HH:mm:ss.fff}] {status.Status}" + (status.Error is null ? "" : $": {status.Error.Message}"),
        _ => e.ToString(),
    });
}

var finished = await client.WaitForCompletionAsync(submitted.Name);
var record = await client.GetRecordAsync(finished.Name);
Console.WriteLine();
Console.WriteLine($"Job {finished.Name}: {finished.Status} in {(finished.EndedOn - finished.StartedOn)?.TotalSeconds:0.0} s");
foreach (var (key, points) in record.Metrics) Console.WriteLine($"  final {key} = {points[^1].Value:0.####}");
foreach (var (key, value) in record.Params) Console.WriteLine($"  param {key} = {value}");
foreach (var warning in record.Warnings) Console.WriteLine($"  warning: {warning}");

var download = await client.DownloadAsync(finished.Name, new DownloadOptions { All = true, DownloadPath = Path.Combine("quickstart-output", finished.Name) });
foreach (var output in download.Downloaded) Console.WriteLine($"  downloaded {output.Name}: {Path.GetFullPath(output.LocalPath)} ({output.FileCount} file(s))");
var modelFile = Path.GetFullPath(Path.Combine("quickstart-output", finished.Name, "named-outputs", "model", "model.json"));
if (File.Exists(modelFile)) Console.WriteLine($"  model file: {modelFile}");
return finished.Status == JobStatus.Completed ? 0 : 1;
