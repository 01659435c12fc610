using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Tests.Yaml;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>
/// For every validator code (<see cref="ValidationCodes"/>), one definition that raises it at a known path with the
/// catalog severity, and one close definition that does not. The table is the catalog: a code without a row fails
/// <see cref="Every_code_has_a_raising_case_or_is_a_listed_exception"/>.
/// </summary>
public sealed class ValidationCodeCatalogTests
{
    /// <summary>Codes no definition can raise, each with the reason and the test that covers it instead.</summary>
    private static readonly IReadOnlyDictionary<string, string> KnownUnraisable = new Dictionary<string, string>
    {
        [ValidationCodes.ValidatorFault] =
            "reported only when a check itself throws, which no well-typed definition makes happen; " +
            "RobustnessTests.An_internal_failure_becomes_a_TJ0034_warning_that_names_only_the_exception_type drives it through ValidationContext",
    };

    private static readonly ValidationCase[] Cases =
    [
        new(ValidationCodes.RequiredFieldMissing, "command",
            () => Samples.Command() with { Command = null! },
            () => Samples.Command() with { Command = "python train.py" }),
        new(ValidationCodes.InvalidName, "name",
            () => Samples.Command() with { Name = "-train" },
            () => Samples.Command() with { Name = "train-1" }),
        new(ValidationCodes.UnknownExpressionReference, "command",
            () => Samples.Command() with { Command = "python train.py --lr ${{inputs.learning_rate}}" },
            () => Samples.Command() with { Command = "python train.py --lr ${{inputs.lr}}" }),
        new(ValidationCodes.PipelineCycle, "jobs.a",
            () => Chain(("a", "${{parent.jobs.b.outputs.result}}"), ("b", "${{parent.jobs.a.outputs.result}}")),
            () => Chain(("a", "${{parent.inputs.raw}}"), ("b", "${{parent.jobs.a.outputs.result}}"))),
        new(ValidationCodes.UnknownStep, "jobs.train.inputs.training_data",
            () => TrainReads("${{parent.jobs.preprocess.outputs.prepared}}"),
            () => TrainReads("${{parent.jobs.prep.outputs.prepared}}")),
        new(ValidationCodes.UnknownBindingTarget, "jobs.train.inputs.training_data",
            () => TrainReads("${{parent.jobs.prep.outputs.cleaned}}"),
            () => TrainReads("${{parent.jobs.prep.outputs.prepared}}")),
        new(ValidationCodes.IncompatibleBindingType, "jobs.train.inputs.training_data",
            () => PrepWrites("uri_file"),
            () => PrepWrites("mltable")),
        new(ValidationCodes.LiteralOutOfRange, "inputs.lr",
            () => Lr(new LiteralInput { Type = LiteralType.Number, Value = 1.5, Min = 0, Max = 1 }),
            () => Lr(new LiteralInput { Type = LiteralType.Number, Value = 1, Min = 0, Max = 1 })),
        new(ValidationCodes.LiteralNotInEnum, "inputs.lr",
            () => Lr(new LiteralInput { Type = LiteralType.String, Value = "rmsprop", Enum = ValueList.Of("sgd", "adam") }),
            () => Lr(new LiteralInput { Type = LiteralType.String, Value = "adam", Enum = ValueList.Of("sgd", "adam") })),
        new(ValidationCodes.LiteralTypeMismatch, "inputs.lr",
            () => Lr(new LiteralInput { Type = LiteralType.Integer, Value = 2.5 }),
            () => Lr(new LiteralInput { Type = LiteralType.Integer, Value = 2 })),
        new(ValidationCodes.InvalidDistribution, "distribution.process_count_per_instance",
            () => Samples.Command() with { Distribution = new MpiDistribution { ProcessCountPerInstance = 0 } },
            () => Samples.Command() with { Distribution = new MpiDistribution { ProcessCountPerInstance = 1 } }),
        new(ValidationCodes.OutputVersionWithoutName, "outputs.model.version",
            () => Samples.Command() with { Outputs = ValueMap.Of(("model", new JobOutput { Type = "mlflow_model", AssetVersion = "1" })) },
            () => Samples.Command() with { Outputs = ValueMap.Of(("model", new JobOutput { Type = "mlflow_model", AssetName = "m", AssetVersion = "1" })) }),
        new(ValidationCodes.SecretInCommand, "command",
            () => Samples.Command() with { Command = "python train.py --token 'Bearer ya29.a0AfH6SMBx3kT9qZl2Vw8Ruh7Yp1Qm'" },
            () => Samples.Command() with { Command = "python train.py --token \"Bearer $API_TOKEN\"" }),
        new(ValidationCodes.SecretInEnvironmentVariable, "environment_variables.APP_SETTING",
            () => Samples.Command() with { EnvironmentVariables = ValueMap.Of(("APP_SETTING", "Bearer ya29.a0AfH6SMBx3kT9qZl2Vw8Ruh7Yp1Qm")) },
            () => Samples.Command() with { EnvironmentVariables = ValueMap.Of(("APP_SETTING", "Bearer $API_TOKEN")) }),
        new(ValidationCodes.UnversionedDataReference, "inputs.data.path",
            () => Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris@latest" }),
            () => Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:3" })),
        new(ValidationCodes.UnpinnedEnvironment, "environment",
            () => Samples.Command() with { Environment = new EnvironmentReference("azureml:sklearn@latest") },
            () => Samples.Command() with { Environment = new EnvironmentReference("azureml:sklearn:1") }),
        new(ValidationCodes.InvalidShmSize, "resources.shm_size",
            () => Samples.Command() with { Resources = new JobResources { ShmSize = "16x" } },
            () => Samples.Command() with { Resources = new JobResources { ShmSize = "16g" } }),
        new(ValidationCodes.NonPositiveLimit, "resources.instance_count",
            () => Samples.Command() with { Resources = new JobResources { InstanceCount = 0 } },
            () => Samples.Command() with { Resources = new JobResources { InstanceCount = 1 } }),
        new(ValidationCodes.MinGreaterThanMax, "resources.instance_count",
            () => Samples.Command() with { Resources = new JobResources { InstanceCount = 5, MaxInstanceCount = 4 } },
            () => Samples.Command() with { Resources = new JobResources { InstanceCount = 4, MaxInstanceCount = 4 } }),
        new(ValidationCodes.InvalidObjective, "objective.goal",
            () => Samples.Sweep() with { Objective = new SweepObjective("loss", new Goal("lower")) },
            () => Samples.Sweep() with { Objective = new SweepObjective("loss", Goal.Parse("Minimize")) }),
        new(ValidationCodes.InvalidEarlyTermination, "early_termination.truncation_percentage",
            () => Samples.Sweep() with { EarlyTermination = new TruncationSelectionPolicy { TruncationPercentage = 100 } },
            () => Samples.Sweep() with { EarlyTermination = new TruncationSelectionPolicy { TruncationPercentage = 99 } }),
        new(ValidationCodes.InvalidService, "services.my_ssh.port",
            () => Samples.Command() with { Services = ValueMap.Of(("my_ssh", new JobService { Type = "ssh", Port = 65536 })) },
            () => Samples.Command() with { Services = ValueMap.Of(("my_ssh", new JobService { Type = "ssh", Port = 65535 })) }),
        new(ValidationCodes.MalformedExpression, "command",
            () => Samples.Command() with { Command = "python train.py --lr ${{inputs.lr" },
            () => Samples.Command() with { Command = "python train.py --lr ${{inputs.lr}}" }),
        new(ValidationCodes.InvalidSearchSpace, "search_space.lr.q",
            () => Space(new UniformParameter { MinValue = 0.001, MaxValue = 0.1, Q = -1 }),
            () => Space(new UniformParameter { MinValue = 0.001, MaxValue = 0.1, Q = 0.001 })),
        new(ValidationCodes.UnsupportedBySamplingAlgorithm, "search_space.lr",
            () => Space(new UniformParameter { MinValue = 0.001, MaxValue = 0.1 }) with { SamplingAlgorithm = new GridSamplingAlgorithm() },
            () => Space(new ChoiceParameter { Values = ValueList.Of<ChoiceOption>((LiteralValue)0.001, (LiteralValue)0.1) }) with { SamplingAlgorithm = new GridSamplingAlgorithm() }),
        new(ValidationCodes.UndeclaredComponentPort, "jobs.train.inputs.learning_rate",
            () => Samples.Pipeline().WithStepJob("train", job => job.WithInput("learning_rate", new LiteralInput { Value = 50 })),
            () => Samples.Pipeline().WithStepJob("train", job => job.WithInput("epochs", new LiteralInput { Value = 50 }))),
        new(ValidationCodes.OptionalInputOutsideOptionalSegment, "command",
            () => Samples.Command() with { Command = "python train.py --seed ${{inputs.seed}}" },
            () => Samples.Command() with { Command = "python train.py $[[--seed ${{inputs.seed}}]]" }),
        new(ValidationCodes.InvalidEnvironmentVariableName, "environment_variables",
            () => Samples.Command() with { EnvironmentVariables = ValueMap.Of(("MY VAR", "1")) },
            () => Samples.Command() with { EnvironmentVariables = ValueMap.Of(("MY_VAR", "1")) }),
        new(ValidationCodes.UnknownServiceValue, "queue_settings.job_tier",
            () => Samples.Command() with { QueueSettings = new QueueSettings { JobTier = new JobTier("platinum") } },
            () => Samples.Command() with { QueueSettings = new QueueSettings { JobTier = JobTier.Parse("Premium") } }),
        new(ValidationCodes.InputModeNotAllowedForType, "inputs.data.mode",
            () => Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris:3", Mode = InputMode.EvalMount }),
            () => Samples.Command().WithInput("data", new AssetInput { Type = AssetType.MLTable, Path = "azureml:iris:3", Mode = InputMode.EvalMount })),
        new(ValidationCodes.SecretInOtherField, "tags.token",
            () => Samples.Command() with { Tags = ValueMap.Of(("token", "Bearer ya29.a0AfH6SMBx3kT9qZl2Vw8Ruh7Yp1Qm")) },
            () => Samples.Command() with { Tags = ValueMap.Of(("token", "kept in the key vault")) }),
        new(ValidationCodes.UnpinnedComponentOrCode, "code",
            () => Samples.Command() with { Code = "azureml:train-code@latest" },
            () => Samples.Command() with { Code = "azureml:train-code:4" }),
        new(ValidationCodes.NestingTooDeep, "search_space.deep" + string.Concat(Enumerable.Repeat(".values[0].p", ValidationContext.MaxDepth)) + ".values[0]",
            () => Space(Nested(200), "deep"),
            () => Space(Nested(3), "deep")),
        new(ValidationCodes.StepValueOutsideComponentDeclaration, "jobs.train.inputs.epochs",
            () => Samples.Pipeline().WithStepJob("train", job => job.WithInput("epochs", new LiteralInput { Value = 101 })),
            () => Samples.Pipeline().WithStepJob("train", job => job.WithInput("epochs", new LiteralInput { Value = 100 }))),
        new(ValidationCodes.UnusedSearchSpaceEntry, "search_space.batch",
            () => Samples.Sweep() with { Trial = Samples.Sweep().Trial with { Command = "python train.py --data ${{inputs.data}} --lr ${{search_space.lr}}" } },
            () => Samples.Sweep()),
        new(ValidationCodes.UnresolvableEnvironmentReference, "environment",
            () => Samples.Command() with { Environment = new EnvironmentReference("sklearn-env") },
            () => Samples.Command() with { Environment = new EnvironmentReference("azureml:sklearn-env:1") }),
        new(ValidationCodes.DataReferenceWithoutVersion, "inputs.data.path",
            () => Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris" }),
            () => Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:iris@latest" })),
        new(ValidationCodes.StorageUriAsCode, "code",
            () => Samples.Command() with { Code = "azureml://datastores/workspaceblobstore/paths/src" },
            () => Samples.Command() with { Code = "azureml:train-code:1" }),
        new(ValidationCodes.RegisteredTrialInSweepJob, "trial",
            () => RegisteredTrialSweep(),
            () => Samples.Pipeline() with { Steps = Samples.Pipeline().Steps.SetItem("tune", new PipelineStep { Job = RegisteredTrialSweep() with { Name = null } }) }),
    ];

    private static SweepJob RegisteredTrialSweep() =>
        Samples.Sweep() with { Trial = new CommandJob(), TrialReference = new ComponentReference { Reference = "azureml:train:1" } };

    private static PipelineJob Chain(params (string Name, string Source)[] steps) => new()
    {
        Inputs = ValueMap.Of<JobInput>(("raw", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:raw-data:2" })),
        Steps = ValueMap.From(steps.Select(s => new KeyValuePair<string, PipelineStep>(s.Name, new PipelineStep
        {
            Job = new CommandJob
            {
                Command = "cp -r ${{inputs.source}} ${{outputs.result}}",
                Environment = Samples.PinnedEnvironment,
                Inputs = ValueMap.Of<JobInput>(("source", new BindingInput { Expression = s.Source })),
                Outputs = ValueMap.Of(("result", new JobOutput { Type = "uri_folder" })),
            },
        }))),
    };

    private static PipelineJob TrainReads(string expression) =>
        Samples.Pipeline().WithStepJob("train", job => job.WithInput("training_data", new BindingInput { Expression = expression }));

    private static PipelineJob PrepWrites(string type) =>
        Samples.Pipeline().WithStepJob("prep", job => job with { Outputs = ValueMap.Of(("prepared", new JobOutput { Type = type })) });

    private static CommandJob Lr(LiteralInput input) => Samples.Command().WithInput("lr", input);

    private static SweepJob Space(SearchSpaceParameter parameter, string name = "lr") => Samples.Sweep() with
    {
        Trial = Samples.Sweep().Trial with { Command = $"python train.py --data ${{{{inputs.data}}}} --x ${{{{search_space.{name}}}}}" },
        SearchSpace = ValueMap.Of((name, parameter)),
    };

    private static SearchSpaceParameter Nested(int depth)
    {
        SearchSpaceParameter parameter = new RandIntParameter(3);
        for (var i = 0; i < depth; i++)
        {
            parameter = new ChoiceParameter { Values = ValueList.Of(new ChoiceOption { Group = ValueMap.Of(("p", parameter)) }) };
        }
        return parameter;
    }

    private static IEnumerable<TestCaseData> Rows() => Cases.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Code));

    [TestCaseSource(nameof(Rows))]
    public void The_raising_definition_reports_the_code_at_its_path_with_the_catalog_severity(ValidationCase row)
    {
        var diagnostics = row.Raise().Validate();

        var raised = diagnostics.Where(d => d.Code == row.Code).ToList();
        raised.Should().NotBeEmpty("the definition is the example of {0}", row.Code);
        raised.Select(d => d.Path).Should().Contain(row.Path);
        raised.Should().OnlyContain(d => d.Severity == ValidationCodes.Describe(row.Code)!.Severity);
    }

    [TestCaseSource(nameof(Rows))]
    public void The_close_definition_does_not_report_the_code(ValidationCase row)
    {
        row.Near().Validate().Should().NotContain(d => d.Code == row.Code);
    }

    [Test]
    public void Every_code_has_a_raising_case_or_is_a_listed_exception()
    {
        var constants = YamlCodeCatalogTests.CodesOf(typeof(ValidationCodes));
        var covered = Cases.Select(c => c.Code).ToList();

        covered.Should().OnlyHaveUniqueItems();
        covered.Should().NotIntersectWith(KnownUnraisable.Keys, "a code with a raising case is not unraisable");
        KnownUnraisable.Values.Should().OnlyContain(reason => reason.Length > 0);
        covered.Concat(KnownUnraisable.Keys).Should().BeEquivalentTo(constants, "every validator code needs a row in the catalog table");
    }

    /// <summary>One catalog row.</summary>
    /// <param name="Code">The code.</param>
    /// <param name="Path">The path one of the raised diagnostics names.</param>
    /// <param name="Raise">Builds the definition that raises the code.</param>
    /// <param name="Near">Builds the close definition that does not.</param>
    public sealed record ValidationCase(string Code, string Path, Func<JobDefinition> Raise, Func<JobDefinition> Near)
    {
        /// <inheritdoc />
        public override string ToString() => Code;
    }
}
