using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Local;

[Parallelizable(ParallelScope.All)]
public class MlflowContractTests
{
    private static string ContractFolder => Path.Combine(TestPaths.RepositoryRoot, "tests", "TrainingJobs.Sdk.Tests", "Local", "Contract");

    [Test]
    public async Task A_stdlib_client_replaying_stock_mlflow_sequences_gets_every_expected_answer_and_the_record_keeps_what_it_logged()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "python3 mlflow_contract.py", Code = ContractFolder, ExperimentName = "contract" });

        var done = await ws.WaitAsync(job.Name);

        var log = await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "user_logs", "std_log.txt"));
        done.Status.Should().Be(JobStatus.Completed, log);
        log.Should().Contain("contract ok");
        var record = await ws.Client.GetRecordAsync(job.Name);
        record.Metrics["loss"].Select(p => p.Value).Should().Equal(0.9, 0.5, 0.25);
        record.Metrics["acc"].Select(p => p.Step).Should().Equal(1, 2);
        double.IsNaN(record.Metrics["weird"].Single().Value).Should().BeTrue();
        double.IsPositiveInfinity(record.Metrics["big"].Single().Value).Should().BeTrue();
        record.Params.Should().BeEquivalentTo(new Dictionary<string, string> { ["lr"] = "0.1", ["epochs"] = "3" });
        record.MlflowTags.Should().Contain("team", "vision");
        record.MlflowDatasetInputs.Should().ContainSingle().Which.Should().Contain("\"abc123\"");
        record.MlflowModels.Should().ContainSingle().Which.Should().Contain("python_function");
        done.TrackingUri!.Host.Should().Be("127.0.0.1");
    }

    [Test]
    public async Task The_job_status_follows_the_exit_code_even_when_the_script_ends_its_run_FINISHED()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "python3 mlflow_contract.py",
            Code = ContractFolder,
            EnvironmentVariables = ValueMap.Of(("CONTRACT_EXIT_CODE", "4")),
        });

        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Failed);
        done.ExitCode.Should().Be(4);
        var events = await ws.StreamAllAsync(job.Name);
        events.OfType<JobMetricEvent>().Select(e => e.Metric.Key).Should().Contain(["loss", "acc"]);
    }
}
