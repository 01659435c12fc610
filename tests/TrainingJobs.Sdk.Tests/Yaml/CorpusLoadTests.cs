using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

public class CorpusLoadTests
{
    [Test]
    public void Every_command_pipeline_and_sweep_job_loads_with_zero_errors_and_every_other_kind_is_unsupported()
    {
        var supported = YamlCorpus.Supported.ToList();
        var unsupported = YamlCorpus.Unsupported.ToList();
        var failures = new List<string>();
        var loaded = 0;
        var warnings = 0;
        foreach (var file in supported)
        {
            var result = YamlJobLoader.Load(file.FullPath);
            warnings += result.Diagnostics.Count(d => !d.IsError);
            if (result.Definition is null || result.HasErrors)
            {
                failures.Add($"{file}: " + string.Join(" | ", result.Diagnostics.Where(d => d.IsError)));
                continue;
            }
            result.Definition.Kind.ToString().Should().Be(file.JobKind, file.ToString());
            loaded++;
        }

        var rejected = 0;
        foreach (var file in unsupported)
        {
            var result = YamlJobLoader.Load(file.FullPath);
            var named = result.Diagnostics.Where(d =>
                d.IsError && d.Code is YamlDiagnosticCodes.UnsupportedJobKind or YamlDiagnosticCodes.UnsupportedNodeKind &&
                d.Message.Contains($"'{file.UnsupportedKind}'", StringComparison.Ordinal)).ToList();
            if (result.Definition is not null || named.Count == 0 || result.Diagnostics.Any(d => d.Location is null))
            {
                failures.Add($"{file}: expected the unsupported '{file.UnsupportedKind}' diagnostic, got " + string.Join(" | ", result.Diagnostics));
                continue;
            }
            if (file.UnsupportedKind == file.JobKind && result.Diagnostics.Count(d => d.IsError) != 1)
            {
                failures.Add($"{file}: an unsupported job kind must be exactly one error, got " + string.Join(" | ", result.Diagnostics));
                continue;
            }
            rejected++;
        }

        TestContext.Out.WriteLine($"Supported jobs (command/pipeline/sweep): {loaded}/{supported.Count} loaded with zero errors ({warnings} warnings).");
        foreach (var group in supported.GroupBy(f => f.JobKind)) TestContext.Out.WriteLine($"  {group.Key}: {group.Count()}");
        TestContext.Out.WriteLine($"Unsupported job or node kinds: {rejected}/{unsupported.Count} gave the unsupported diagnostic.");
        foreach (var group in unsupported.GroupBy(f => f.UnsupportedKind)) TestContext.Out.WriteLine($"  {group.Key}: {group.Count()}");
        failures.Should().BeEmpty();
        supported.Count.Should().BeGreaterThan(80, "the corpus holds the command, pipeline and sweep examples");
        unsupported.Count.Should().BeGreaterThan(30);
    }
}

public class CorpusDetailTests
{
    private static JobDefinition Load(string relative) =>
        YamlJobLoader.Load(Path.Combine(YamlCorpus.JobsRoot, relative), new YamlLoadOptions { Validate = false }).Definition!;

    [Test]
    public void A_component_version_written_01_stays_01()
    {
        var pipeline = (PipelineJob)Load("pipelines-with-components/basics/6c_r_iris/pipeline.yml");

        var component = pipeline.Steps.Values.Single().Component!.Definition!;
        component.Version.Should().Be("01");
        component.Name.Should().Be("r-iris-example");
    }

    [Test]
    public void A_component_number_default_written_1e_3_is_a_number()
    {
        var pipeline = (PipelineJob)Load("pipelines-with-components/pipeline_with_hyperparameter_sweep/pipeline.yml");

        var sweep = (SweepJob)pipeline.Steps["sweep_step"].Job;
        sweep.TrialReference!.Reference.Should().Be("./train.yml");
        sweep.Trial.Inputs["tol"].Should().Be(new LiteralInput { Type = LiteralType.Number, Default = LiteralValue.FromNumber(0.001) });
        sweep.Inputs["shrinking"].Should().Be(new LiteralInput { Value = false });
    }

    [Test]
    public void The_published_settings_typo_is_a_located_warning()
    {
        var path = Path.Combine(YamlCorpus.JobsRoot, "pipelines-with-components/basics/3a_basic_pipeline/pipeline.yml");

        var result = YamlJobLoader.Load(path, new YamlLoadOptions { Validate = false });

        result.Definition.Should().NotBeNull();
        var warning = result.Diagnostics.Should().ContainSingle().Subject;
        warning.Code.Should().Be(YamlDiagnosticCodes.UnknownKey);
        warning.Path.Should().Be("settings.default_datestore");
        warning.Location.Should().Be(new SourceLocation(path, 8, 3));
    }

    [Test]
    public void A_file_environment_and_a_literal_type_named_input_are_kept_as_written()
    {
        var gpu = (CommandJob)Load("single-step/gpu_perf/gpu_perf_job.yml");
        gpu.Environment.Should().Be(new EnvironmentReference("file:./environments/azureml/env.yml"));
        gpu.Distribution.Should().Be(new MpiDistribution { ProcessCountPerInstance = 1 });

        // hello-iris-literal.yml writes "type: uri_file" directly under inputs: az reads it as an input named "type".
        var iris = (CommandJob)Load("basics/hello-iris-literal.yml");
        iris.Inputs["type"].Should().Be(new LiteralInput { Value = "uri_file" });
        iris.Inputs["iris_csv"].Should().Be(new LiteralInput { Value = "https://azuremlexamples.blob.core.windows.net/datasets/iris.csv" });
    }
}
