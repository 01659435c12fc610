using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Docs.Snippets.Rest;

/// <summary>The REST snippets shown in docs/rest.md; compiled and run by the test project.</summary>
public static class RestSnippets
{
    /// <summary>Builds the PUT body of a command job, as the page shows.</summary>
    public static (RestPayload Payload, RestMappingSession Session) ToRest()
    {
        #region Snippet:ToRest
        var job = new CommandJob
        {
            Command = "python train.py --lr ${{inputs.lr}} --data ${{inputs.data}}",
            Code = "./src",
            Environment = new EnvironmentReference("azureml:sklearn-1.5:3"),
            Compute = "azureml:cpu-cluster",
            Inputs = ValueMap.Of<JobInput>(
                ("lr", new LiteralInput { Value = 0.01 }),
                ("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:2", Mode = InputMode.Download })),
            Limits = new CommandJobLimits { Timeout = TimeSpan.FromHours(2) },
        };

        var session = new RestMappingSession(new AzureMLWorkspaceScope("<subscription-id>", "my-rg", "my-ws"));
        RestPayload payload = JobRestMapper.ToRest(job, session);

        string body = payload.ToJson();                        // {"properties": {"jobType": "Command", ...}}
        foreach (var diagnostic in payload.Diagnostics)        // TJ2003: ./src is uploaded before the PUT
        {
            Console.Error.WriteLine(diagnostic);
        }
        foreach (PendingAsset asset in session.PendingAssets)  // what to create before the PUT, under the id the body uses
        {
            Console.Error.WriteLine($"{asset.Kind} {asset.Path} -> {asset.WireValue}");
        }
        #endregion
        _ = body;
        return (payload, session);
    }

    /// <summary>Reads a GET response or a list page back, as the page shows.</summary>
    public static IReadOnlyList<RestJobReadResult> Read(string json)
    {
        #region Snippet:Read
        IReadOnlyList<RestJobReadResult> jobs = JobRestMapper.ReadJobs(json); // one resource, or a list page
        foreach (RestJobReadResult job in jobs)
        {
            if (job.Definition is { } definition)
            {
                Console.WriteLine($"{job.Name}: {definition.Kind}, status {job.Status}");
            }
            else
            {
                // AutoML, Spark or a newer type: not modelled, but nothing is lost (job.Raw keeps the JSON).
                Console.WriteLine($"{job.Name}: {job.JobType} is not modelled by the SDK");
            }
        }
        #endregion
        return jobs;
    }
}
