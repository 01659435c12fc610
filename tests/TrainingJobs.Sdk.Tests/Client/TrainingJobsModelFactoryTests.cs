using System.Reflection;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;

namespace TrainingJobs.Sdk.Tests.Client;

public sealed class TrainingJobsModelFactoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Test]
    public void Every_output_model_of_the_client_namespace_has_a_factory_method()
    {
        // Output models: public, not static, not an options/query/input type, and not the client or the factory.
        var inputs = new[] { typeof(TrainingJobsClient), typeof(TrainingJobsModelFactory), typeof(SubmitOptions), typeof(StreamOptions), typeof(CancelOptions), typeof(DownloadOptions), typeof(JobQuery) };
        var models = typeof(Job).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(Job).Namespace && t.IsClass && !t.IsAbstract && !(t.IsAbstract && t.IsSealed) && !inputs.Contains(t))
            .ToList();
        var made = typeof(TrainingJobsModelFactory).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.ReturnType).ToHashSet();

        models.Should().Contain([typeof(Job), typeof(JobRecord), typeof(DownloadResult), typeof(JobStatusEvent), typeof(JobLogEvent), typeof(JobMetricEvent)]);
        models.Where(t => !made.Contains(t)).Should().BeEmpty("every output model a consumer may need to fake is made by TrainingJobsModelFactory");
        made.Should().Contain(typeof(JobStreamPosition));
    }

    [Test]
    public void A_job_carries_every_value_given()
    {
        var definition = new CommandJob { Command = "python train.py" };
        var job = TrainingJobsModelFactory.Job(
            name: "train-1", definition: definition, status: JobStatus.Failed, experimentName: "exp",
            tags: new Dictionary<string, string> { ["team"] = "ml" }, createdOn: T0, startedOn: T0.AddSeconds(1), endedOn: T0.AddSeconds(2),
            exitCode: 3, error: TrainingJobsModelFactory.JobError(JobErrorCode.JobTimeout, "too slow"), isArchived: true, parentJobName: "parent",
            statusHistory: [TrainingJobsModelFactory.JobStatusChange(JobStatus.Running, T0)], trackingUri: new Uri("http://127.0.0.1:5000"),
            studioUrl: new Uri("https://ml.azure.com/runs/job?wsid=/subscriptions/s"));

        job.Name.Should().Be("train-1");
        job.Definition.Name.Should().Be("train-1", "a submitted job's definition carries its name");
        job.Definition.Should().BeOfType<CommandJob>().Which.Command.Should().Be("python train.py");
        job.Status.Should().Be(JobStatus.Failed);
        job.IsTerminal.Should().BeTrue();
        job.ExperimentName.Should().Be("exp");
        job.Tags.Should().Equal(new Dictionary<string, string> { ["team"] = "ml" });
        (job.CreatedOn, job.StartedOn, job.EndedOn).Should().Be((T0, T0.AddSeconds(1), T0.AddSeconds(2)));
        job.ExitCode.Should().Be(3);
        job.Error.Should().Be(new JobError(JobErrorCode.JobTimeout, "too slow"));
        job.IsArchived.Should().BeTrue();
        job.ParentJobName.Should().Be("parent");
        job.StatusHistory.Should().Equal(new JobStatusChange(JobStatus.Running, T0));
        job.TrackingUri.Should().Be(new Uri("http://127.0.0.1:5000"));
        job.StudioUrl.Should().Be(new Uri("https://ml.azure.com/runs/job?wsid=/subscriptions/s"));
    }

    [Test]
    public void Defaults_make_a_completed_command_job()
    {
        var job = TrainingJobsModelFactory.Job();

        job.Name.Should().Be("job");
        job.Kind.Should().Be(JobKind.Command);
        job.Status.Should().Be(JobStatus.Completed);
        job.Tags.Should().BeEmpty();
        job.Error.Should().BeNull();
    }

    [Test]
    public void A_copied_collection_does_not_follow_later_changes_of_the_callers_own()
    {
        var tags = new Dictionary<string, string> { ["a"] = "1" };
        var job = TrainingJobsModelFactory.Job(tags: tags);
        tags["b"] = "2";

        job.Tags.Should().HaveCount(1);
        FluentActions.Invoking(() => ((IDictionary<string, string>)job.Tags).Add("c", "3")).Should().Throw<NotSupportedException>("a model's collections are read-only");
    }

    [Test]
    public void Stream_events_carry_their_values_and_positions()
    {
        var start = TrainingJobsModelFactory.JobStreamPosition(statusSequence: 2, metricSequence: 5, logOffsets: [new("user_logs/std_log.txt", 10)]);
        start.ToString().Should().Be("s=2;m=5;f:user_logs/std_log.txt=10");

        var status = TrainingJobsModelFactory.JobStatusEvent("j", JobStatus.Canceled, T0, TrainingJobsModelFactory.JobError(JobErrorCode.Canceled, "stop"), start);
        status.JobName.Should().Be("j");
        (status.Status, status.ChangedOn, status.Error!.Code, status.Position).Should().Be((JobStatus.Canceled, T0, JobErrorCode.Canceled, start));

        var log = TrainingJobsModelFactory.JobLogEvent("j", "héllo", "user_logs/std_log.txt", rank: 1, offset: 10, position: start);
        (log.Text, log.File, log.Rank, log.Offset).Should().Be(("héllo", "user_logs/std_log.txt", 1, 10L));
        log.Position.LogOffsets["user_logs/std_log.txt"].Should().Be(10 + 6 + 1, "the position moves past the line's UTF-8 bytes and its line break");

        var metric = TrainingJobsModelFactory.JobMetricEvent("j", TrainingJobsModelFactory.MetricPoint("loss", 0.5, 3, T0));
        metric.Metric.Should().Be(new MetricPoint("loss", 0.5, 3, T0));
        metric.Position.Should().Be(JobStreamPosition.Start);
        new JobEvent[] { status, log, metric }.Should().OnlyContain(e => e.StepName == null, "an event of the job itself has no step");
    }

    [Test]
    public void Stream_events_of_a_pipeline_step_carry_the_step_name()
    {
        var status = TrainingJobsModelFactory.JobStatusEvent("p", JobStatus.Running, stepName: "train");
        var log = TrainingJobsModelFactory.JobLogEvent("p", "x", "train/user_logs/std_log.txt", stepName: "train");
        var metric = TrainingJobsModelFactory.JobMetricEvent("p", stepName: "train");

        new JobEvent[] { status, log, metric }.Select(e => e.StepName).Should().Equal("train", "train", "train");
        log.Position.LogOffsets.Should().ContainKey("train/user_logs/std_log.txt").WhoseValue.Should().Be(2);
    }

    [Test]
    public void A_record_and_a_download_result_carry_every_value_given()
    {
        var job = TrainingJobsModelFactory.Job("r");
        var record = TrainingJobsModelFactory.JobRecord(
            job, codeDigest: "abc", boundCommand: "b", executedCommand: "e", environmentResolution: "machine",
            inputs: [TrainingJobsModelFactory.ResolvedInput("data", "uri_file", "/tmp/d", "f00")],
            outputs: new Dictionary<string, string> { ["model"] = "/ws/model" },
            outputDigests: new Dictionary<string, OutputDigest> { ["model"] = TrainingJobsModelFactory.OutputDigest("d1", 2, 30) },
            submittedBy: "me@host",
            metrics: new Dictionary<string, IReadOnlyList<MetricPoint>> { ["loss"] = [TrainingJobsModelFactory.MetricPoint("loss", 1)] },
            @params: new Dictionary<string, string> { ["lr"] = "0.1" },
            mlflowTags: new Dictionary<string, string> { ["mlflow.user"] = "me" },
            mlflowDatasetInputs: ["{}"], mlflowModels: ["{\"m\":1}"], warnings: ["w"]);

        record.Job.Should().BeSameAs(job);
        (record.CodeDigest, record.BoundCommand, record.ExecutedCommand, record.EnvironmentResolution, record.SubmittedBy).Should().Be(("abc", "b", "e", "machine", "me@host"));
        record.Inputs.Should().Equal(new ResolvedInput("data", "uri_file", "/tmp/d", "f00"));
        record.Outputs["model"].Should().Be("/ws/model");
        record.OutputDigests["model"].Should().Be(new OutputDigest("d1", 2, 30));
        record.Metrics["loss"].Should().Equal(new MetricPoint("loss", 1, 0, default));
        record.Params["lr"].Should().Be("0.1");
        record.MlflowTags["mlflow.user"].Should().Be("me");
        record.MlflowDatasetInputs.Should().Equal("{}");
        record.MlflowModels.Should().Equal("{\"m\":1}");
        record.Warnings.Should().Equal("w");

        var download = TrainingJobsModelFactory.DownloadResult(
            [TrainingJobsModelFactory.DownloadedOutput("model", "/d/named-outputs/model", 2, 30)], ["logs"], [TrainingJobsModelFactory.SkippedItem("artifacts/outputs/x", "a link")]);
        download.Downloaded.Should().Equal(new DownloadedOutput("model", "/d/named-outputs/model", 2, 30));
        download.Missing.Should().Equal("logs");
        download.Skipped.Should().Equal(new SkippedItem("artifacts/outputs/x", "a link"));
    }

    [Test]
    public void A_record_carries_its_files_git_state_compute_and_sources()
    {
        var file = TrainingJobsModelFactory.FileDigest("model.bin", new string('a', 64), 12);
        var record = TrainingJobsModelFactory.JobRecord(
            environmentRequested: "azureml:sklearn:3",
            compute: TrainingJobsModelFactory.ComputeInfo("azureml", "cpu"),
            git: TrainingJobsModelFactory.GitState("abc", "main", isDirty: true, "https://example.com/r.git"),
            codeFiles: [file],
            inputFiles: new Dictionary<string, IReadOnlyList<FileDigest>> { ["data"] = [file] },
            outputFiles: new Dictionary<string, IReadOnlyList<FileDigest>> { ["model"] = [file] },
            sources: new Dictionary<string, FactSource> { ["metrics"] = FactSource.Reported });

        record.EnvironmentRequested.Should().Be("azureml:sklearn:3");
        record.Compute.Should().Be(new ComputeInfo("azureml", "cpu", null, null, null));
        record.Git!.IsDirty.Should().BeTrue();
        record.CodeFiles.Should().Equal(file);
        record.InputFiles["data"].Should().Equal(file);
        record.OutputFiles["model"].Should().Equal(file);
        record.Sources["metrics"].Should().Be(FactSource.Reported);
    }
}
