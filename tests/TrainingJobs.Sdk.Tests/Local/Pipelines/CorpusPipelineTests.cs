using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Local.Pipelines;

/// <summary>
/// The azureml-examples pipelines under cli/jobs/pipelines-with-components/basics/, loaded from their YAML exactly
/// as <c>az ml job create --file</c> takes them and run on the local backend. Each is copied to a temp folder first;
/// the examples' <c>./data</c> folders are not in the corpus, so a small one is written where a pipeline reads one.
/// Those whose code is present run to completion; the rest are refused at submit with the reason.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class CorpusPipelineTests
{
    private static readonly string Basics = Path.Combine(TestPaths.Corpus, "yaml", "azureml-examples", "cli", "jobs", "pipelines-with-components", "basics");

    /// <summary>The examples whose code is all in the corpus (components as files, local data, machine tools).</summary>
    private static readonly string[] Runnable =
    [
        "1a_e2e_local_components", "2a_basic_component", "2b_component_with_input_output", "3a_basic_pipeline", "3b_pipeline_with_data",
        "4a_local_data_input", "5a_env_public_docker_image", "5b_env_registered", "6a_tf_hello_world", "6b_pytorch_hello_world",
    ];

    /// <summary>The examples that need what only Azure ML (or a missing file) gives, with the code that says so.</summary>
    private static readonly (string Example, string Code)[] Refused =
    [
        ("1b_e2e_registered_components", LocalDiagnosticCodes.StepNotRunnable), // azureml:my_train@latest: a registered component
        ("4b_datastore_datapath_uri", LocalDiagnosticCodes.NeedsAzureWorkspace), // azureml://datastores/…
        ("4c_web_url_input", LocalDiagnosticCodes.UnsupportedScheme), // https://…
        ("4d_data_input", LocalDiagnosticCodes.NeedsAzureWorkspace), // azureml:local-folder-example@latest
        ("6c_r_iris", LocalDiagnosticCodes.UnsupportedScheme), // https://…/iris.csv
    ];

    [Test]
    public void Every_basics_example_is_either_run_or_refused_here()
    {
        // 5c_env_conda_file imports pyjokes, which its conda file installs on Azure ML and nothing installs here.
        Directory.GetDirectories(Basics).Select(Path.GetFileName).Should()
            .BeEquivalentTo(Runnable.Concat(Refused.Select(r => r.Example)).Append("5c_env_conda_file"));
    }

    [TestCaseSource(nameof(Runnable))]
    public async Task A_basics_pipeline_whose_code_is_present_runs_to_completion(string example)
    {
        await using var ws = new TempWorkspace();
        var folder = CopyWithData(example, ws.Work);
        var pipeline = Load(folder);

        var submitted = await ws.Client.SubmitAsync(pipeline, new SubmitOptions { BaseDirectory = folder });
        var done = await ws.WaitAsync(submitted.Name);

        done.Status.Should().Be(JobStatus.Completed, done.Error?.Message);
        var steps = new List<Job>();
        await foreach (var child in ws.Client.GetJobsAsync(new JobQuery { ParentJobName = submitted.Name })) steps.Add(child);
        steps.Select(s => s.Definition.DisplayName).Should().BeEquivalentTo(((PipelineJob)pipeline).Steps.Keys);
        steps.Should().OnlyContain(s => s.Status == JobStatus.Completed);
    }

    [TestCaseSource(nameof(Refused))]
    public async Task A_basics_pipeline_that_needs_azure_is_refused_at_submit_with_the_reason((string Example, string Code) refused)
    {
        await using var ws = new TempWorkspace();
        var folder = CopyWithData(refused.Example, ws.Work);
        var pipeline = Load(folder);

        var submit = () => ws.Client.SubmitAsync(pipeline, new SubmitOptions { BaseDirectory = folder });

        (await submit.Should().ThrowAsync<JobValidationException>()).Which.Diagnostics
            .Should().Contain(d => d.Code == refused.Code && d.Path.StartsWith("jobs.", StringComparison.Ordinal));
        var listed = new List<Job>();
        await foreach (var job in ws.Client.GetJobsAsync()) listed.Add(job);
        listed.Should().BeEmpty("a refused pipeline leaves nothing behind");
    }

    private static JobDefinition Load(string folder)
    {
        var loaded = YamlJobLoader.Load(Path.Combine(folder, "pipeline.yml"));
        loaded.Definition.Should().NotBeNull(string.Join("; ", loaded.Diagnostics));
        return loaded.Definition!;
    }

    private static string CopyWithData(string example, string work)
    {
        var target = Path.Combine(work, example);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Basics, example), "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Path.Combine(Basics, example), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        if (File.ReadAllText(Path.Combine(target, "pipeline.yml")).Contains("./data", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(Path.Combine(target, "data"));
            File.WriteAllText(Path.Combine(target, "data", "sample.txt"), "hello from the test's data folder\n");
        }
        return target;
    }
}
