using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>
/// The "Compared with azure-ai-ml" section of docs/yaml.md: every TJ code it names exists, every row has a YAML
/// case here, and each case loads with exactly the outcome the row's "ours" column states.
/// </summary>
public sealed partial class AzureAiMlComparisonTests
{
    private const string Job = "type: command\ncommand: python train.py\nenvironment: azureml:sklearn:1\ncompute: azureml:cpu\n";

    private const string Sweep = "type: sweep\ncompute: azureml:cpu\ntrial:\n  command: python t.py --lr ${{search_space.lr}}\n  environment: azureml:sklearn:1\n";

    private const string Objective = "objective: {goal: maximize, primary_metric: acc}\n";

    private const string Limits = "limits: {max_total_trials: 4}\n";

    private const string Uniform = "search_space:\n  lr: {type: uniform, min_value: 0.1, max_value: 1}\n";

    /// <summary>A complete random sweep; add one sweep field to it.</summary>
    private const string RandomSweep = Sweep + Objective + Limits + "sampling_algorithm: random\n" + Uniform;

    /// <summary>A random sweep job whose trial is <paramref name="trial"/> (a YAML scalar).</summary>
    private static string SweepJobWithTrial(string trial) =>
        "type: sweep\ncompute: azureml:cpu\ntrial: " + trial + "\n" + Objective + Limits + "sampling_algorithm: random\n" + Uniform;

    /// <summary>A pipeline whose step 'tune' is a random sweep with <paramref name="trial"/> (a YAML scalar) as its trial.</summary>
    private static string SweepStepWithTrial(string trial) =>
        "type: pipeline\ncompute: azureml:cpu\njobs:\n  tune:\n    type: sweep\n    trial: " + trial + "\n    sampling_algorithm: random\n" +
        "    search_space:\n      lr: {type: uniform, min_value: 0.1, max_value: 1}\n    objective: {goal: maximize, primary_metric: acc}\n" +
        "    limits: {max_total_trials: 4}\n";

    private const string Pipeline = "type: pipeline\ncompute: azureml:cpu\njobs:\n  train:\n    type: command\n    command: python train.py\n    environment: azureml:sklearn:1\n";

    /// <summary>
    /// A pipeline whose one step runs a command component written in place, with <paramref name="fields"/> (YAML at the
    /// component's level, lines separated by <c>\n</c>) added to it.
    /// </summary>
    private static string InlineComponent(string fields) =>
        "type: pipeline\ncompute: azureml:cpu\njobs:\n  train:\n    type: command\n    component:\n      type: command\n      command: echo hello\n" +
        "      environment: azureml:sklearn:1\n" + string.Concat(fields.Split('\n').Where(l => l.Length > 0).Select(l => "      " + l + "\n"));

    /// <summary>A pipeline whose one step runs an inline component with these inputs and outputs (YAML lines at eight spaces).</summary>
    private static string Component(string inputs, string outputs) =>
        "type: pipeline\ncompute: azureml:cpu\njobs:\n  train:\n    type: command\n    component:\n      command: echo hello\n" +
        "      environment: azureml:sklearn:1\n      inputs:\n        " + inputs + "\n      outputs:\n        " + outputs + "\n";

    private const string Workspace = "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w";

    /// <summary>A command component file the component rows load (written once per test process).</summary>
    private static readonly string ComponentFile = WriteComponentFile();

    /// <summary>The command job with <paramref name="environment"/> (a YAML value, block lines indented by two) as its environment.</summary>
    private static string Env(string environment) =>
        Job.Replace("environment: azureml:sklearn:1\n", "environment: " + environment + "\n", StringComparison.Ordinal);

    /// <summary>A pipeline whose step 'train' runs <paramref name="component"/>.</summary>
    private static string StepWith(string component) =>
        "type: pipeline\ncompute: azureml:cpu\njobs:\n  train:\n    type: command\n    component: " + component + "\n";

    /// <summary>Removes the component file's folder once the fixture's tests have run.</summary>
    [OneTimeTearDown]
    public void DeleteComponentFile() => Directory.Delete(Path.GetDirectoryName(ComponentFile)!, recursive: true);

    private static string WriteComponentFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"tj-azure-ai-ml-comparison-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "train.yml");
        File.WriteAllText(path, "type: command\nname: train\nversion: 1\ncommand: python train.py\nenvironment: azureml:sklearn:1\n");
        return path;
    }

    /// <summary>One case per table row; <see cref="Row.Field"/> is the row's first cell exactly as written.</summary>
    private static readonly Row[] Rows =
    [
        new("unknown top-level key (`descriptoin: x`)", Job + "descriptoin: x\n", YamlDiagnosticCodes.UnknownKey, "descriptoin"),
        new("`distribution.type: ray`", Job + "distribution:\n  type: ray\n", YamlDiagnosticCodes.InvalidValue, "distribution.type"),
        new("`distribution.type: horovod`", Job + "distribution:\n  type: horovod\n", YamlDiagnosticCodes.InvalidValue, "distribution.type"),
        new("`distribution` without `type`", Job + "distribution:\n  process_count_per_instance: 2\n", YamlDiagnosticCodes.MissingKey, "distribution"),
        new("a field of another type (`type: pytorch`, `worker_count: 2`)", Job + "distribution:\n  type: pytorch\n  worker_count: 2\n",
            ValidationCodes.InvalidDistribution, "distribution.worker_count"),
        new("`distribution.type: PyTorch` (any case)", Job + "distribution:\n  type: PyTorch\n  process_count_per_instance: 2\n", null, "distribution"),
        new("unknown key (`resources.gpu_count: 2`)", Job + "resources:\n  gpu_count: 2\n", YamlDiagnosticCodes.UnknownKey, "resources.gpu_count"),
        new("`resources.instance_count: many`", Job + "resources:\n  instance_count: many\n", YamlDiagnosticCodes.WrongType, "resources.instance_count"),
        new("unknown key (`limits.max_retries: 3`)", Job + "limits:\n  max_retries: 3\n", YamlDiagnosticCodes.UnknownKey, "limits.max_retries"),
        new("`queue_settings: {job_tier: Spot}`", Job + "queue_settings: {job_tier: Spot}\n", null, "queue_settings"),
        new("`queue_settings.job_tier: gold`", Job + "queue_settings: {job_tier: gold}\n", ValidationCodes.UnknownServiceValue, "queue_settings.job_tier"),
        new("`queue_settings.priority: urgent`", Job + "queue_settings: {priority: urgent}\n", ValidationCodes.UnknownServiceValue, "queue_settings.priority"),
        new("unknown key (`queue_settings.tier: spot`)", Job + "queue_settings: {tier: spot}\n", YamlDiagnosticCodes.UnknownKey, "queue_settings.tier"),
        new("`identity: {type: managed, client_id: x}`", Job + "identity: {type: managed, client_id: x}\n", null, "identity"),
        new("`identity: {type: managed, msi_resource_id: …}`", Job + "identity: {type: managed, msi_resource_id: /subscriptions/s/uai}\n", null, "identity"),
        new("`identity: {type: user_identity, client_id: x}`", Job + "identity: {type: user_identity, client_id: x}\n",
            YamlDiagnosticCodes.InvalidValue, "identity.client_id"),
        new("`services: {s: {type: ssh, ssh_public_keys: …, nodes: all}}`", Job + "services:\n  s: {type: ssh, ssh_public_keys: ssh-rsa AAA, nodes: all}\n", null, "services"),
        new("`services: {s: {type: tensor_board, log_dir: logs}}`", Job + "services:\n  s: {type: tensor_board, log_dir: logs}\n", null, "services"),
        new("service `type: SSH` (any case)", Job + "services:\n  s: {type: SSH, ssh_public_keys: ssh-rsa AAA}\n", null, "services"),
        new("a service without `type` (`{port: 22}`)", Job + "services:\n  s: {port: 22}\n", null, "services"),
        new("service `type: custom`", Job + "services:\n  s: {type: custom, port: 8080}\n", null, "services"),
        new("service `type: Studio`", Job + "services:\n  s: {type: Studio}\n", null, "services"),
        new("service `type: foo`", Job + "services:\n  s: {type: foo}\n", ValidationCodes.UnknownServiceValue, "services.s.type"),
        new("service `type: JupyterLab` (the REST spelling)", Job + "services:\n  s: {type: JupyterLab}\n", null, "services"),
        new("unknown key in a service (`{type: ssh, colour: red}`)", Job + "services:\n  s: {type: ssh, colour: red}\n", YamlDiagnosticCodes.InvalidValue,
            "services.s.colour"),
        new("a field of another type (`{type: ssh, log_dir: logs}`)", Job + "services:\n  s: {type: ssh, log_dir: logs}\n", YamlDiagnosticCodes.InvalidValue,
            "services.s.log_dir"),
        new("`status` in a service", Job + "services:\n  s: {type: ssh, status: Running}\n", YamlDiagnosticCodes.InvalidValue, "services.s.status"),
        new("`endpoint` in a service", Job + "services:\n  s: {type: custom, endpoint: https://example.org}\n", null, "services"),
        new("service `nodes: some`", Job + "services:\n  s: {type: ssh, nodes: some}\n", ValidationCodes.InvalidService, "services.s.nodes"),
        new("service `nodes: All`", Job + "services:\n  s: {type: ssh, nodes: All}\n", ValidationCodes.InvalidService, "services.s.nodes"),
        new("service `port: many`", Job + "services:\n  s: {type: ssh, port: many}\n", YamlDiagnosticCodes.WrongType, "services.s.port"),
        new("`services: {s: }` (a null service)", Job + "services:\n  s:\n", YamlDiagnosticCodes.WrongType, "services.s"),
        new("unknown key (`settings.default_datestore: x`)", Pipeline + "settings:\n  default_datestore: x\n", YamlDiagnosticCodes.UnknownKey, "settings.default_datestore"),
        new("`settings.continue_on_step_failure: maybe`", Pipeline + "settings:\n  continue_on_step_failure: maybe\n", YamlDiagnosticCodes.WrongType,
            "settings.continue_on_step_failure"),
        new("unknown key in an input (`{type: uri_folder, path: ./data, colour: red}`)", Job + "inputs:\n  d: {type: uri_folder, path: ./data, colour: red}\n",
            YamlDiagnosticCodes.InvalidValue, "inputs.d.colour"),
        new("input `type: uri_blob`", Job + "inputs:\n  d: {type: uri_blob, path: ./data}\n", ValidationCodes.UnknownServiceValue, "inputs.d.type"),
        new("input `mode: upload`", Job + "inputs:\n  d: {type: uri_folder, path: ./data, mode: upload}\n", ValidationCodes.UnknownServiceValue, "inputs.d.mode"),
        new("input `mode: eval_mount` on `uri_folder`", Job + "inputs:\n  d: {type: uri_folder, path: ./data, mode: eval_mount}\n",
            ValidationCodes.InputModeNotAllowedForType, "inputs.d.mode"),
        new("input `path: azureml://datastores/ws/paths/x`", Job + "inputs:\n  d: {type: uri_folder, path: azureml://datastores/ws/paths/x}\n", null, "inputs"),
        new("input `path: wasbs://…`", Job + "inputs:\n  d: {type: uri_folder, path: wasbs://c@a.blob.core.windows.net/x}\n", null, "inputs"),
        new("input `path: azureml:mydata:1`", Job + "inputs:\n  d: {type: uri_folder, path: azureml:mydata:1}\n", null, "inputs"),
        new("input `path: azureml:mydata` (no version, no label)", Job + "inputs:\n  d: {type: uri_folder, path: azureml:mydata}\n",
            ValidationCodes.DataReferenceWithoutVersion, "inputs.d.path"),
        new("input `path: azureml:mydata@latest`", Job + "inputs:\n  d: {type: uri_folder, path: azureml:mydata@latest}\n",
            ValidationCodes.UnversionedDataReference, "inputs.d.path"),
        new("unknown key in an output (`{type: uri_folder, colour: red}`)", Job + "outputs:\n  o: {type: uri_folder, colour: red}\n",
            YamlDiagnosticCodes.UnknownKey, "outputs.o.colour"),
        new("output `mode: download`", Job + "outputs:\n  o: {type: uri_folder, mode: download}\n", ValidationCodes.UnknownServiceValue, "outputs.o.mode"),
        new("`sampling_algorithm: sobolish`", Sweep + Objective + Limits + "sampling_algorithm: sobolish\n" + Uniform, YamlDiagnosticCodes.InvalidValue,
            "sampling_algorithm"),
        new("`sampling_algorithm: Random` (any case)", Sweep + Objective + Limits + "sampling_algorithm: Random\n" + Uniform, null, "sampling_algorithm"),
        new("`sampling_algorithm: {type: random, seed: 1, rule: sobol}`", Sweep + Objective + Limits + "sampling_algorithm: {type: random, seed: 1, rule: sobol}\n" + Uniform,
            null, "sampling_algorithm"),
        new("`sampling_algorithm: {type: grid, seed: 1}`", Sweep + Objective + Limits + "sampling_algorithm: {type: grid, seed: 1}\nsearch_space:\n  lr: {type: choice, values: [1, 2]}\n",
            YamlDiagnosticCodes.InvalidValue, "sampling_algorithm.seed"),
        new("search space entry of an unknown type (`{type: beta}`)", Sweep + Objective + Limits + "sampling_algorithm: random\nsearch_space:\n  lr: {type: beta, a: 1}\n",
            YamlDiagnosticCodes.UnrecognizedSearchSpaceEntry, "search_space.lr"),
        new("search space type one typo away (`{type: unifrom}`)", Sweep + Objective + Limits + "sampling_algorithm: random\nsearch_space:\n  lr: {type: unifrom, min_value: 0.1, max_value: 1}\n",
            YamlDiagnosticCodes.InvalidValue, "search_space.lr"),
        new("unknown key in a search space entry (`colour: red`)", Sweep + Objective + Limits + "sampling_algorithm: random\nsearch_space:\n  lr: {type: uniform, min_value: 0.1, max_value: 1, colour: red}\n",
            YamlDiagnosticCodes.InvalidValue, "search_space.lr.colour"),
        new("a field of another distribution (`{type: uniform, min_value: 0, max_value: 1, mu: 0.5}`)",
            Sweep + Objective + Limits + "sampling_algorithm: random\nsearch_space:\n  lr: {type: uniform, min_value: 0, max_value: 1, mu: 0.5}\n",
            YamlDiagnosticCodes.InvalidValue, "search_space.lr.mu"),
        new("unknown key in `sampling_algorithm` (`{type: random, colour: red}`)", Sweep + Objective + Limits + "sampling_algorithm: {type: random, colour: red}\n" + Uniform,
            YamlDiagnosticCodes.InvalidValue, "sampling_algorithm.colour"),
        new("`sampling_algorithm: grid` over a `uniform` entry", Sweep + Objective + Limits + "sampling_algorithm: grid\n" + Uniform,
            ValidationCodes.UnsupportedBySamplingAlgorithm, "search_space.lr"),
        new("`trial: azureml:train:1` in a sweep job", SweepJobWithTrial("azureml:train:1"), ValidationCodes.RegisteredTrialInSweepJob, "trial"),
        new("`trial: ./train.yml` (a component file) in a sweep job", SweepJobWithTrial(ComponentFile), null, "trial"),
        new("sweep step `trial: azureml:train:1`", SweepStepWithTrial("azureml:train:1"), null, "jobs.tune"),
        new("sweep step `trial: azureml:train` (no version, no label)", SweepStepWithTrial("azureml:train"), ValidationCodes.UnpinnedComponentOrCode, "jobs.tune.trial"),
        new("sweep step `trial: azureml://registries/r/components/train/versions/1`", SweepStepWithTrial("azureml://registries/r/components/train/versions/1"), null,
            "jobs.tune"),
        new("sweep step `trial: file:<path>` (a component file)", SweepStepWithTrial("file:" + ComponentFile), null, "jobs.tune.trial"),
        new("`objective.goal: maximise`", Sweep + "objective: {goal: maximise, primary_metric: acc}\n" + Limits + "sampling_algorithm: random\n" + Uniform,
            ValidationCodes.InvalidObjective, "objective.goal"),
        new("`objective.goal: Maximize`", Sweep + "objective: {goal: Maximize, primary_metric: acc}\n" + Limits + "sampling_algorithm: random\n" + Uniform, null, "objective"),
        new("`objective` without `primary_metric`", Sweep + "objective: {goal: maximize}\n" + Limits + "sampling_algorithm: random\n" + Uniform,
            YamlDiagnosticCodes.MissingKey, "objective"),
        new("unknown key (`limits.max_trials: 3`)", Sweep + Objective + "limits: {max_total_trials: 4, max_trials: 3}\nsampling_algorithm: random\n" + Uniform,
            YamlDiagnosticCodes.UnknownKey, "limits.max_trials"),
        new("`limits.max_total_trials: many`", Sweep + Objective + "limits: {max_total_trials: many}\nsampling_algorithm: random\n" + Uniform,
            YamlDiagnosticCodes.WrongType, "limits.max_total_trials"),
        new("a sweep without `limits`", Sweep + Objective + "sampling_algorithm: random\n" + Uniform, YamlDiagnosticCodes.MissingKey, "limits"),
        new("`limits: {max_concurrent_trials: 2}` (no `max_total_trials`)", Sweep + Objective + "limits: {max_concurrent_trials: 2}\nsampling_algorithm: random\n" + Uniform,
            YamlDiagnosticCodes.MissingKey, "limits"),
        new("`early_termination.type: MedianStopping`", RandomSweep + "early_termination: {type: MedianStopping}\n", null, "early_termination"),
        new("`early_termination.type: asha`", RandomSweep + "early_termination: {type: asha}\n", YamlDiagnosticCodes.InvalidValue, "early_termination.type"),
        new("`early_termination` without `type`", RandomSweep + "early_termination: {slack_factor: 0.1}\n", YamlDiagnosticCodes.MissingKey, "early_termination"),
        new("a field of another policy (`type: median_stopping`, `slack_factor: 0.1`)", RandomSweep + "early_termination: {type: median_stopping, slack_factor: 0.1}\n",
            YamlDiagnosticCodes.InvalidValue, "early_termination.slack_factor"),
        new("unknown key in a policy (`{type: bandit, slack_factor: 0.1, colour: red}`)", RandomSweep + "early_termination: {type: bandit, slack_factor: 0.1, colour: red}\n",
            YamlDiagnosticCodes.InvalidValue, "early_termination.colour"),
        new("`truncation_selection` without `truncation_percentage`", RandomSweep + "early_termination: {type: truncation_selection}\n",
            ValidationCodes.InvalidEarlyTermination, "early_termination"),
        new("`bandit` without `slack_factor` or `slack_amount`", RandomSweep + "early_termination: {type: bandit}\n", ValidationCodes.InvalidEarlyTermination,
            "early_termination"),
        new("unknown key in a component (`colour: red`)", InlineComponent("colour: red"), YamlDiagnosticCodes.UnknownKey, "jobs.train.component.colour"),
        new("a component without `name`", InlineComponent(""), null, "jobs.train"),
        new("component `name: Bad.Name-1`", InlineComponent("name: Bad.Name-1"), null, "jobs.train"),
        new("a component without `type`", InlineComponent("").Replace("      type: command\n", "", StringComparison.Ordinal), null, "jobs.train"),
        new("component `type: sweep`", InlineComponent("").Replace("      type: command\n", "      type: sweep\n", StringComparison.Ordinal),
            YamlDiagnosticCodes.UnsupportedNodeKind, "jobs.train"),
        new("a command component without `environment`", InlineComponent("").Replace("      environment: azureml:sklearn:1\n", "", StringComparison.Ordinal),
            ValidationCodes.RequiredFieldMissing, "jobs.train"),
        new("a command component without `command`", InlineComponent("").Replace("      command: echo hello\n", "", StringComparison.Ordinal),
            ValidationCodes.RequiredFieldMissing, "jobs.train"),
        new("component input without `type` (`x: {default: 1}`)", InlineComponent("inputs:\n  x: {default: 1}"), YamlDiagnosticCodes.MissingKey,
            "jobs.train.component.inputs.x"),
        new("component output without `type` (`o: {}`)", InlineComponent("outputs:\n  o: {}"), YamlDiagnosticCodes.MissingKey, "jobs.train.component.outputs.o"),
        new("component output `o:` (null)", InlineComponent("outputs:\n  o:"), YamlDiagnosticCodes.WrongType, "jobs.train.component.outputs.o"),
        new("component input given as a value (`x: 1`)", InlineComponent("inputs:\n  x: 1"), YamlDiagnosticCodes.WrongType, "jobs.train.component.inputs.x"),
        new("component tag `{team: }` (null)", InlineComponent("tags:\n  team:"), YamlDiagnosticCodes.WrongType, "jobs.train.component.tags.team"),
        new("unknown key in a component input (`{type: integer, colour: red}`)", InlineComponent("inputs:\n  x: {type: integer, default: 1, colour: red}"),
            YamlDiagnosticCodes.InvalidValue, "jobs.train.component.inputs.x.colour"),
        new("unknown key in a component's `resources`", InlineComponent("resources: {instance_count: 1, colour: red}"), YamlDiagnosticCodes.UnknownKey,
            "jobs.train.component.resources.colour"),
        new("component `is_deterministic: maybe`", InlineComponent("is_deterministic: maybe"), YamlDiagnosticCodes.WrongType, "jobs.train.component.is_deterministic"),
        new("unknown key in a step (`jobs.train.colour: red`)", Pipeline + "    colour: red\n", YamlDiagnosticCodes.UnknownKey, "jobs.train.colour"),
        new("unknown key in a pipeline output (`{type: uri_folder, colour: red}`)", Pipeline + "outputs:\n  o: {type: uri_folder, colour: red}\n",
            YamlDiagnosticCodes.UnknownKey, "outputs.o.colour"),
        new("no compute at any level (a step without `compute`, no `settings.default_compute`, no pipeline `compute`)",
            Pipeline.Replace("compute: azureml:cpu\n", "", StringComparison.Ordinal), null, "jobs.train"),
        new("`environment: azureml:sklearn:1`", Job, null, "environment"),
        new("`environment: azureml:sklearn@latest`", Env("azureml:sklearn@latest"), ValidationCodes.UnpinnedEnvironment, "environment"),
        new("`environment: azureml:sklearn` (no version, no label)", Env("azureml:sklearn"), ValidationCodes.UnpinnedEnvironment, "environment"),
        new("`environment: azureml://registries/azureml/environments/sklearn/versions/1`", Env("azureml://registries/azureml/environments/sklearn/versions/1"), null, "environment"),
        new("`environment: azureml://registries/azureml/environments/sklearn/labels/latest`", Env("azureml://registries/azureml/environments/sklearn/labels/latest"),
            ValidationCodes.UnpinnedEnvironment, "environment"),
        new("`environment: azureml:/subscriptions/…/environments/sklearn/versions/1`", Env("azureml:" + Workspace + "/environments/sklearn/versions/1"), null, "environment"),
        new("`environment: azureml:/subscriptions/…/environments/sklearn` (an ARM id without a version)", Env("azureml:" + Workspace + "/environments/sklearn"),
            ValidationCodes.DataReferenceWithoutVersion, "environment"),
        new("`environment: /subscriptions/…/environments/sklearn/versions/1` (no `azureml:`)", Env(Workspace + "/environments/sklearn/versions/1"), null, "environment"),
        new("`environment: sklearn:1` (no `azureml:`)", Env("sklearn:1"), ValidationCodes.UnresolvableEnvironmentReference, "environment"),
        new("`environment: {image: python:3.10-slim}`", Env("{image: \"python:3.10-slim\"}"), null, "environment"),
        new("`environment: {image: …, colour: red}`", Env("\n  image: python:3.10-slim\n  colour: red"), YamlDiagnosticCodes.InvalidValue, "environment.colour"),
        new("`environment: {image: …, dependencies: [python=3.10]}`", Env("\n  image: python:3.10-slim\n  dependencies: [python=3.10]"), YamlDiagnosticCodes.InvalidValue,
            "environment.dependencies"),
        new("`environment: {image: …, build: {path: ./ctx, colour: red}}`", Env("\n  image: python:3.10-slim\n  build: {path: ./ctx, colour: red}"),
            YamlDiagnosticCodes.InvalidValue, "environment.build.colour"),
        new("`environment: {image: …, os_type: linux}`", Env("\n  image: python:3.10-slim\n  os_type: linux"), YamlDiagnosticCodes.UnknownKey, "environment.os_type"),
        new("`environment: {image: …, name: my-env, version: 1}`", Env("\n  image: python:3.10-slim\n  name: my-env\n  version: 1"), null, "environment"),
        new("`code: ./src`", Job + "code: ./src\n", null, "code"),
        new("`code: ./missing` (no such folder)", Job + "code: ./missing\n", null, "code"),
        new("`code: file:./src`", Job + "code: file:./src\n", null, "code"),
        new("`code: azureml:mycode:1`", Job + "code: azureml:mycode:1\n", null, "code"),
        new("`code: azureml:mycode` (no version, no label)", Job + "code: azureml:mycode\n", ValidationCodes.DataReferenceWithoutVersion, "code"),
        new("`code: azureml:mycode@latest`", Job + "code: azureml:mycode@latest\n", ValidationCodes.UnpinnedComponentOrCode, "code"),
        new("`code: azureml:/subscriptions/…/codes/mycode` (an ARM id without a version)", Job + "code: azureml:" + Workspace + "/codes/mycode\n",
            ValidationCodes.DataReferenceWithoutVersion, "code"),
        new("`code: git+https://github.com/org/repo.git`", Job + "code: git+https://github.com/org/repo.git\n", null, "code"),
        new("`code: https://example.com/src.zip`", Job + "code: https://example.com/src.zip\n", null, "code"),
        new("`code: azureml://datastores/workspaceblobstore/paths/src`", Job + "code: azureml://datastores/workspaceblobstore/paths/src\n",
            ValidationCodes.StorageUriAsCode, "code"),
        new("`code: wasbs://…` (a storage URI)", Job + "code: wasbs://code@account.blob.core.windows.net/src\n", ValidationCodes.StorageUriAsCode, "code"),
        new("`component: azureml:train:1`", StepWith("azureml:train:1"), null, "jobs.train.component"),
        new("`component: azureml:train@latest`", StepWith("azureml:train@latest"), ValidationCodes.UnpinnedComponentOrCode, "jobs.train.component"),
        new("`component: azureml:train` (no version, no label)", StepWith("azureml:train"), ValidationCodes.UnpinnedComponentOrCode, "jobs.train.component"),
        new("`component: azureml://registries/r/components/train/versions/1`", StepWith("azureml://registries/r/components/train/versions/1"), null, "jobs.train.component"),
        new("`component: azureml:/subscriptions/…/components/train` (an ARM id without a version)", StepWith("azureml:" + Workspace + "/components/train"),
            ValidationCodes.DataReferenceWithoutVersion, "jobs.train.component"),
        new("`component: file:<path>` (a component file)", StepWith("file:" + ComponentFile), null, "jobs.train"),
        new("`component: <path>` (a component file, no `file:`)", StepWith(ComponentFile), null, "jobs.train"),
        new("`component: ./missing.yml`", StepWith("./missing.yml"), YamlDiagnosticCodes.UnresolvedReference, "jobs.train.component"),
        new("`component: train:1` (no `azureml:`)", StepWith("train:1"), YamlDiagnosticCodes.UnresolvedReference, "jobs.train.component"),
        new("job `name: bad.name`", Job + "name: bad.name\n", ValidationCodes.InvalidName, "name"),
        new("step name `Train`", Pipeline.Replace("  train:", "  Train:", StringComparison.Ordinal), ValidationCodes.InvalidName, "jobs.Train"),
        new("command job input `a.b` (a dotted name)", Job + "inputs:\n  a.b: 1\n", ValidationCodes.InvalidName, "inputs['a.b']"),
        new("pipeline job input `g.lr` (a parameter group)", Pipeline + "inputs:\n  g.lr: 0.1\n", null, "inputs"),
        new("pipeline output `m.o` (a dotted name)", Pipeline + "outputs:\n  m.o: {type: uri_folder}\n", ValidationCodes.InvalidName, "outputs['m.o']"),
        new("component input `1x` (starting with a digit)", Component("1x: {type: number, optional: true}", "o: {type: uri_folder}"), ValidationCodes.InvalidName,
            "jobs.train.component.inputs.1x"),
        new("component output `m-o` (a dash)", Component("x: {type: number, optional: true}", "m-o: {type: uri_folder}"), ValidationCodes.InvalidName,
            "jobs.train.component.outputs.m-o"),
        new("component input `g.x` (a parameter group)", Component("g.x: {type: number, optional: true}", "o: {type: uri_folder}"), null, "jobs.train.component"),
        new("component inputs `lr` and `LR`", Component("lr: {type: number, optional: true}\n        LR: {type: number, optional: true}", "o: {type: uri_folder}"),
            ValidationCodes.InvalidName, "jobs.train.component.inputs"),
        new("registered output `name: my_data` with `version: 1`", Job + "outputs:\n  o: {type: uri_folder, name: my_data, version: 1}\n", null, "outputs"),
        new("registered output `name: my.data` (a dot)", Job + "outputs:\n  o: {type: uri_folder, name: my.data}\n", ValidationCodes.InvalidName, "outputs.o.name"),
        new("registered output `name` of 256 characters", Job + "outputs:\n  o: {type: uri_folder, name: " + new string('a', 256) + "}\n",
            ValidationCodes.InvalidName, "outputs.o.name"),
        new("registered output `name: My-Data_2`", Job + "outputs:\n  o: {type: uri_folder, name: My-Data_2}\n", null, "outputs"),
        new("registered output `version: 1` without `name`", Job + "outputs:\n  o: {type: uri_folder, version: 1}\n", ValidationCodes.OutputVersionWithoutName,
            "outputs.o.version"),
        new("registered output `name: \"\"`", Job + "outputs:\n  o: {type: uri_folder, name: \"\"}\n", null, "outputs"),
        new("`outputs: {model: }` (a default output)", Job + "outputs:\n  model:\n", null, "outputs"),
        new("`inputs: {lr: }` (a null input)", Job + "inputs:\n  lr:\n", YamlDiagnosticCodes.WrongType, "inputs.lr"),
        new("`inputs: {lr: \"\"}`", Job + "inputs:\n  lr: \"\"\n", null, "inputs"),
        new("`environment_variables: {A: }`", Job + "environment_variables:\n  A:\n", YamlDiagnosticCodes.WrongType, "environment_variables.A"),
        new("`environment_variables: {A: \"\"}`", Job + "environment_variables:\n  A: \"\"\n", null, "environment_variables"),
        new("`tags: {team: }`", Job + "tags:\n  team:\n", null, "tags"),
        new("`tags:` (null where a mapping goes)", Job + "tags:\n", YamlDiagnosticCodes.WrongType, "tags"),
        new("`tags: {}` (an empty mapping)", Job + "tags: {}\n", null, "tags"),
        new("a null name (`tags: {~: a}`)", Job + "tags:\n  ~: a\n", YamlDiagnosticCodes.WrongType, "tags.~"),
        new("a quoted name (`tags: {\"~\": a}`)", Job + "tags:\n  \"~\": a\n", null, "tags"),
        new("`search_space: {lr: }`", Sweep + Objective + Limits + "sampling_algorithm: random\nsearch_space:\n  lr:\n", YamlDiagnosticCodes.WrongType, "search_space.lr"),
        new("`limits:` in a sweep", Sweep + Objective + "limits:\nsampling_algorithm: random\n" + Uniform, YamlDiagnosticCodes.WrongType, "limits"),
        new("`values: [1, ~]` in a choice", Sweep + Objective + Limits + "sampling_algorithm: random\nsearch_space:\n  lr: {type: choice, values: [1, ~]}\n",
            YamlDiagnosticCodes.WrongType, "search_space.lr.values[1]"),
        new("`resources.locations: [westus, ~]`", Job + "resources:\n  locations: [westus, ~]\n", YamlDiagnosticCodes.WrongType, "resources.locations[1]"),
        new("`resources.locations: [westus, \"\"]`", Job + "resources:\n  locations: [westus, \"\"]\n", null, "resources.locations"),
        new("`command: \"\"`", Job.Replace("command: python train.py", "command: \"\"", StringComparison.Ordinal), ValidationCodes.RequiredFieldMissing, "command"),
    ];

    private static IEnumerable<TestCaseData> Cases() => Rows.Select(r => new TestCaseData(r).SetArgDisplayNames(r.Field));

    private static string Section()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "yaml.md"));
        var start = page.IndexOf("\n## Compared with azure-ai-ml\n", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "docs/yaml.md has the comparison section");
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? page[start..] : page[start..end];
    }

    /// <summary>The table rows of the section: first cell → "ours" cell (the third).</summary>
    private static Dictionary<string, string> TableRows() => Section()
        .Split('\n')
        .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| field |", StringComparison.Ordinal) && !line.StartsWith("|---", StringComparison.Ordinal))
        .Select(line => line.Split(" | "))
        .ToDictionary(cells => cells[0][2..].Trim(), cells => cells[2].Trim());

    [Test]
    public void Every_TJ_code_the_table_names_exists()
    {
        var named = CodeName().Matches(Section()).Select(m => m.Value).Distinct().ToList();

        named.Should().NotBeEmpty();
        named.Should().OnlyContain(code => DiagnosticCatalog.Find(code) != null, "the comparison table names only codes the SDK reports");
    }

    [Test]
    public void Every_row_of_the_table_has_a_case_and_every_case_a_row()
    {
        TableRows().Keys.Should().BeEquivalentTo(Rows.Select(r => r.Field));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_row_says_what_loading_the_yaml_does(Row row)
    {
        var ours = TableRows()[row.Field];
        var result = Load(row.Yaml);
        var atField = result.Diagnostics.Where(d => d.Path == row.Path || d.Path.StartsWith(row.Path + ".", StringComparison.Ordinal)).ToList();

        if (row.Code is null)
        {
            ours.Should().StartWith("accepted");
            atField.Should().BeEmpty();
            result.Definition.Should().NotBeNull();
            return;
        }
        var severity = DiagnosticCatalog.SeverityOf(row.Code);
        ours.Should().StartWith($"`{row.Code}` {severity.ToString().ToLowerInvariant()}");
        atField.Should().Contain(d => d.Code == row.Code && d.Severity == severity, string.Join("\n", result.Diagnostics));
        if (severity == DiagnosticSeverity.Warning) result.Definition.Should().NotBeNull("a warning leaves the job loaded");
    }

    [Test]
    public void A_ray_distribution_is_refused_as_preview_only_naming_the_api_version_that_has_it()
    {
        var raised = LoadUnvalidated(Job + "distribution:\n  type: ray\n");
        var close = LoadUnvalidated(Job + "distribution:\n  type: pytorch\n");

        var error = raised.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.InvalidValue).Subject;
        error.Message.Should().Contain("preview-only").And.Contain("2023-04-01-preview").And.Contain("2025-12-01");
        error.Location!.Line.Should().Be(6);
        close.Diagnostics.Should().NotContain(d => d.Code == YamlDiagnosticCodes.InvalidValue);
        close.Definition.Should().NotBeNull();
    }

    [TestCase("user_identity")]
    [TestCase("aml_token")]
    public void A_managed_identity_field_on_another_identity_type_is_refused(string type)
    {
        var raised = LoadUnvalidated(Job + $"identity:\n  type: {type}\n  object_id: x\n");
        var close = LoadUnvalidated(Job + "identity:\n  type: managed\n  object_id: x\n");

        var error = raised.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.InvalidValue).Subject;
        error.Path.Should().Be("identity.object_id");
        error.Location!.Line.Should().Be(7);
        error.Location.Column.Should().Be(3);
        error.Message.Should().Contain("managed identity").And.Contain(type);
        raised.Definition.Should().BeNull();
        close.Diagnostics.Should().BeEmpty();
        close.Definition!.Identity.Should().Be(new ManagedIdentity { ObjectId = "x" });
    }

    [Test]
    public void Msi_resource_id_is_read_as_the_managed_identity_resource_id()
    {
        var result = LoadUnvalidated(Job + "identity:\n  type: managed\n  msi_resource_id: /subscriptions/s/uai\n");

        result.Diagnostics.Should().BeEmpty();
        result.Definition!.Identity.Should().Be(new ManagedIdentity { ResourceId = "/subscriptions/s/uai" });
    }

    [TestCase("MedianStopping")]
    [TestCase("medianstopping")]
    [TestCase("Median_Stopping")]
    public void An_early_termination_type_is_read_whatever_its_case_and_underscores(string type)
    {
        var camel = LoadUnvalidated(RandomSweep + $"early_termination: {{type: {type}}}\n");
        var unknown = LoadUnvalidated(RandomSweep + "early_termination: {type: median}\n");

        camel.Diagnostics.Should().BeEmpty();
        ((SweepJob)camel.Definition!).EarlyTermination.Should().BeOfType<MedianStoppingPolicy>();
        unknown.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.InvalidValue && d.Path == "early_termination.type")
            .Which.Message.Should().Contain("'median'");
    }

    [Test]
    public void An_early_termination_without_a_type_is_a_missing_key_and_nothing_else()
    {
        var raised = LoadUnvalidated(RandomSweep + "early_termination:\n  slack_factor: 0.1\n");
        var close = LoadUnvalidated(RandomSweep + "early_termination:\n  type: bandit\n  slack_factor: 0.1\n");

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.MissingKey);
        error.Path.Should().Be("early_termination");
        error.Message.Should().Contain("needs a 'type'");
        raised.Definition.Should().BeNull();
        close.Diagnostics.Should().BeEmpty();
        ((SweepJob)close.Definition!).EarlyTermination.Should().Be(new BanditPolicy { SlackFactor = 0.1 });
    }

    [TestCase("grid", "seed: 1")]
    [TestCase("bayesian", "rule: sobol")]
    [TestCase("grid", "logbase: e")]
    public void A_random_only_sampling_field_on_grid_or_bayesian_is_refused(string type, string field)
    {
        var raised = LoadUnvalidated(Sweep + Objective + Limits + $"sampling_algorithm:\n  type: {type}\n  {field}\nsearch_space:\n  lr: {{type: choice, values: [1, 2]}}\n");
        var close = LoadUnvalidated(Sweep + Objective + Limits + $"sampling_algorithm:\n  type: random\n  {field}\nsearch_space:\n  lr: {{type: choice, values: [1, 2]}}\n");

        var key = field[..field.IndexOf(':', StringComparison.Ordinal)];
        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.InvalidValue);
        error.Path.Should().Be("sampling_algorithm." + key);
        error.Location!.Line.Should().Be(10);
        error.Location.Column.Should().Be(3);
        error.Message.Should().Contain($"'{key}' belongs to random sampling").And.Contain(type);
        raised.Definition.Should().BeNull();
        close.Diagnostics.Should().BeEmpty();
        ((SweepJob)close.Definition!).SamplingAlgorithm.Should().BeOfType<RandomSamplingAlgorithm>();
    }

    [Test]
    public void Grid_sampling_over_a_distribution_gives_the_services_reason()
    {
        var raised = Load(Sweep + Objective + Limits + "sampling_algorithm: grid\n" + Uniform);
        var close = Load(Sweep + Objective + Limits + "sampling_algorithm: grid\nsearch_space:\n  lr: {type: choice, values: [0.1, 1]}\n");

        raised.Diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.UnsupportedBySamplingAlgorithm)
            .Which.Message.Should().Contain("not uniform").And.Contain("every combination of listed values").And.Contain("Azure ML rejects");
        close.Diagnostics.Should().NotContain(d => d.Code == ValidationCodes.UnsupportedBySamplingAlgorithm);
    }

    [Test]
    public void A_job_name_azure_ai_ml_loads_but_the_service_refuses_says_so()
    {
        var raised = Load(Job + "name: bad.name\n");
        var close = Load(Job + "name: bad-name_1\n");

        raised.Diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.InvalidName && d.Path == "name")
            .Which.Message.Should().Contain("'bad.name'").And.Contain("Azure ML refuses other job names when the job is submitted");
        close.Diagnostics.Should().NotContain(d => d.Code == ValidationCodes.InvalidName);
    }

    [TestCase("d: {type: uri_folder, path: ./data, colour: red}", "a data input", "type, path, mode, datastore, description, optional")]
    [TestCase("d: {type: integer, default: 1, colour: red}", "a literal input", "type, value, default, min, max, enum, description, optional")]
    [TestCase("d: {path: '${{parent.inputs.x}}', colour: red}", "an input bound to another input or output", "type, path, value, mode, description, optional")]
    public void An_unknown_key_in_an_input_is_refused_naming_the_key_and_the_keys_the_input_has(string input, string where, string keys)
    {
        var raised = LoadUnvalidated(Job + "inputs:\n  " + input + "\n");
        var close = LoadUnvalidated(Job + "inputs:\n  " + input.Replace(", colour: red", "", StringComparison.Ordinal) + "\n");

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.InvalidValue);
        error.Severity.Should().Be(DiagnosticSeverity.Error);
        error.Path.Should().Be("inputs.d.colour");
        error.Location!.Line.Should().Be(6);
        error.Message.Should().Contain($"Unknown key 'colour' in {where}").And.Contain("azure-ai-ml refuses it too").And.Contain(keys);
        raised.Definition.Should().BeNull();
        close.Diagnostics.Should().BeEmpty();
        close.Definition.Should().NotBeNull();
    }

    [Test]
    public void An_unknown_key_in_an_output_still_only_warns_as_in_azure_ai_ml()
    {
        var result = LoadUnvalidated(Job + "outputs:\n  o: {type: uri_folder, colour: red}\n");

        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(YamlDiagnosticCodes.UnknownKey);
        result.Definition.Should().NotBeNull();
    }

    [TestCase("{type: uniform, min_value: 0, max_value: 1, mu: 0.5}", "mu", "type, min_value, max_value")]
    [TestCase("{type: normal, mu: 0, sigma: 1, q: 1}", "q", "type, mu, sigma")]
    [TestCase("{type: randint, upper: 5, values: [1]}", "values", "type, upper")]
    public void A_field_of_another_distribution_is_refused_naming_the_keys_of_the_entrys_type(string entry, string key, string keys)
    {
        var without = entry[..entry.IndexOf($", {key}:", StringComparison.Ordinal)] + "}";
        var raised = LoadUnvalidated(Sweep + Objective + Limits + $"sampling_algorithm: random\nsearch_space:\n  lr: {entry}\n");
        var close = LoadUnvalidated(Sweep + Objective + Limits + $"sampling_algorithm: random\nsearch_space:\n  lr: {without}\n");

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.InvalidValue);
        error.Path.Should().Be($"search_space.lr.{key}");
        error.Message.Should().Contain($"'{key}'").And.Contain($"The keys it has: {keys}.");
        raised.Definition.Should().BeNull();
        close.Diagnostics.Should().BeEmpty();
    }

    [TestCase("random", "type, seed, rule, logbase")]
    [TestCase("grid", "type")]
    public void An_unknown_key_in_a_sampling_algorithm_is_refused(string type, string keys)
    {
        var search = "search_space:\n  lr: {type: choice, values: [1, 2]}\n";
        var raised = LoadUnvalidated(Sweep + Objective + Limits + $"sampling_algorithm: {{type: {type}, colour: red}}\n" + search);
        var close = LoadUnvalidated(Sweep + Objective + Limits + $"sampling_algorithm: {{type: {type}}}\n" + search);

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.InvalidValue);
        error.Path.Should().Be("sampling_algorithm.colour");
        error.Message.Should().Contain("'colour' in sampling_algorithm").And.Contain($"The keys it has: {keys}.");
        close.Diagnostics.Should().BeEmpty();
    }

    [TestCase("{type: median_stopping, slack_factor: 0.1}", "slack_factor", "belongs to a bandit policy")]
    [TestCase("{type: bandit, slack_factor: 0.1, truncation_percentage: 10}", "truncation_percentage", "belongs to a truncation_selection policy")]
    [TestCase("{type: bandit, slack_factor: 0.1, colour: red}", "colour", "The keys it has: type, evaluation_interval, delay_evaluation, slack_factor, slack_amount.")]
    public void A_key_the_policy_type_lacks_is_refused(string policy, string key, string says)
    {
        var raised = LoadUnvalidated(RandomSweep + $"early_termination: {policy}\n");
        var close = LoadUnvalidated(RandomSweep + $"early_termination: {policy[..policy.IndexOf($", {key}:", StringComparison.Ordinal)]}}}\n");

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.InvalidValue);
        error.Path.Should().Be($"early_termination.{key}");
        error.Message.Should().Contain($"'{key}'").And.Contain(says);
        raised.Definition.Should().BeNull();
        close.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void An_unknown_policy_type_is_one_error_whatever_keys_it_has()
    {
        var result = LoadUnvalidated(RandomSweep + "early_termination: {type: asha, colour: red, slack_factor: 0.1}\n");

        result.Diagnostics.Should().ContainSingle().Which.Path.Should().Be("early_termination.type");
    }

    [TestCase("", "limits", "needs 'limits'")]
    [TestCase("limits: {max_concurrent_trials: 2, timeout: 60}\n", "limits", "needs 'max_total_trials'")]
    public void A_sweep_needs_limits_with_max_total_trials(string limits, string path, string says)
    {
        var raised = LoadUnvalidated(Sweep + Objective + limits + "sampling_algorithm: random\n" + Uniform);
        var close = LoadUnvalidated(Sweep + Objective + "limits: {max_total_trials: 4, max_concurrent_trials: 2}\nsampling_algorithm: random\n" + Uniform);

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.MissingKey);
        error.Path.Should().Be(path);
        error.Message.Should().Contain(says);
        raised.Definition.Should().BeNull();
        close.Diagnostics.Should().BeEmpty();
        ((SweepJob)close.Definition!).Limits.Should().Be(new SweepJobLimits { MaxTotalTrials = 4, MaxConcurrentTrials = 2 });
    }

    [TestCase("inputs:\n  lr:\n", "inputs.lr", "Input 'lr' has no value", "inputs:\n  lr: 0.1\n", 6)]
    [TestCase("environment_variables:\n  A:\n", "environment_variables.A", "'A' in environment_variables has no value", "environment_variables:\n  A: \"\"\n", 6)]
    [TestCase("tags:\n", "tags", "'tags' has no value", "tags: {}\n", 5)]
    [TestCase("name:\n", "name", "'name' has no value", "name: run_1\n", 5)]
    [TestCase("resources: ~\n", "resources", "'resources' has no value", "resources: {instance_count: 1}\n", 5)]
    public void A_null_where_azure_ai_ml_allows_none_is_refused_and_a_value_is_not(string yaml, string path, string says, string close, int line)
    {
        var raised = LoadUnvalidated(Job + yaml);
        var near = LoadUnvalidated(Job + close);

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.WrongType);
        error.Path.Should().Be(path);
        error.Message.Should().Contain(says).And.Contain("Field may not be null.");
        error.Location!.Line.Should().Be(line);
        near.Diagnostics.Should().BeEmpty();
    }

    [TestCase("outputs:\n  model:\n")]
    [TestCase("tags:\n  team:\n")]
    [TestCase("properties:\n  stage: ~\n")]
    public void A_null_where_azure_ai_ml_allows_none_loads(string yaml)
    {
        var result = Load(Job + yaml);

        result.Diagnostics.Should().BeEmpty();
        result.Definition.Should().NotBeNull();
    }

    [Test]
    public void A_null_step_input_is_refused_as_in_a_job()
    {
        var raised = LoadUnvalidated(Pipeline + "    inputs:\n      lr:\n");
        var near = LoadUnvalidated(Pipeline + "    inputs:\n      lr: 0.1\n    outputs:\n      model:\n");

        raised.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.WrongType && d.Path == "jobs.train.inputs.lr");
        near.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void An_input_without_a_value_the_sdk_stored_reads_back()
    {
        // The writer writes an input that has no value as null; the local store keeps jobs as YAML and must read them back.
        var job = new CommandJob
        {
            Command = "python t.py",
            Environment = new EnvironmentReference("azureml:sklearn:1"),
            Inputs = ValueMap.Of<JobInput>(("lr", new LiteralInput())),
        };
        var yaml = YamlJobWriter.Write(job);

        var stored = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false, WrittenBySdk = true });
        var file = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false });

        stored.Diagnostics.Should().BeEmpty();
        stored.Definition.Should().Be(job);
        file.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.WrongType && d.Path == "inputs.lr");
    }

    [TestCase("inputs:\n  a.b: 1\n", "inputs['a.b']", "inputs:\n  a_b: 1\n")]
    [TestCase("outputs:\n  m.o: {type: uri_folder}\n", "outputs['m.o']", "outputs:\n  m_o: {type: uri_folder}\n")]
    public void A_dotted_port_name_on_a_command_job_is_refused_and_an_undotted_one_is_not(string yaml, string path, string close)
    {
        var raised = Load(Job + yaml);
        var near = Load(Job + close);

        raised.Diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.InvalidName && d.Path == path)
            .Which.Message.Should().Contain("only in a pipeline job's inputs");
        near.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void A_built_command_job_with_a_dotted_output_name_is_refused_by_Build()
    {
        var build = () => new CommandJobBuilder()
            .WithCommand("python t.py")
            .WithEnvironment("azureml:sklearn:1")
            .WithCompute("azureml:cpu")
            .WithOutput("m.o", new JobOutput())
            .Build();

        build.Should().Throw<JobValidationException>().Which.Diagnostics.Should().Contain(d => d.Code == ValidationCodes.InvalidName && d.Path == "outputs['m.o']");
    }

    [Test]
    public void Dotted_names_stay_allowed_in_a_pipeline_jobs_inputs_and_its_steps()
    {
        var yaml = "type: pipeline\ncompute: azureml:cpu\ninputs:\n  g.lr: 0.1\njobs:\n  train:\n    type: command\n    command: python t.py --lr ${{inputs.p.lr}}\n" +
            "    environment: azureml:sklearn:1\n    inputs:\n      p.lr: ${{parent.inputs.g.lr}}\n";

        Load(yaml).Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void A_sweep_the_sdk_stored_without_limits_reads_back()
    {
        // A sweep made in C# or read over REST may have no limits; the local store keeps it as YAML and must read it back.
        var sweep = new SweepJob
        {
            Trial = new CommandJob { Command = "python t.py", Environment = new EnvironmentReference("azureml:sklearn:1") },
            SamplingAlgorithm = new RandomSamplingAlgorithm(),
            Objective = new SweepObjective("acc", Goal.Maximize),
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(("lr", new UniformParameter { MinValue = 0.1, MaxValue = 1 })),
        };
        var yaml = YamlJobWriter.Write(sweep);

        var stored = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false, WrittenBySdk = true });
        var file = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false });

        stored.Diagnostics.Should().BeEmpty();
        stored.Definition.Should().Be(sweep);
        file.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.MissingKey && d.Path == "limits");
    }

    [Test]
    public void A_sweep_step_needs_limits_too()
    {
        const string Step = "type: pipeline\ncompute: azureml:cpu\njobs:\n  tune:\n    type: sweep\n    trial: azureml:train:1\n    sampling_algorithm: random\n" +
            "    objective: {goal: maximize, primary_metric: acc}\n    search_space:\n      lr: {type: uniform, min_value: 0.1, max_value: 1}\n";
        var raised = LoadUnvalidated(Step);
        var close = LoadUnvalidated(Step + "    limits: {max_total_trials: 4}\n");

        raised.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.MissingKey).Which.Path.Should().Be("jobs.tune.limits");
        close.Diagnostics.Should().NotContain(d => d.Code == YamlDiagnosticCodes.MissingKey);
        close.Definition.Should().NotBeNull();
    }

    [TestCase("", "jobs.train.compute")]
    [TestCase("  outer:\n    type: pipeline\n    jobs:\n      inner: {type: command, command: echo, environment: azureml:sklearn:1}\n", "jobs.outer.jobs.inner.compute")]
    public void A_pipeline_no_level_gives_a_compute_loads_but_the_azure_ml_face_refuses_it(string extra, string path)
    {
        var yaml = "type: pipeline\njobs:\n  train: {type: command, command: echo, environment: azureml:sklearn:1}\n" + extra;
        var loaded = Load(yaml);

        loaded.Diagnostics.Should().NotContain(d => d.Path.EndsWith("compute", StringComparison.Ordinal), "azure-ai-ml loads such a file too");
        var payload = ToRest(loaded.Definition!);
        var error = payload.Diagnostics.Should().ContainSingle(d => d.Path == path).Subject;
        error.Code.Should().Be(ValidationCodes.RequiredFieldMissing);
        error.Severity.Should().Be(DiagnosticSeverity.Error);
        error.Message.Should().Contain("Compute not set").And.Contain("settings.default_compute").And.Contain("local backend");
        payload.Diagnostics.Where(d => d.Code == ValidationCodes.RequiredFieldMissing).Should().HaveCount(extra.Length == 0 ? 1 : 2);
    }

    [TestCase("compute: azureml:cpu\n")]
    [TestCase("settings: {default_compute: azureml:cpu}\n")]
    public void A_compute_at_the_pipeline_level_covers_every_step(string level)
    {
        var yaml = "type: pipeline\njobs:\n  train: {type: command, command: echo, environment: azureml:sklearn:1}\n" + level;
        var loaded = Load(yaml);

        var payload = ToRest(loaded.Definition!);

        payload.Diagnostics.Should().NotContain(d => d.Code == ValidationCodes.RequiredFieldMissing);
    }

    [Test]
    public void A_step_with_its_own_compute_needs_no_pipeline_level_one()
    {
        var loaded = Load("type: pipeline\njobs:\n  train: {type: command, command: echo, environment: azureml:sklearn:1, compute: azureml:cpu}\n");

        var payload = ToRest(loaded.Definition!);

        payload.Diagnostics.Should().NotContain(d => d.Code == ValidationCodes.RequiredFieldMissing);
    }

    [TestCase("my data", "outputs.o.name")]
    [TestCase("my.data", "outputs.o.name")]
    [TestCase("dataé", "outputs.o.name")]
    [TestCase("${{name}}", "outputs.o.name")]
    public void A_registered_output_name_outside_azure_ai_mls_characters_is_refused(string name, string path)
    {
        var raised = Load(Job + $"outputs:\n  o: {{type: uri_folder, name: '{name}', version: '1'}}\n");
        var near = Load(Job + "outputs:\n  o: {type: uri_folder, name: my-data_1, version: '1'}\n");

        raised.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == ValidationCodes.InvalidName && d.Path == path && d.Message.Contains("letters, digits, '-' and '_', at most 255 characters"));
        near.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void A_registered_output_name_may_have_255_characters_but_not_256()
    {
        var at = Load(Job + $"outputs:\n  o: {{name: {new string('a', 255)}}}\n");
        var over = Load(Job + $"outputs:\n  o: {{name: {new string('a', 256)}}}\n");

        at.Diagnostics.Should().BeEmpty();
        over.Diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.InvalidName && d.Path == "outputs.o.name");
    }

    [TestCase("version: '1'", ValidationCodes.OutputVersionWithoutName, "outputs.o.version")]
    [TestCase("version: ' '", ValidationCodes.OutputVersionWithoutName, "outputs.o.version")]
    [TestCase("name: '', version: '1'", ValidationCodes.OutputVersionWithoutName, "outputs.o.version")]
    [TestCase("name: ' ', version: '1'", ValidationCodes.InvalidName, "outputs.o.name")]
    public void A_registered_output_version_needs_a_name(string fields, string code, string path)
    {
        var raised = Load(Job + $"outputs:\n  o: {{{fields}}}\n");
        var near = Load(Job + "outputs:\n  o: {name: d, version: '1'}\n");

        raised.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == code && d.Path == path);
        near.Diagnostics.Should().BeEmpty();
    }

    [TestCase(Sweep + Objective + Limits + "sampling_algorithm: random\n" + Uniform + "outputs:\n  o: {name: bad.name}\n", "outputs.o.name")]
    [TestCase(Pipeline + "outputs:\n  o: {name: bad.name}\n", "outputs.o.name")]
    [TestCase(Pipeline + "    outputs:\n      o: {name: bad.name}\n", "jobs.train.outputs.o.name")]
    public void The_registered_output_name_rule_covers_sweeps_pipelines_and_steps(string yaml, string path)
    {
        var raised = Load(yaml);
        var near = Load(yaml.Replace("bad.name", "bad_name", StringComparison.Ordinal));

        raised.Diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.InvalidName && d.Path == path);
        near.Diagnostics.Should().NotContain(d => d.Code == ValidationCodes.InvalidName);
    }

    [Test]
    public void A_built_job_registering_an_output_under_a_bad_name_is_refused_by_Build()
    {
        CommandJobBuilder Builder(string asset) => new CommandJobBuilder()
            .WithCommand("python t.py")
            .WithEnvironment("azureml:sklearn:1")
            .WithCompute("azureml:cpu")
            .WithOutput(Output.UriFolder("model").RegisterAs(asset, "1"));

        var build = () => Builder("mnist model").Build();

        build.Should().Throw<JobValidationException>().Which.Diagnostics.Should().Contain(d => d.Code == ValidationCodes.InvalidName && d.Path == "outputs.model.name");
        Builder("mnist-model").Build().Outputs["model"].AssetName.Should().Be("mnist-model");
    }

    [Test]
    public void A_registered_output_the_sdk_wrote_reads_back()
    {
        var job = new CommandJob
        {
            Command = "python t.py",
            Environment = new EnvironmentReference("azureml:sklearn:1"),
            Outputs = ValueMap.Of(("model", new JobOutput { AssetName = "mnist-model", AssetVersion = "3" })),
        };

        var back = YamlJobLoader.LoadText(YamlJobWriter.Write(job), new YamlLoadOptions { Validate = false, WrittenBySdk = true });

        back.Diagnostics.Should().BeEmpty();
        back.Definition.Should().Be(job);
    }

    [TestCase("resources:\n  locations: [westus, ~]\n", "resources.locations[1]", "Item 1 of 'locations'", "resources:\n  locations: [westus, eastus]\n")]
    [TestCase("notification_setting:\n  emails: [a@example.com, ~]\n", "notification_setting.emails[1]", "Item 1 of 'emails'",
        "notification_setting:\n  emails: [a@example.com]\n")]
    [TestCase("notification_setting:\n  email_on: [~]\n", "notification_setting.email_on[0]", "Item 0 of 'email_on'", "notification_setting:\n  email_on: [job_failed]\n")]
    public void A_null_item_in_a_list_of_text_values_is_refused(string yaml, string path, string says, string close)
    {
        var raised = LoadUnvalidated(Job + yaml);
        var near = LoadUnvalidated(Job + close);

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.WrongType);
        error.Path.Should().Be(path);
        error.Message.Should().Contain(says).And.Contain("Field may not be null.");
        near.Diagnostics.Should().BeEmpty();
    }

    [TestCase("[1, ~]", "search_space.lr.values[1]")]
    [TestCase("[null, 2]", "search_space.lr.values[0]")]
    [TestCase("[{a: 1}, ~]", "search_space.lr.values[1]")]
    public void A_null_choice_value_is_refused_with_azure_ai_mls_reason(string values, string path)
    {
        var raised = LoadUnvalidated(Sweep + Objective + Limits + $"sampling_algorithm: random\nsearch_space:\n  lr: {{type: choice, values: {values}}}\n");
        var near = LoadUnvalidated(Sweep + Objective + Limits + "sampling_algorithm: random\nsearch_space:\n  lr: {type: choice, values: [1, \"~x\"]}\n");

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.WrongType);
        error.Path.Should().Be(path);
        error.Message.Should().Contain("of 'values' has no value").And.Contain("Field may not be null.");
        near.Diagnostics.Should().BeEmpty();
    }

    [TestCase("inputs:\n  ~: 1\n", "inputs.~")]
    [TestCase("outputs:\n  null: {type: uri_folder}\n", "outputs.null")]
    [TestCase("environment_variables:\n  ~: a\n", "environment_variables.~")]
    [TestCase("properties:\n  ~: a\n", "properties.~")]
    [TestCase("services:\n  ~: {type: ssh}\n", "services.~")]
    public void A_null_name_is_refused_in_every_mapping_of_names(string yaml, string path)
    {
        var raised = Load(Job + yaml);
        var near = LoadUnvalidated(Job + yaml.Replace("~:", "\"~\":", StringComparison.Ordinal).Replace("null:", "\"null\":", StringComparison.Ordinal));

        raised.Diagnostics.Should().Contain(d => d.Code == YamlDiagnosticCodes.WrongType && d.Path == path && d.Message.Contains("null name"));
        near.Diagnostics.Should().NotContain(d => d.Message.Contains("null name"));
    }

    [Test]
    public void A_null_enum_item_in_a_component_input_is_refused()
    {
        const string Step = "type: pipeline\ncompute: azureml:cpu\njobs:\n  train:\n    type: command\n    command: python t.py --c ${{inputs.c}}\n" +
            "    environment: azureml:sklearn:1\n    inputs:\n      c: {type: string, enum: [a, ~], default: a}\n";
        var raised = LoadUnvalidated(Step);
        var near = LoadUnvalidated(Step.Replace("[a, ~]", "[a, b]", StringComparison.Ordinal));

        raised.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.WrongType).Which.Path.Should().EndWith("enum[1]");
        near.Diagnostics.Should().NotContain(d => d.Code == YamlDiagnosticCodes.WrongType);
    }

    [TestCase("{port: 22}", "ssh")]
    [TestCase("{}", "ssh")]
    [TestCase("{ssh_public_keys: ssh-rsa AAA}", "ssh")]
    [TestCase("{log_dir: logs}", "tensor_board")]
    public void A_service_without_a_type_is_read_as_azure_ai_mls_union_reads_it(string service, string type)
    {
        var result = Load(Job + "services:\n  s: " + service + "\n");

        result.Diagnostics.Should().BeEmpty();
        result.Definition!.Services["s"].Type.Should().Be(new JobServiceType(type));
    }

    [TestCase("{ssh_public_keys: k, log_dir: logs}", "services.s.log_dir", "belongs to a tensor_board service")]
    [TestCase("{type: custom, ssh_public_keys: k}", "services.s.ssh_public_keys", "belongs to an ssh service")]
    [TestCase("{type: vs_code, log_dir: logs}", "services.s.log_dir", "type 'vs_code' has no such field")]
    [TestCase("{type: tensor_board, error_message: x}", "services.s.error_message", "set by Azure ML")]
    [TestCase("{type: vs_code, colour: red}", "services.s.colour", "The keys it has: type, port, endpoint, nodes, properties.")]
    [TestCase("{type: ~}", "services.s.type", "azure-ai-ml refuses a null here too")]
    public void A_service_field_no_member_of_azure_ai_mls_union_takes_is_refused(string service, string path, string says)
    {
        var result = Load(Job + "services:\n  s: " + service + "\n");

        result.Diagnostics.Should().ContainSingle(d => d.Severity == DiagnosticSeverity.Error)
            .Which.Should().Match<Diagnostic>(d => d.Path == path && d.Message.Contains(says));
    }

    [Test]
    public void A_pipeline_steps_services_follow_the_same_rules()
    {
        var refused = Load(Pipeline + "    services:\n      s: {type: ssh, colour: red}\n");
        var near = Load(Pipeline + "    services:\n      s: {type: ssh, port: 22}\n");

        refused.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.InvalidValue && d.Path == "jobs.train.services.s.colour");
        near.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Services_the_sdk_writes_read_back()
    {
        var loaded = Load(Job + "services:\n  a: {type: custom, endpoint: https://example.org, port: 8080, nodes: all}\n" +
            "  b: {type: tensor_board, log_dir: logs}\n  c: {ssh_public_keys: k}\n");
        loaded.Diagnostics.Should().BeEmpty();

        var again = YamlJobLoader.LoadText(YamlJobWriter.Write(loaded.Definition!), new YamlLoadOptions { SourceName = "again.yml" });

        again.Diagnostics.Should().BeEmpty();
        (again.Definition!.Services == loaded.Definition!.Services).Should().BeTrue();
    }

    [TestCase("outputs:\n  o: {}\n", YamlDiagnosticCodes.MissingKey, "outputs.o")]
    [TestCase("outputs:\n  o:\n", YamlDiagnosticCodes.WrongType, "outputs.o")]
    [TestCase("inputs:\n  x: {default: 1}\n", YamlDiagnosticCodes.MissingKey, "inputs.x")]
    [TestCase("tags:\n  team:\n", YamlDiagnosticCodes.WrongType, "tags.team")]
    [TestCase("colour: red\n", YamlDiagnosticCodes.UnknownKey, "colour")]
    public void A_component_in_its_own_file_is_read_as_one_written_in_place(string fields, string code, string path)
    {
        var folder = Directory.CreateTempSubdirectory("tj-component-file-");
        try
        {
            const string Body = "type: command\nname: train\ncommand: echo hello\nenvironment: azureml:sklearn:1\n";
            File.WriteAllText(Path.Combine(folder.FullName, "train.yml"), Body + fields);
            File.WriteAllText(Path.Combine(folder.FullName, "near.yml"), Body + "outputs:\n  o: {type: uri_folder}\ntags:\n  team: ml\n");
            const string Pipeline = "type: pipeline\ncompute: azureml:cpu\njobs:\n  train:\n    type: command\n    component: ./train.yml\n";
            File.WriteAllText(Path.Combine(folder.FullName, "job.yml"), Pipeline);
            File.WriteAllText(Path.Combine(folder.FullName, "near-job.yml"), Pipeline.Replace("./train.yml", "./near.yml", StringComparison.Ordinal));

            var raised = YamlJobLoader.Load(Path.Combine(folder.FullName, "job.yml"));
            var near = YamlJobLoader.Load(Path.Combine(folder.FullName, "near-job.yml"));

            raised.Diagnostics.Should().Contain(d => d.Code == code && d.Path == "jobs.train.component." + path, string.Join("\n", raised.Diagnostics));
            near.Diagnostics.Should().BeEmpty();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void A_component_whose_ports_have_no_type_reads_back_from_the_sdks_own_store()
    {
        // A component built in C# may leave an output's type to the service; the local store keeps it as YAML and reads it
        // back under the model's rules, while a file a person gives is read as azure-ai-ml reads it.
        var component = new ComponentDefinition
        {
            Body = new CommandJob
            {
                Command = "echo hello",
                Environment = new EnvironmentReference("azureml:sklearn:1"),
                Outputs = ValueMap.Of(("o", new JobOutput())),
                Tags = ValueMap.Of(("team", "")),
            },
        };
        var job = new PipelineJob { Steps = ValueMap.Of(("train", new PipelineStep { Job = new CommandJob(), Component = new ComponentReference { Definition = component } })) };
        var yaml = YamlJobWriter.Write(job);

        var stored = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false, WrittenBySdk = true });
        var file = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false });

        stored.Diagnostics.Should().BeEmpty();
        file.Diagnostics.Should().ContainSingle(d => d.Path == "jobs.train.component.outputs.o");
    }

    /// <summary>Loads <paramref name="yaml"/> as the file job.yml, validated.</summary>
    private static YamlLoadResult Load(string yaml) => YamlJobLoader.LoadText(yaml, new YamlLoadOptions { SourceName = "job.yml" });

    /// <summary>Loads <paramref name="yaml"/> as the file job.yml, read only (the YAML face's own checks, no validator).</summary>
    private static YamlLoadResult LoadUnvalidated(string yaml) => YamlJobLoader.LoadText(yaml, new YamlLoadOptions { SourceName = "job.yml", Validate = false });

    private static Sdk.AzureML.Mapping.RestPayload ToRest(JobDefinition job) =>
        Sdk.AzureML.Mapping.JobRestMapper.ToRest(job, new Sdk.AzureML.Mapping.RestMappingSession(new Sdk.AzureML.AzureMLWorkspaceScope("s", "g", "w")));

    [GeneratedRegex(@"\bTJ\d{4}\b")]
    private static partial Regex CodeName();

    [TestCase("  colour: red\n", "environment.colour", "Unknown key 'colour' in an inline environment", "The keys it has: image, conda_file, build, os_type, inference_config, datastore, description, tags, name, version.")]
    [TestCase("  build:\n    path: ./ctx\n    colour: red\n", "environment.build.colour", "Unknown key 'colour' in an environment build", "The keys it has: path, dockerfile_path.")]
    [TestCase("  channels: [conda-forge]\n", "environment.channels", "'channels' belongs in a conda file", "azure-ai-ml refuses it here too")]
    [TestCase("  dependencies: [python=3.10]\n", "environment.dependencies", "'dependencies' belongs in a conda file", "conda_file")]
    public void A_key_an_inline_environment_lacks_is_refused_as_azure_ai_ml_refuses_it_in_the_environment_union(string extra, string path, string says, string also)
    {
        var raised = LoadUnvalidated(Env("\n  image: python:3.10-slim\n" + extra.TrimEnd('\n')));
        var close = LoadUnvalidated(Env("\n  image: python:3.10-slim\n  description: d\n  build:\n    path: ./ctx\n    dockerfile_path: Dockerfile"));

        var error = raised.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.InvalidValue);
        error.Severity.Should().Be(DiagnosticSeverity.Error);
        error.Path.Should().Be(path);
        error.Message.Should().Contain(says).And.Contain(also);
        raised.Definition.Should().BeNull();
        close.Diagnostics.Should().BeEmpty();
        close.Definition.Should().BeOfType<CommandJob>().Which.Environment.Should().BeOfType<InlineEnvironment>()
            .Which.Build.Should().Be(new BuildContext("./ctx", "Dockerfile"));
    }

    [TestCase("os_type: linux")]
    [TestCase("inference_config: {}")]
    [TestCase("datastore: workspaceblobstore")]
    [TestCase("tags: {team: ml}")]
    public void A_field_of_azure_ai_mls_environment_the_sdk_does_not_carry_warns_and_loads(string field)
    {
        var result = LoadUnvalidated(Env("\n  image: python:3.10-slim\n  " + field));

        var key = field[..field.IndexOf(':', StringComparison.Ordinal)];
        var warning = result.Diagnostics.Should().ContainSingle().Subject;
        warning.Code.Should().Be(YamlDiagnosticCodes.UnknownKey);
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Path.Should().Be("environment." + key);
        warning.Message.Should().Contain($"'{key}' is a field of azure-ai-ml's environment that this SDK does not carry");
        result.Definition.Should().BeOfType<CommandJob>().Which.Environment.Should().Be(new InlineEnvironment { Image = "python:3.10-slim" });
    }

    [TestCase("train:1", "azureml:train:1")]
    [TestCase("train@latest", "azureml:train@latest")]
    public void A_registered_component_written_without_azureml_says_to_add_the_prefix(string reference, string suggested)
    {
        var raised = LoadUnvalidated(StepWith(reference));
        var missingFile = LoadUnvalidated(StepWith("./missing.yml"));

        raised.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.UnresolvedReference && d.Path == "jobs.train.component")
            .Which.Message.Should().Contain($"A registered component is referenced with the azureml: prefix: {suggested}.");
        missingFile.Diagnostics.Should().ContainSingle(d => d.Code == YamlDiagnosticCodes.UnresolvedReference)
            .Which.Message.Should().NotContain("azureml:");
    }

    [Test]
    public void A_component_file_loads_with_or_without_file_prefix()
    {
        foreach (var reference in new[] { "file:" + ComponentFile, ComponentFile })
        {
            var result = LoadUnvalidated(StepWith(reference));

            result.Diagnostics.Should().BeEmpty(reference);
            var step = ((PipelineJob)result.Definition!).Steps["train"];
            step.Component!.Definition!.Name.Should().Be("train");
        }
    }

    /// <summary>One row of the comparison table and the YAML that checks it.</summary>
    /// <param name="Field">The row's first cell, exactly as in docs/yaml.md.</param>
    /// <param name="Yaml">A small job that exercises the row.</param>
    /// <param name="Code">The code loading reports at <paramref name="Path"/>; null when the row says "accepted".</param>
    /// <param name="Path">The definition path the diagnostic is at (or, for an accepted row, where none may be).</param>
    public sealed record Row(string Field, string Yaml, string? Code, string Path)
    {
        /// <inheritdoc />
        public override string ToString() => Field;
    }
}
