using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>Valid jobs of every kind (each validates clean) that tests change in one place to raise one code.</summary>
internal static class Samples
{
    public static EnvironmentReference PinnedEnvironment { get; } = new("azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1");

    public static CommandJob Command() => new()
    {
        Name = "train-job_1",
        ExperimentName = "iris",
        Command = "python train.py --data ${{inputs.data}} --lr ${{inputs.lr}} $[[--seed ${{inputs.seed}}]] --out ${{outputs.model}}",
        Code = "./src",
        Environment = PinnedEnvironment,
        Compute = "azureml:gpu-cluster",
        Inputs = ValueMap.Of<JobInput>(
            ("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:3", Mode = InputMode.ReadOnlyMount }),
            ("lr", new LiteralInput { Type = LiteralType.Number, Value = 0.01, Min = 0, Max = 1 }),
            ("seed", new LiteralInput { Type = LiteralType.Integer, Optional = true })),
        Outputs = ValueMap.Of(("model", new JobOutput { Type = "mlflow_model", AssetName = "iris-model", AssetVersion = "1" })),
        EnvironmentVariables = ValueMap.Of(("LOG_LEVEL", "INFO"), ("NCCL_DEBUG", "")),
        Resources = new JobResources { InstanceCount = 2, ShmSize = "16g" },
        Distribution = new PyTorchDistribution { ProcessCountPerInstance = 4 },
        Limits = new CommandJobLimits { Timeout = TimeSpan.FromHours(2) },
        Services = ValueMap.Of(("my_ssh", new JobService { Type = "ssh", Port = 22 })),
        QueueSettings = new QueueSettings { JobTier = JobTier.Standard, Priority = "medium" },
        Tags = ValueMap.Of(("team", "vision")),
    };

    public static ComponentDefinition TrainComponent() => new()
    {
        Name = "train",
        Version = "1",
        Body = new CommandJob
        {
            Command = "python train.py --data ${{inputs.training_data}} --epochs ${{inputs.epochs}} $[[--optimizer ${{inputs.optimizer}}]] --model ${{outputs.model}}",
            Environment = PinnedEnvironment,
            Code = "./train_src",
            Inputs = ValueMap.Of<JobInput>(
                ("training_data", new AssetInput { Type = AssetType.UriFolder }),
                ("epochs", new LiteralInput { Type = LiteralType.Integer, Default = 10, Min = 1, Max = 100 }),
                ("optimizer", new LiteralInput { Type = LiteralType.String, Optional = true, Enum = ValueList.Of("sgd", "adam") })),
            Outputs = ValueMap.Of(("model", new JobOutput { Type = "mlflow_model" })),
        },
    };

    public static CommandJob PrepStepJob() => new()
    {
        Command = "python prep.py --in ${{inputs.raw_data}} --out ${{outputs.prepared}}",
        Environment = PinnedEnvironment,
        Code = "./prep_src",
        Inputs = ValueMap.Of<JobInput>(("raw_data", new BindingInput { Expression = "${{parent.inputs.raw}}" })),
        Outputs = ValueMap.Of(("prepared", new JobOutput { Type = "uri_folder" })),
    };

    public static CommandJob TrainStepJob() => new()
    {
        Inputs = ValueMap.Of<JobInput>(
            ("training_data", new BindingInput { Expression = "${{parent.jobs.prep.outputs.prepared}}" }),
            ("epochs", new BindingInput { Expression = "${{parent.inputs.epochs}}" })),
        Outputs = ValueMap.Of(("model", new JobOutput { Path = "${{parent.outputs.trained}}" })),
    };

    public static PipelineJob Pipeline() => new()
    {
        Name = "pipeline-1",
        Inputs = ValueMap.Of<JobInput>(
            ("raw", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:raw-data:2" }),
            ("epochs", new LiteralInput { Value = 20 })),
        Outputs = ValueMap.Of(("trained", new JobOutput { Type = "mlflow_model" })),
        Settings = new PipelineSettings { DefaultCompute = "azureml:cpu-cluster", ContinueOnStepFailure = false },
        Steps = ValueMap.Of(
            ("prep", new PipelineStep { Job = PrepStepJob() }),
            ("train", new PipelineStep
            {
                Job = TrainStepJob(),
                Component = new ComponentReference { Reference = "file:./train.yml", Definition = TrainComponent() },
            })),
    };

    public static SweepJob Sweep() => new()
    {
        Name = "sweep-1",
        Trial = new CommandJob
        {
            Command = "python train.py --data ${{inputs.data}} --lr ${{search_space.lr}} --batch ${{search_space.batch}}",
            Environment = PinnedEnvironment,
            Code = "./src",
        },
        Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:3" })),
        SearchSpace = ValueMap.Of<SearchSpaceParameter>(
            ("lr", new UniformParameter { MinValue = 0.001, MaxValue = 0.1 }),
            ("batch", new ChoiceParameter { Values = ValueList.Of<ChoiceOption>((LiteralValue)16, (LiteralValue)32, (LiteralValue)64) })),
        SamplingAlgorithm = new RandomSamplingAlgorithm { Seed = 42 },
        Objective = new SweepObjective("accuracy", Goal.Maximize),
        Limits = new SweepJobLimits
        {
            MaxTotalTrials = 20,
            MaxConcurrentTrials = 4,
            Timeout = TimeSpan.FromHours(4),
            TrialTimeout = TimeSpan.FromMinutes(30),
        },
        EarlyTermination = new BanditPolicy { SlackFactor = 0.1, EvaluationInterval = 1, DelayEvaluation = 5 },
    };

    /// <summary>The pipeline with one step replaced.</summary>
    public static PipelineJob WithStep(this PipelineJob pipeline, string name, Func<PipelineStep, PipelineStep> change) =>
        pipeline with { Steps = pipeline.Steps.SetItem(name, change(pipeline.Steps[name])) };

    /// <summary>The pipeline with one step's job replaced.</summary>
    public static PipelineJob WithStepJob(this PipelineJob pipeline, string name, Func<JobDefinition, JobDefinition> change) =>
        pipeline.WithStep(name, step => step with { Job = change(step.Job) });

    /// <summary>A job with one input set.</summary>
    public static T WithInput<T>(this T job, string name, JobInput input) where T : JobDefinition =>
        job with { Inputs = job.Inputs.SetItem(name, input) };

    /// <summary>The diagnostics with <paramref name="code"/>.</summary>
    public static IReadOnlyList<Diagnostic> With(this JobDefinition job, string code) =>
        job.Validate().Where(d => d.Code == code).ToList();
}
