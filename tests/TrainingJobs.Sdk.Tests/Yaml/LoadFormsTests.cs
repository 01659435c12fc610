using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>Each YAML form the corpus README lists, loaded into the model.</summary>
public class LoadFormsTests
{
    private static T Load<T>(string yaml)
        where T : JobDefinition
    {
        var result = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false, SourceName = "job.yml" });
        result.Diagnostics.Where(d => d.IsError).Should().BeEmpty();
        return result.Definition.Should().BeOfType<T>().Subject;
    }

    [Test]
    public void Literal_shorthand_inputs_keep_their_yaml_types()
    {
        var job = Load<CommandJob>("""
            command: echo
            inputs:
              an_int: 10
              a_number: 1.8
              an_exponent: 1e-3
              a_string: "literal string"
              a_bool: true
              a_python_bool: True
              a_quoted_bool: "True"
              leading_zero: 01
              negative: -1
            """);

        LiteralValue Value(string name) => ((LiteralInput)job.Inputs[name]).Value!.Value;
        Value("an_int").Should().Be(LiteralValue.FromInteger(10));
        Value("a_number").Should().Be(LiteralValue.FromNumber(1.8));
        Value("an_exponent").Should().Be(LiteralValue.FromNumber(0.001));
        Value("a_string").Should().Be(LiteralValue.FromString("literal string"));
        Value("a_bool").Should().Be(LiteralValue.FromBoolean(true));
        Value("a_python_bool").Should().Be(LiteralValue.FromBoolean(true));
        Value("a_quoted_bool").Should().Be(LiteralValue.FromString("True"));
        Value("leading_zero").Should().Be(LiteralValue.FromString("01"));
        Value("negative").Should().Be(LiteralValue.FromInteger(-1));
    }

    [Test]
    public void Value_typed_declared_untyped_path_and_binding_inputs()
    {
        var job = Load<CommandJob>("""
            command: echo
            inputs:
              boxed: {value: 15}
              declared: {type: number, default: 1e-3, min: 0, max: 1, optional: true, description: lr}
              choice: {type: string, default: a, enum: [a, b]}
              folder: {path: ../data, mode: ro_mount}
              file: {type: uri_file, path: azureml://datastores/ws/paths/x.csv, mode: download}
              bound: ${{parent.inputs.x}}
              bound_typed: {type: uri_folder, path: "${{parent.jobs.a.outputs.b}}", mode: direct}
            """);

        job.Inputs["boxed"].Should().Be(new LiteralInput { Value = 15 });
        job.Inputs["declared"].Should().Be(new LiteralInput
        {
            Type = LiteralType.Number, Default = LiteralValue.FromNumber(0.001), Min = 0, Max = 1, Optional = true, Description = "lr",
        });
        ((LiteralInput)job.Inputs["choice"]).Enum.Should().Equal("a", "b");
        job.Inputs["folder"].Should().Be(new AssetInput { Type = AssetType.UriFolder, TypeIsExplicit = false, Path = "../data", Mode = InputMode.ReadOnlyMount });
        job.Inputs["file"].Should().Be(new AssetInput { Type = AssetType.UriFile, Path = "azureml://datastores/ws/paths/x.csv", Mode = InputMode.Download });
        job.Inputs["bound"].Should().Be(new BindingInput { Expression = "${{parent.inputs.x}}" });
        job.Inputs["bound_typed"].Should().Be(new BindingInput { Expression = "${{parent.jobs.a.outputs.b}}", Type = "uri_folder", Mode = InputMode.Direct });
    }

    [Test]
    public void Bare_null_registered_and_bound_outputs()
    {
        var job = Load<CommandJob>("""
            command: echo
            outputs:
              bare:
              upload: {mode: upload}
              registered: {type: uri_folder, mode: upload, name: my_data, version: 01}
              control: {type: boolean, is_control: true}
              bound: ${{parent.outputs.x}}
            """);

        job.Outputs["bare"].Should().Be(new JobOutput());
        job.Outputs["upload"].Mode.Should().Be(OutputMode.Upload);
        job.Outputs["registered"].Should().Be(new JobOutput { Type = "uri_folder", Mode = OutputMode.Upload, AssetName = "my_data", AssetVersion = "01" });
        job.Outputs["control"].IsControl.Should().BeTrue();
        job.Outputs["bound"].Path.Should().Be("${{parent.outputs.x}}");
    }

    [Test]
    public void Enum_spellings_are_case_insensitive()
    {
        var pytorch = Load<CommandJob>("command: echo\ndistribution: {type: Pytorch, process_count_per_instance: 2}\nidentity: {type: AMLToken}\n");
        pytorch.Distribution.Should().Be(new PyTorchDistribution { ProcessCountPerInstance = 2 });
        pytorch.Identity.Should().BeOfType<AmlTokenIdentity>();

        var tensorflow = Load<CommandJob>("command: echo\ndistribution: {type: TensorFlow, worker_count: 2}\nidentity: {type: Managed, client_id: abc}\n");
        tensorflow.Distribution.Should().Be(new TensorFlowDistribution { WorkerCount = 2 });
        tensorflow.Identity.Should().Be(new ManagedIdentity { ClientId = "abc" });

        Load<CommandJob>("command: echo\nidentity: {type: aml_token}\n").Identity.Should().BeOfType<AmlTokenIdentity>();
        Load<CommandJob>("command: echo\nidentity: {type: user_identity}\n").Identity.Should().BeOfType<UserIdentity>();
    }

    [Test]
    public void Fields_that_do_not_belong_to_a_distribution_type_are_kept_for_validation()
    {
        var job = Load<CommandJob>("command: echo\ndistribution: {type: pytorch, worker_count: 2}\n");

        job.Distribution!.AdditionalFields.Should().ContainKey("worker_count");
        job.Distribution.AdditionalFields["worker_count"].Json.Should().Be("2");
    }

    [Test]
    public void Environment_references_and_inline_forms()
    {
        foreach (var reference in new[]
                 {
                     "azureml:AzureML-sklearn-0.24-ubuntu18.04-py37-cpu:1", "azureml:my-env@latest",
                     "azureml://registries/azureml/environments/sklearn-1.5/labels/latest", "azureml:myTestEnv:18.04:2022",
                     "file:../environment/env.yml",
                 })
        {
            Load<CommandJob>($"command: echo\nenvironment: {reference}\n").Environment.Should().Be(new EnvironmentReference(reference));
        }

        var conda = Load<CommandJob>("""
            command: echo
            environment:
              image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest
              conda_file:
                name: env
                dependencies: [python=3.10, {pip: [mlflow]}]
            """);
        var inline = conda.Environment.Should().BeOfType<InlineEnvironment>().Subject;
        inline.CondaSpecification!.Json.Should().Be("""{"name":"env","dependencies":["python=3.10",{"pip":["mlflow"]}]}""");

        var build = Load<CommandJob>("command: echo\nenvironment: {build: {path: docker-context, dockerfile_path: Dockerfile.gpu}}\n");
        ((InlineEnvironment)build.Environment!).Build.Should().Be(new BuildContext("docker-context", "Dockerfile.gpu"));
    }

    [Test]
    public void Placeholders_are_kept_exactly_as_written()
    {
        const string command = "python train.py --lr {inputs.lr} $[[--seed ${{inputs.seed}}]] $[[${{inputs.a.b}}]] --out ${{outputs.model}}";
        var job = Load<CommandJob>($"command: >-\n  {command}\n");

        job.Command.Should().Be(command);
    }

    [Test]
    public void Dotted_input_names_stay_one_name()
    {
        var job = Load<PipelineJob>("""
            type: pipeline
            jobs:
              node:
                command: echo ${{inputs.component_in_group.sub1.integer}}
                inputs:
                  component_in_group.sub1.integer: 10
            """);

        job.Steps["node"].Job.Inputs.Should().ContainKey("component_in_group.sub1.integer");
    }

    [Test]
    public void Durations_in_seconds_and_iso_8601()
    {
        Load<CommandJob>("command: echo\nlimits: {timeout: 30}\n").Limits!.Timeout.Should().Be(TimeSpan.FromSeconds(30));
        Load<CommandJob>("command: echo\nlimits: {timeout: PT1H}\n").Limits!.Timeout.Should().Be(TimeSpan.FromHours(1));
    }

    [Test]
    public void Sampling_algorithm_as_text_or_mapping_and_nested_search_spaces()
    {
        const string sweep = """
            type: sweep
            trial: {command: "python t.py --lr ${{search_space.lr}}"}
            sampling_algorithm: SAMPLING
            objective: {goal: Maximize, primary_metric: acc}
            limits: {max_total_trials: 4}
            search_space:
              lr: {type: loguniform, min_value: -6, max_value: -1}
              q: {type: qnormal, mu: 10, sigma: 2, q: 1}
              n: {type: randint, upper: 5}
              model:
                type: choice
                values:
                  - {name: a, depth: {type: choice, values: [1, 2]}}
                  - {name: b}
            """;

        var random = Load<SweepJob>(sweep.Replace("SAMPLING", "random", StringComparison.Ordinal));
        random.SamplingAlgorithm.Should().Be(new RandomSamplingAlgorithm { IsShorthand = true });
        random.Objective.Should().Be(new SweepObjective("acc", Goal.Maximize));
        random.SearchSpace["lr"].Should().Be(new UniformParameter { MinValue = -6, MaxValue = -1, Log = true });
        random.SearchSpace["q"].Should().Be(new NormalParameter { Mu = 10, Sigma = 2, Q = 1 });
        random.SearchSpace["n"].Should().Be(new RandIntParameter(5));
        var group = ((ChoiceParameter)random.SearchSpace["model"]).Values[0].Group!;
        group["name"].Should().Be(new ConstantParameter("a"));
        group["depth"].Should().BeOfType<ChoiceParameter>();

        Load<SweepJob>(sweep.Replace("SAMPLING", "{type: random, seed: 999, rule: sobol, logbase: e}", StringComparison.Ordinal)).SamplingAlgorithm
            .Should().Be(new RandomSamplingAlgorithm { Seed = 999, Rule = "sobol", LogBase = "e" });
        Load<SweepJob>(sweep.Replace("SAMPLING", "{type: random, logbase: 2.5}", StringComparison.Ordinal)).SamplingAlgorithm
            .Should().Be(new RandomSamplingAlgorithm { LogBase = "2.5" });
        Load<SweepJob>(sweep.Replace("SAMPLING", "grid", StringComparison.Ordinal)).SamplingAlgorithm.Should().BeOfType<GridSamplingAlgorithm>();
        Load<SweepJob>(sweep.Replace("SAMPLING", "Bayesian", StringComparison.Ordinal)).SamplingAlgorithm.Should().BeOfType<BayesianSamplingAlgorithm>();
    }

    [Test]
    public void Compute_and_code_forms_are_kept_as_written()
    {
        foreach (var compute in new[] { "azureml:cpu-cluster", "local", "azureml:serverless", "/subscriptions/x/resourceGroups/r/providers/Microsoft.MachineLearningServices/virtualclusters/v" })
        {
            Load<CommandJob>($"command: echo\ncompute: {compute}\n").Compute.Should().Be(compute);
        }
        Load<CommandJob>("command: echo\ncode: git+https://github.com/o/r.git@testBranch&subdirectory=sub\n").Code
            .Should().Be("git+https://github.com/o/r.git@testBranch&subdirectory=sub");
    }

    [Test]
    public void Pipeline_settings_services_resources_and_queue_settings()
    {
        var job = Load<PipelineJob>("""
            type: pipeline
            settings: {default_compute: azureml:cpu, default_datastore: azureml:ws, continue_on_step_failure: False, force_rerun: true}
            jobs:
              train:
                command: echo
                resources: {instance_count: 2, instance_type: Standard_NC6, shm_size: 4g, locations: [westus, eastus], properties: {singularity: &id001 {a: 1}}}
                queue_settings: {job_tier: Spot, priority: high}
                services:
                  ssh: {type: ssh, ssh_public_keys: key, nodes: all}
            """);

        job.Settings.Should().Be(new PipelineSettings { DefaultCompute = "azureml:cpu", DefaultDatastore = "azureml:ws", ContinueOnStepFailure = false, ForceRerun = true });
        var train = (CommandJob)job.Steps["train"].Job;
        train.Resources!.ShmSize.Should().Be("4g");
        train.Resources.Locations.Should().Equal("westus", "eastus");
        train.Resources.Properties["singularity"].Json.Should().Be("""{"a":1}""");
        train.QueueSettings.Should().Be(new QueueSettings { JobTier = JobTier.Spot, Priority = "high" });
        train.Services["ssh"].Should().Be(new JobService { Type = "ssh", SshPublicKeys = "key", Nodes = "all" });
    }

    [Test]
    public void Unsupported_job_kinds_are_one_error_naming_the_kind()
    {
        foreach (var kind in new[] { "automl", "spark", "finetuning", "parallel", "data_transfer", "AutoML" })
        {
            var result = YamlJobLoader.LoadText($"type: {kind}\ntask: classification\n", new YamlLoadOptions { SourceName = "job.yml" });

            result.Definition.Should().BeNull();
            var error = result.Diagnostics.Should().ContainSingle().Subject;
            error.Code.Should().Be(YamlDiagnosticCodes.UnsupportedJobKind);
            error.Message.Should().Contain($"'{kind.ToLowerInvariant()}'");
            error.Location.Should().Be(new SourceLocation("job.yml", 1, 7));
        }
    }

    [Test]
    public void Without_a_type_the_schema_names_the_kind_and_else_it_is_a_command()
    {
        Load<SweepJob>("$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json\ntrial: {command: echo}\nsampling_algorithm: grid\nobjective: {goal: maximize, primary_metric: a}\nlimits: {max_total_trials: 4}\n");
        Load<CommandJob>("command: echo\n");

        var spark = YamlJobLoader.LoadText("$schema: https://azuremlschemas.azureedge.net/latest/sparkJob.schema.json\nentry: {file: a.py}\n");
        spark.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("'spark'");
    }

    [Test]
    public void Unsupported_node_kinds_are_one_error_per_node_naming_the_kind()
    {
        var result = YamlJobLoader.LoadText("""
            type: pipeline
            jobs:
              ok: {command: echo}
              loop:
                type: do_while
                body: ${{parent.jobs.ok}}
                condition: ${{parent.jobs.ok.outputs.flag}}
              batch:
                type: parallel
                mini_batch_size: 10
            """, new YamlLoadOptions { SourceName = "job.yml" });

        result.Definition.Should().BeNull();
        result.Diagnostics.Should().HaveCount(2);
        result.Diagnostics.Should().OnlyContain(d => d.Code == YamlDiagnosticCodes.UnsupportedNodeKind);
        result.Diagnostics[0].Message.Should().Contain("'do_while'");
        result.Diagnostics[0].Location!.Line.Should().Be(5);
        result.Diagnostics[1].Message.Should().Contain("'parallel'");
    }

    [TestCase("automl")]
    [TestCase("if_else")]
    [TestCase("import")]
    [TestCase("parallel")]
    public void The_unsupported_node_message_reads_correctly_whatever_letter_the_kind_starts_with(string kind)
    {
        var result = YamlJobLoader.LoadText($"type: pipeline\njobs:\n  step:\n    type: {kind}\n", new YamlLoadOptions { SourceName = "job.yml" });

        var message = result.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.UnsupportedNodeKind).Subject.Message;
        message.Should().StartWith($"Step 'step' is a node of kind '{kind}'");
        message.Should().NotMatchRegex(@"\ba '[aeiou]");
    }

    [Test]
    public void A_key_a_search_space_parameter_lacks_is_refused_naming_its_type_and_its_keys()
    {
        var result = YamlJobLoader.LoadText("""
            type: sweep
            trial: {command: "python t.py --lr ${{search_space.lr}}", environment: azureml:env:1}
            sampling_algorithm: random
            objective: {goal: maximize, primary_metric: acc}
            search_space:
              lr: {type: uniform, min_value: 0.01, max_value: 0.1, colour: red}
            """, new YamlLoadOptions { SourceName = "job.yml", Validate = false });

        var error = result.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.InvalidValue && d.Path == "search_space.lr.colour").Subject;
        error.Message.Should().Contain("'colour'").And.Contain("search space parameter of type 'uniform'").And.Contain("type, min_value, max_value");
        error.Location!.Line.Should().Be(6);
    }

    [Test]
    public void Validator_diagnostics_get_the_line_of_their_path()
    {
        var result = YamlJobLoader.LoadText("type: command\n\nenvironment: azureml:env:1\n", new YamlLoadOptions { SourceName = "job.yml" });

        var fromValidator = result.Diagnostics.Where(d => d.Code.StartsWith("TJ0", StringComparison.Ordinal)).ToList();
        fromValidator.Should().NotBeEmpty("a command job without a command is invalid");
        fromValidator.Should().OnlyContain(d => d.Location != null && d.Location.File == "job.yml");
        result.SourceMap.Locate("environment").Should().Be(new SourceLocation("job.yml", 3, 1));
        result.SourceMap.Locate("environment.something.deeper").Should().Be(new SourceLocation("job.yml", 3, 1));
    }

    [Test]
    public void Expression_diagnostics_point_at_the_start_of_the_value_that_holds_the_expression()
    {
        var result = YamlJobLoader.LoadText(
            "type: pipeline\njobs:\n  train:\n    command:   python train.py ${{inputs.missing}} ${{inputs.lr\n    environment: azureml:env:1\n" +
            "  eval:\n    command: >-\n      python eval.py\n      $[[--x ${{inputs.x}}]] ${{inputs.x}}\n    environment: azureml:env:1\n" +
            "    inputs:\n      x: {type: integer, optional: true}\n",
            new YamlLoadOptions { SourceName = "job.yml" });

        var unknown = result.Diagnostics.Should().ContainSingle(d => d.Code == "TJ0003").Subject;
        unknown.Location.Should().Be(new SourceLocation("job.yml", 4, 16), "the value starts after the spaces that follow 'command:'");
        result.Diagnostics.Should().ContainSingle(d => d.Code == "TJ0023").Which.Location.Should().Be(new SourceLocation("job.yml", 4, 16));
        result.Diagnostics.Should().ContainSingle(d => d.Code == "TJ0027").Which.Location.Should().Be(new SourceLocation("job.yml", 7, 14));
        result.SourceMap.Locate("jobs.train.command").Should().Be(new SourceLocation("job.yml", 4, 5), "Locate still gives the key");
        result.SourceMap.LocateValue("jobs.train.command").Should().Be(new SourceLocation("job.yml", 4, 16));
        result.SourceMap.LocateValue("jobs.train.command.deeper").Should().Be(new SourceLocation("job.yml", 4, 5), "an unrecorded path falls back to Locate");
    }
}
