using System.Text.Json.Nodes;
using Json.Schema;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Tests.Local;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>
/// The documented record schema (docs/schemas/job-record.schema.json) holds what the SDK writes: records of real jobs
/// validate against it, and a record with a field the schema does not name does not, so the two cannot drift apart.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class RecordSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(RepositoryRoot(), "docs", "schemas", "job-record.schema.json"));

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TrainingJobs.Sdk.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("The repository root (TrainingJobs.Sdk.sln) is not above the test folder.");
    }

    private static IReadOnlyList<string> Problems(JsonNode record)
    {
        var result = Schema.Evaluate(record, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid ? [] : result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).ToList();
    }

    [Test]
    public async Task Records_of_a_completed_job_with_files_a_failed_job_and_a_pipeline_step_validate()
    {
        await using var ws = new TempWorkspace();
        var data = ws.WriteFile("data/a.csv", "1\n");
        ws.WriteFile("code/run.sh", "cp \"$1\" \"$2\"/copy.csv\n");
        var done = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "sh run.sh ${{inputs.data}} ${{outputs.out}}",
            Code = Path.Combine(ws.Work, "code"),
            Inputs = ValueMap.Of<JobInput>(
                ("data", new AssetInput { Type = AssetType.UriFile, Path = data }),
                ("epochs", new LiteralInput { Value = 3 })),
            Outputs = ValueMap.Of(("out", new JobOutput())),
        });
        var failed = await ws.Client.SubmitAsync(new CommandJob { Command = "echo broken; exit 3" });
        var pipeline = await ws.Client.SubmitAsync(Local.Pipelines.LocalPipelineTests.Diamond(Path.Combine(ws.Work, "runs.txt"), ws.WriteFile("seed.txt", "2")));
        await ws.WaitAsync(done.Name);
        await ws.WaitAsync(failed.Name);
        await ws.WaitAsync(pipeline.Name);
        var step = (await ws.Client.GetJobsAsync(new JobQuery { ParentJobName = pipeline.Name }).ToListAsync()).First();

        foreach (var name in new[] { done.Name, failed.Name, pipeline.Name, step.Name })
        {
            var record = JsonNode.Parse((await ws.Client.GetRecordAsync(name)).ToJson())!;
            Problems(record).Should().BeEmpty($"the record of {name} follows the documented schema");
        }
    }

    [Test]
    public async Task A_record_with_a_field_the_schema_does_not_name_or_a_bad_digest_is_refused()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "true" });
        await ws.WaitAsync(job.Name);
        var record = JsonNode.Parse((await ws.Client.GetRecordAsync(job.Name)).ToJson())!;
        Problems(record).Should().BeEmpty();

        var extra = record.DeepClone();
        extra["undocumented"] = 1;
        var badDigest = record.DeepClone();
        badDigest["code"] = new JsonObject { ["dir_hash1"] = "not-hex", ["files"] = new JsonArray() };

        Problems(extra).Should().NotBeEmpty();
        Problems(badDigest).Should().NotBeEmpty();
    }
}
