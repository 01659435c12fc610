using TrainingJobs.Sdk;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;

// Submits a command job to an Azure ML workspace, streams its status and logs, and downloads its outputs.
//
//   dotnet run --project samples/AzureSubmit -- --subscription <guid> -g <resource group> -w <workspace> [--compute <name>]
//   dotnet run --project samples/AzureSubmit -- --emulator      # against the Azure ML emulator, in this process
//
// Settings not given as arguments come from TRAININGJOBS_SUBSCRIPTION, TRAININGJOBS_RESOURCE_GROUP,
// TRAININGJOBS_WORKSPACE and TRAININGJOBS_ARM_ENDPOINT (the variables tj reads). Sign-in is DefaultAzureCredential.
var settings = Settings.Parse(args);
if (settings.Error is { } error)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine("usage: AzureSubmit [--emulator] [--subscription S] [-g RESOURCE_GROUP] [-w WORKSPACE] [--compute C] [--environment E] [--download-path P]");
    return 2;
}

AzureMLEmulator? emulator = null;
try
{
    AzureMLWorkspaceOptions workspace;
    if (settings.Emulator)
    {
        // The emulator's Azurite comes from tools/azurite (./test.sh installs it) above this program's folder.
        emulator = await AzureMLEmulator.StartAsync();
        // DefaultAzureCredential signs in through the emulator's managed-identity endpoint: the same credential as
        // against Azure, with no test-only path in the client.
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", emulator.IdentityEndpoint.AbsoluteUri);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", emulator.IdentityHeader);
        workspace = emulator.CreateWorkspaceOptions();
        Console.WriteLine($"Emulator: {emulator.ArmEndpoint} (workspace {emulator.WorkspaceName}, Blob storage {emulator.BlobServiceUri})");
    }
    else
    {
        workspace = new AzureMLWorkspaceOptions
        {
            SubscriptionId = settings.Subscription,
            ResourceGroupName = settings.ResourceGroup,
            WorkspaceName = settings.Workspace,
        };
        if (settings.ArmEndpoint is { } endpoint) workspace.ArmEndpoint = endpoint;
    }

    var result = Output.UriFolder("result");
    CommandJob job = new CommandJobBuilder()
        .WithDisplayName("AzureSubmit: hello")
        .WithExperiment("azuresubmit")
        // The folder next to this program, uploaded once per content as a code version of the workspace.
        .WithCode("job")
        .WithCommand($"bash hello.sh {result}")
        .WithEnvironment(settings.Environment)
        .WithCompute("azureml:" + settings.Compute)
        .WithTag("sample", "azuresubmit")
        .Build();

    var client = new TrainingJobsClient(new AzureMLTrainingJobsWorkspace(workspace));
    var submitted = await client.SubmitAsync(job, new SubmitOptions { BaseDirectory = AppContext.BaseDirectory });
    Console.WriteLine($"Submitted {submitted.Name}; streaming until it ends.");

    await foreach (var e in client.StreamAsync(submitted.Name))
    {
        Console.WriteLine(e switch
        {
            JobLogEvent log => "  " + log.Text,
            JobMetricEvent metric => $"  [metric] {metric.Metric.Key} = {metric.Metric.Value:0.####}",
            JobStatusEvent status => $"[status] {status.Status}" + (status.Error is null ? "" : $": {status.Error.Message}"),
            _ => e.ToString(),
        });
    }

    var finished = await client.WaitForCompletionAsync(submitted.Name);
    Console.WriteLine($"Job {finished.Name}: {finished.Status}");
    if (finished.Status != JobStatus.Completed) return 1;

    var folder = Path.Combine(settings.DownloadPath, finished.Name);
    var download = await client.DownloadAsync(finished.Name, new DownloadOptions { All = true, DownloadPath = folder });
    foreach (var output in download.Downloaded)
    {
        Console.WriteLine($"downloaded {output.Name}: {Path.GetFullPath(output.LocalPath)} ({output.FileCount} file(s))");
    }
    foreach (var missing in download.Missing) Console.WriteLine($"warning: output '{missing}' has no files to download.");
    var resultFile = Path.GetFullPath(Path.Combine(folder, "named-outputs", "result", "result.txt"));
    if (File.Exists(resultFile)) Console.WriteLine($"result file: {resultFile}");
    return 0;
}
finally
{
    if (emulator is not null) await emulator.DisposeAsync();
}

/// <summary>The sample's settings: arguments first, then the variables tj reads.</summary>
internal sealed record Settings(
    bool Emulator, string? Subscription, string? ResourceGroup, string? Workspace, Uri? ArmEndpoint,
    string Compute, string Environment, string DownloadPath, string? Error)
{
    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var emulator = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i] switch { "-g" => "--resource-group", "-w" => "--workspace-name", var other => other };
            if (name == "--emulator") { emulator = true; continue; }
            if (name is not ("--subscription" or "--resource-group" or "--workspace-name" or "--compute" or "--environment" or "--download-path"))
            {
                return Invalid($"error: unknown argument '{args[i]}'.");
            }
            if (i + 1 >= args.Length) return Invalid($"error: {args[i]} needs a value.");
            values[name] = args[++i];
        }
        string? Value(string option, string? variable) =>
            values.TryGetValue(option, out var given) ? given
            : variable is null ? null
            : System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

        var settings = new Settings(
            emulator,
            Value("--subscription", "TRAININGJOBS_SUBSCRIPTION"),
            Value("--resource-group", "TRAININGJOBS_RESOURCE_GROUP"),
            Value("--workspace-name", "TRAININGJOBS_WORKSPACE"),
            System.Environment.GetEnvironmentVariable("TRAININGJOBS_ARM_ENDPOINT") is { Length: > 0 } endpoint ? new Uri(endpoint) : null,
            Value("--compute", null) ?? "cpu-cluster",
            // A curated environment of the azureml registry, sent as written; the emulator runs the command on this machine.
            Value("--environment", null) ?? "azureml://registries/azureml/environments/sklearn-1.5/versions/1",
            Value("--download-path", null) ?? "azuresubmit-output",
            null);
        if (!emulator)
        {
            var missing = new[] { ("--subscription", settings.Subscription), ("--resource-group", settings.ResourceGroup), ("--workspace-name", settings.Workspace) }
                .Where(s => s.Item2 is null).Select(s => s.Item1).ToList();
            if (missing.Count > 0) return settings with { Error = $"error: no workspace: give {string.Join(", ", missing)} (or their TRAININGJOBS_* variables), or --emulator." };
        }
        return settings;
    }

    private static Settings Invalid(string error) => new(false, null, null, null, null, "", "", "", error);
}
