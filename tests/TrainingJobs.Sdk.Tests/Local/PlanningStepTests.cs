using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Local.Planning.Steps;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>Each planning step on its own, over a rehearsal context (nothing is written).</summary>
[Parallelizable(ParallelScope.All)]
public class PlanningStepTests
{
    private static PlanningContext ContextFor(CommandJob job, string? baseDirectory = null) =>
        new(job, PlanningFiles.Rehearsal(null), "/jobs/step-job", baseDirectory ?? Path.GetTempPath());

    private static CommandJob Job(Distribution? distribution = null, int? instances = null) => new()
    {
        Name = "step-job",
        Command = "python train.py",
        Distribution = distribution,
        Resources = instances is null ? null : new JobResources { InstanceCount = instances },
    };

    [Test]
    public void A_job_without_distribution_runs_one_process()
    {
        var layout = DistributionStep.Plan(ContextFor(Job(instances: 4)), processLimit: 256);

        layout.Should().Be(new DistributionStep.ProcessLayout(PlannedDistributionType.None, 1, 1, 0));
    }

    [Test]
    public void PyTorch_runs_processes_per_instance_on_every_instance()
    {
        var layout = DistributionStep.Plan(ContextFor(Job(new PyTorchDistribution { ProcessCountPerInstance = 3 }, instances: 2)), processLimit: 256);

        layout.Should().Be(new DistributionStep.ProcessLayout(PlannedDistributionType.PyTorch, 6, 3, 0));
    }

    [Test]
    public void TensorFlow_counts_workers_and_parameter_servers_across_the_job()
    {
        var layout = DistributionStep.Plan(ContextFor(Job(new TensorFlowDistribution { WorkerCount = 3, ParameterServerCount = 2 }, instances: 5)), processLimit: 256);

        layout.Should().Be(new DistributionStep.ProcessLayout(PlannedDistributionType.TensorFlow, 5, 5, 2));
    }

    [Test]
    public void A_process_count_above_the_limit_is_an_error_at_distribution()
    {
        var context = ContextFor(Job(new MpiDistribution { ProcessCountPerInstance = 10 }, instances: 3));

        DistributionStep.Plan(context, processLimit: 29);

        context.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == LocalDiagnosticCodes.TooManyProcesses && d.IsError && d.Path == "distribution" && d.Message.Contains("would start 30 processes"));
    }

    [Test]
    public void An_environment_without_an_entry_runs_the_command_as_it_is_with_a_warning()
    {
        var context = ContextFor(Job() with { Environment = new EnvironmentReference("azureml:sk:3") });

        var mapped = EnvironmentStep.Map(context, EnvironmentTable.Load("/nonexistent/environments.json"), "python train.py");

        mapped.Executed.Should().Be("python train.py");
        context.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(LocalDiagnosticCodes.EnvironmentNotMapped);
    }

    [Test]
    public void A_mapped_environment_prefixes_the_command()
    {
        var folder = Directory.CreateTempSubdirectory("tj-env-").FullName;
        try
        {
            var table = Path.Combine(folder, "environments.json");
            File.WriteAllText(table, "{\"sk\": \"conda run -n sk\"}");
            var context = ContextFor(Job() with { Environment = new EnvironmentReference("azureml:sk:3") });

            var mapped = EnvironmentStep.Map(context, EnvironmentTable.Load(table), "python train.py");

            mapped.Executed.Should().Be("conda run -n sk python train.py");
            mapped.Resolution.Should().Contain("mapped by entry 'sk'");
            context.Diagnostics.Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase("azureml:data:1", LocalDiagnosticCodes.NeedsAzureWorkspace)]
    [TestCase("https://example.com/data", LocalDiagnosticCodes.UnsupportedScheme)]
    [TestCase("git+https://example.com/repo", LocalDiagnosticCodes.UnsupportedScheme)]
    [TestCase("/surely/not/here", LocalDiagnosticCodes.PathNotFound)]
    public void A_path_the_local_backend_cannot_read_is_reported_where_the_job_names_it(string text, string code)
    {
        var context = ContextFor(Job());

        LocalPathResolver.Resolve(text, "inputs.data", context).Should().BeNull();

        context.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == code && d.Path == "inputs.data");
    }

    [Test]
    public void A_file_uri_resolves_to_the_local_path()
    {
        var folder = Directory.CreateTempSubdirectory("tj-path-").FullName;
        try
        {
            var context = ContextFor(Job());

            LocalPathResolver.Resolve("file://" + folder + "/", "code", context).Should().Be(folder);
            context.Diagnostics.Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Outputs_are_folders_in_the_job_and_a_path_of_their_own_is_warned_about()
    {
        var context = ContextFor(Job() with
        {
            Outputs = ValueMap.Of(("model", new JobOutput()), ("report", new JobOutput { Path = "azureml://datastores/x/paths/r" })),
        });

        var paths = OutputStep.Create(context);

        paths.Should().Equal(new Dictionary<string, string>
        {
            ["model"] = "/jobs/step-job/outputs/model",
            ["report"] = "/jobs/step-job/outputs/report",
        });
        context.Diagnostics.Should().ContainSingle().Which.Path.Should().Be("outputs.report.path");
    }

    [Test]
    public void A_binding_input_cannot_run_outside_a_pipeline_and_the_command_does_not_report_it_again()
    {
        var context = ContextFor(Job() with
        {
            Command = "python train.py ${{inputs.data}}",
            Inputs = ValueMap.Of<JobInput>(("data", new BindingInput { Expression = "${{parent.inputs.data}}" })),
        });

        var inputs = InputStep.Resolve(context);
        CommandStep.Bind(context, inputs, new Dictionary<string, string>());

        inputs.Planned.Should().BeEmpty();
        context.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == LocalDiagnosticCodes.UnboundReference && d.Path == "inputs.data");
    }
}
