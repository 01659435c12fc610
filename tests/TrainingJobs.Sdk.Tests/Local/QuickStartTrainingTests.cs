using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.Local;

[Parallelizable(ParallelScope.All)]
public class QuickStartTrainingTests
{
    [Test]
    public async Task The_QuickStart_training_code_learns_logs_metrics_through_the_stdlib_logger_and_writes_its_model()
    {
        await using var ws = new TempWorkspace();
        var sample = Path.Combine(TestPaths.RepositoryRoot, "samples", "QuickStart");
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "python3 train.py --data ${{inputs.data}} --lr 0.5 --epochs 100 --model-dir ${{outputs.model}}",
            Code = Path.Combine(sample, "train"),
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFile, Path = Path.Combine(sample, "data", "exams.csv") })),
            Outputs = ValueMap.Of(("model", new JobOutput())),
        });

        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var record = await ws.Client.GetRecordAsync(job.Name);
        record.Metrics["test_accuracy"][^1].Value.Should().BeGreaterThan(0.8);
        record.Metrics["train_loss"].Select(p => p.Value).Should().BeInDescendingOrder();
        record.Params.Should().Contain("epochs", "100");
        File.ReadAllText(Path.Combine(record.Outputs["model"], "model.json")).Should().Contain("\"weights\"");
    }
}
