using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>Component and trial references: resolved against the YAML file's folder, on real files.</summary>
public class ReferenceTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tj-yaml-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "components"));
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private string Write(string relative, string yaml)
    {
        var path = Path.Combine(_folder, relative);
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string TrainComponent = """
        $schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
        type: command
        name: train
        version: 01
        is_deterministic: false
        display_name: Train
        inputs:
          lr: {type: number, default: 0.01}
          data: {type: uri_folder}
        outputs:
          model: {type: mlflow_model}
        code: ./src
        environment: azureml:sklearn@latest
        command: python train.py --lr ${{inputs.lr}} --data ${{inputs.data}} --model ${{outputs.model}}
        """;

    [Test]
    public void File_and_plain_relative_component_references_resolve_against_the_yaml_folder()
    {
        Write("components/train.yml", TrainComponent);
        var pipeline = Write("pipeline.yml", """
            type: pipeline
            jobs:
              a:
                type: command
                component: file:./components/train.yml
                inputs: {lr: 0.1}
              b:
                component: components/train.yml
            """);

        var result = YamlJobLoader.Load(pipeline, new YamlLoadOptions { Validate = false });

        result.Diagnostics.Should().BeEmpty();
        var job = (PipelineJob)result.Definition!;
        var a = job.Steps["a"].Component!;
        a.Reference.Should().Be("file:./components/train.yml");
        a.Definition!.Name.Should().Be("train");
        a.Definition.Version.Should().Be("01");
        a.Definition.IsDeterministic.Should().BeFalse();
        a.Definition.SourcePath.Should().Be(Path.Combine(_folder, "components", "train.yml"));
        var body = a.Definition.Body.Should().BeOfType<CommandJob>().Subject;
        body.DisplayName.Should().Be("Train");
        body.Inputs["lr"].Should().Be(new LiteralInput { Type = LiteralType.Number, Default = LiteralValue.FromNumber(0.01) });
        job.Steps["b"].Component!.Reference.Should().Be("components/train.yml");
        job.Steps["b"].Component!.Definition.Should().Be(a.Definition);
        var lrInComponent = new SourceLocation(Path.Combine(_folder, "components", "train.yml"), 8, 3);
        result.SourceMap.Locate("jobs.a.component.inputs.lr").Should().Be(lrInComponent);
        result.SourceMap.Locate("jobs.b.component.inputs.lr").Should().Be(lrInComponent, "a component read once is located for every step that uses it");
    }

    [Test]
    public void Trial_references_resolve_to_the_component_command()
    {
        Write("components/train.yml", TrainComponent);
        var sweep = Write("sweep.yml", """
            type: sweep
            trial: file:components/train.yml
            sampling_algorithm: random
            search_space: {lr: {type: uniform, min_value: 0.001, max_value: 0.1}}
            objective: {goal: maximize, primary_metric: accuracy}
            limits: {max_total_trials: 4}
            """);

        var job = (SweepJob)YamlJobLoader.Load(sweep, new YamlLoadOptions { Validate = false }).Definition!;

        job.TrialReference!.Reference.Should().Be("file:components/train.yml");
        job.Trial.Command.Should().StartWith("python train.py");
        job.Trial.Should().Be(job.TrialReference.Definition!.Body);
    }

    [Test]
    public void Azureml_references_are_kept_as_written_without_resolution()
    {
        var result = YamlJobLoader.LoadText("""
            type: pipeline
            jobs:
              a: {component: "azureml:my_train@latest"}
              b: {component: "azureml:Train:31"}
              c: {component: "azureml://registries/azureml/components/compute_metrics/versions/0.0.26"}
              d:
                type: sweep
                trial: azureml:train:1
                sampling_algorithm: grid
                objective: {goal: minimize, primary_metric: loss}
                limits: {max_total_trials: 4}
            """, new YamlLoadOptions { Validate = false });

        var job = (PipelineJob)result.Definition!;
        job.Steps["a"].Component.Should().Be(new ComponentReference { Reference = "azureml:my_train@latest" });
        job.Steps["c"].Component!.Reference.Should().Be("azureml://registries/azureml/components/compute_metrics/versions/0.0.26");
        ((SweepJob)job.Steps["d"].Job).TrialReference.Should().Be(new ComponentReference { Reference = "azureml:train:1" });
    }

    [Test]
    public void An_inline_component_is_read_in_place()
    {
        var result = YamlJobLoader.LoadText("""
            type: pipeline
            jobs:
              a:
                type: command
                component:
                  name: inline
                  version: 2
                  inputs: {x: {type: integer}}
                  command: echo ${{inputs.x}}
                inputs: {x: 3}
            """, new YamlLoadOptions { Validate = false });

        var component = ((PipelineJob)result.Definition!).Steps["a"].Component!;
        component.Reference.Should().BeNull();
        component.Definition!.Name.Should().Be("inline");
        component.Definition.Version.Should().Be("2");
        ((CommandJob)component.Definition.Body).Command.Should().Be("echo ${{inputs.x}}");
    }

    [Test]
    public void A_missing_component_file_is_an_error_at_the_reference()
    {
        var pipeline = Write("pipeline.yml", "type: pipeline\njobs:\n  a:\n    component: ./components/missing.yml\n");

        var result = YamlJobLoader.Load(pipeline);

        result.Definition.Should().BeNull();
        var error = result.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.UnresolvedReference);
        error.Path.Should().Be("jobs.a.component");
        error.Location.Should().Be(new SourceLocation(pipeline, 4, 16));
    }

    [Test]
    public void Problems_inside_a_component_file_point_into_that_file()
    {
        var component = Write("components/bad.yml", "type: command\ncommand: echo\nresources:\n  instance_count: lots\n");
        var pipeline = Write("pipeline.yml", "type: pipeline\njobs:\n  a:\n    component: ./components/bad.yml\n");

        var result = YamlJobLoader.Load(pipeline);

        var error = result.Diagnostics.Should().ContainSingle().Subject;
        error.Path.Should().Be("jobs.a.component.resources.instance_count");
        error.Location.Should().Be(new SourceLocation(component, 4, 19));
    }

    [Test]
    public void Component_cycles_are_reported_not_followed_forever()
    {
        Write("components/p1.yml", "type: pipeline\njobs:\n  x:\n    type: pipeline\n    component: ./p2.yml\n");
        Write("components/p2.yml", "type: pipeline\njobs:\n  y:\n    type: pipeline\n    component: ./p1.yml\n");
        var pipeline = Write("pipeline.yml", "type: pipeline\njobs:\n  a:\n    type: pipeline\n    component: ./components/p1.yml\n");

        var result = YamlJobLoader.Load(pipeline);

        result.Definition.Should().BeNull();
        result.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.ReferenceCycle);
    }

    [Test]
    public void A_component_of_an_unsupported_kind_is_one_error_naming_it()
    {
        Write("components/spark.yml", "type: spark\nentry: {file: x.py}\n");
        var pipeline = Write("pipeline.yml", "type: pipeline\njobs:\n  a:\n    component: ./components/spark.yml\n");

        var result = YamlJobLoader.Load(pipeline);

        result.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("'spark'");
    }

    [Test]
    public void Loaded_file_references_round_trip_when_reloaded_from_the_same_folder()
    {
        Write("components/train.yml", TrainComponent);
        var pipeline = Write("pipeline.yml", "type: pipeline\njobs:\n  a:\n    component: file:./components/train.yml\n    inputs: {lr: 0.1}\n");
        var first = YamlJobLoader.Load(pipeline, new YamlLoadOptions { Validate = false }).Definition!;

        var saved = YamlJobWriter.Write(first);
        var second = YamlJobLoader.LoadText(saved, new YamlLoadOptions { Validate = false, BaseDirectory = _folder }).Definition;

        saved.Should().Contain("component: file:./components/train.yml");
        second.Should().Be(first);
    }
}
