using TrainingJobs.Sdk.Definitions;

// Until the local backend lands, the quick start defines a training job and prints its validation result.
var job = new CommandJob
{
    Name = "quickstart-logreg",
    ExperimentName = "quickstart",
    Command = "python train.py --data ${{inputs.data}} --lr ${{inputs.lr}} --model ${{outputs.model}}",
    Code = "./src",
    Inputs = ValueMap.Of<JobInput>(
        ("data", new AssetInput { Type = AssetType.UriFile, Path = "./data/iris.csv" }),
        ("lr", new LiteralInput { Value = 0.1 })),
    Outputs = ValueMap.Of(("model", new JobOutput())),
};

var diagnostics = job.Validate();
Console.WriteLine($"Job '{job.Name}' ({job.Kind}): {diagnostics.Count} diagnostic(s)");
foreach (var diagnostic in diagnostics)
{
    Console.WriteLine("  " + diagnostic);
}
return diagnostics.Any(d => d.IsError) ? 1 : 0;
