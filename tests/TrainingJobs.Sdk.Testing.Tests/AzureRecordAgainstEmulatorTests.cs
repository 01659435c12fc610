using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;

namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>
/// The record of an Azure ML job, against the emulator (which runs the job) and its real Azurite: what the client
/// observed at submission (code and input digests, the submitter's object id from its token) comes back from the job's
/// properties, marked observed; the job itself is the service's; metrics and params are what the script reported.
/// </summary>
[NonParallelizable]
public sealed class AzureRecordAgainstEmulatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tj-azure-record-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_finished_jobs_record_joins_the_submitters_digests_and_identity_with_the_services_job_and_the_scripts_metrics()
    {
        var code = Path.Combine(_folder, "src");
        Directory.CreateDirectory(code);
        File.WriteAllText(Path.Combine(code, "run.py"), JobScripts.LogLoss + """
            log(0, 0.5)
            log(1, 0.25)
            request = urllib.request.Request(base + "runs/log-parameter", method="POST", data=json.dumps({"run_id": os.environ["MLFLOW_RUN_ID"],
                "key": "learning_rate", "value": "0.01"}).encode())
            request.add_header("Content-Type", "application/json")
            request.add_header("Authorization", "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"])
            urllib.request.urlopen(request, timeout=30).read()
            """);
        var data = Path.Combine(_folder, "labels.csv");
        File.WriteAllText(data, "cat,1\n");
        await using var session = await EmulatorSession.StartAsync();
        await session.Client.SubmitAsync(new CommandJob
        {
            Name = "recorded",
            Command = "python3 run.py ${{inputs.labels}}",
            Code = code,
            Inputs = ValueMap.Of<JobInput>(("labels", new AssetInput { Type = AssetType.UriFile, Path = data })),
            Environment = new EnvironmentReference("azureml:sklearn:3"),
            Compute = session.WorkspacePath + "/computes/cpu-cluster",
        });
        (await session.Client.WaitForCompletionAsync("recorded").WaitAsync(Bound)).Status.Should().Be(JobStatus.Completed);

        var record = await session.Client.GetRecordAsync("recorded");

        record.SubmittedBy.Should().Be(AzureMLEmulator.SignedInObjectId, "the object id comes from the client's token");
        record.CodeDigest.Should().MatchRegex("^[0-9a-f]{64}$");
        record.Inputs.Should().ContainSingle(i => i.Name == "labels").Which.Sha256.Should()
            .Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(data))), "the digest is the bytes uploaded");
        record.Metrics["loss"].Select(p => p.Value).Should().Equal(0.5, 0.25);
        record.Params.Should().Contain("learning_rate", "0.01");
        record.Sources["code"].Should().Be(FactSource.Observed);
        record.Sources["status"].Should().Be(FactSource.Service);
        record.Sources["metrics"].Should().Be(FactSource.Reported);
        record.Compute!.Kind.Should().Be("azureml");
        var json = JsonNode.Parse(record.ToJson())!;
        json["submitter"]!["source"]!.GetValue<string>().Should().Be("observed");
        json["status"]!["source"]!.GetValue<string>().Should().Be("service");
    }
}
