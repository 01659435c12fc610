using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>The validator never throws for content (TJ0033, TJ0034) and orders its results errors first.</summary>
public class RobustnessTests
{
    private static IEnumerable<TestCaseData> OddDefinitions()
    {
        yield return new TestCaseData(new CommandJob()).SetName("Empty command job");
        yield return new TestCaseData(new PipelineJob()).SetName("Empty pipeline");
        yield return new TestCaseData(new CommandJob
        {
            Inputs = null!, Outputs = null!, Tags = null!, Properties = null!, Services = null!, EnvironmentVariables = null!,
            Environment = new EnvironmentReference(null!),
            Distribution = new PyTorchDistribution { AdditionalFields = null! },
            Resources = new JobResources { Locations = null!, Properties = null! },
        }).SetName("Null maps everywhere");
        yield return new TestCaseData(new CommandJob
        {
            Command = "${{inputs.",
            Inputs = ValueMap.Of<JobInput>(
                ("nothing", null!),
                ("literal", new LiteralInput { Value = default(LiteralValue), Default = default(LiteralValue), Enum = null!, Type = default(LiteralType) }),
                ("asset", new AssetInput { Type = default, Mode = default(InputMode) }),
                ("binding", new BindingInput { Expression = null! })),
            Outputs = ValueMap.Of(("out", new JobOutput { Mode = default(OutputMode), Path = "${{" })),
            Services = ValueMap.Of(("svc", new JobService { Properties = null! }), ("none", (JobService)null!)),
            EnvironmentVariables = ValueMap.Of(("EMPTY", (string)null!)),
            QueueSettings = new QueueSettings { JobTier = default(JobTier) },
        }).SetName("Null and default values inside maps");
        yield return new TestCaseData(new PipelineJob
        {
            Inputs = ValueMap.Of<JobInput>(("x", new BindingInput { Expression = "${{parent.inputs.x}}" })),
            Steps = ValueMap.Of(
                ("null_step", (PipelineStep)null!),
                ("null_job", new PipelineStep { Job = null! }),
                ("null_body", new PipelineStep { Job = new CommandJob(), Component = new ComponentReference { Definition = new ComponentDefinition { Body = null! } } }),
                ("odd_binding", new PipelineStep
                {
                    Job = new CommandJob
                    {
                        Command = "echo",
                        Inputs = ValueMap.Of<JobInput>(
                            ("a", new BindingInput { Expression = "${{parent}}" }),
                            ("b", new BindingInput { Expression = "${{parent.jobs}}" }),
                            ("c", new BindingInput { Expression = "${{parent.jobs.null_step.outputs.x}}" }),
                            ("d", new BindingInput { Expression = "${{parent.jobs.null_job.inputs.}}" }),
                            ("e", new BindingInput { Expression = "${{parent..inputs}} ${{ }}" }),
                            ("f", new AssetInput { Path = "${{parent.jobs.odd_binding.outputs}}" })),
                        Outputs = ValueMap.Of(("o", new JobOutput { Path = "${{parent}} ${{parent.outputs.}}" })),
                    },
                })),
        }).SetName("Broken pipeline steps and bindings");
        yield return new TestCaseData(new SweepJob
        {
            Trial = null!,
            SamplingAlgorithm = null!,
            Objective = new SweepObjective(null!, default),
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(
                ("c", new ChoiceParameter { Values = null! }),
                ("d", new ChoiceParameter { Values = ValueList.Of<ChoiceOption>(null!, new ChoiceOption { Group = ValueMap.Of<SearchSpaceParameter>(("x", null!)) }) }),
                ("n", null!)),
            Limits = new SweepJobLimits(),
            EarlyTermination = new BanditPolicy(),
        }).SetName("Sweep with nulls");
    }

    [TestCaseSource(nameof(OddDefinitions))]
    public void Odd_definitions_give_diagnostics_never_an_exception_or_an_internal_fault(JobDefinition job)
    {
        var act = () => job.Validate();

        act.Should().NotThrow().Which.Should().NotContain(d => d.Code == ValidationCodes.ValidatorFault);
    }

    [Test]
    public void A_pipeline_nested_far_deeper_than_any_real_one_raises_one_TJ0033_instead_of_overflowing()
    {
        JobDefinition job = Samples.Command() with { Name = null };
        for (var i = 0; i < 5000; i++)
        {
            job = new PipelineJob { Steps = ValueMap.Of(("inner", new PipelineStep { Job = job })) };
        }

        var diagnostics = job.Validate();

        diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.NestingTooDeep);
    }

    [Test]
    public void A_pipeline_nested_a_few_levels_deep_is_checked_all_the_way_down_without_TJ0033()
    {
        JobDefinition job = Samples.Command() with { Name = null, Command = "python train.py ${{inputs.missing}}" };
        var path = "command";
        for (var i = 0; i < 20; i++)
        {
            job = new PipelineJob { Steps = ValueMap.Of(("inner", new PipelineStep { Job = job })) };
            path = "jobs.inner." + path;
        }

        var diagnostics = job.Validate();

        diagnostics.Should().NotContain(d => d.Code == ValidationCodes.NestingTooDeep);
        diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.UnknownExpressionReference).Which.Path.Should().Be(path);
    }

    [Test]
    public void A_search_space_nested_too_deep_raises_TJ0033()
    {
        SearchSpaceParameter parameter = new RandIntParameter(3);
        for (var i = 0; i < 200; i++)
        {
            parameter = new ChoiceParameter { Values = ValueList.Of(new ChoiceOption { Group = ValueMap.Of(("p", parameter)) }) };
        }

        (Samples.Sweep() with { SearchSpace = ValueMap.Of(("deep", parameter)) }).With(ValidationCodes.NestingTooDeep).Should().ContainSingle();
    }

    [Test]
    public void An_internal_failure_becomes_a_TJ0034_warning_that_names_only_the_exception_type()
    {
        var context = new ValidationContext();

        context.Guarded("jobs.train", () => throw new InvalidOperationException("token=Sup3rS3cretPa55"));

        var diagnostic = context.Results().Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be(ValidationCodes.ValidatorFault);
        diagnostic.Severity.Should().Be(DiagnosticSeverity.Warning);
        diagnostic.Path.Should().Be("jobs.train");
        diagnostic.Message.Should().Contain(nameof(InvalidOperationException)).And.NotContain("Sup3rS3cretPa55");
    }

    [Test]
    public void A_check_that_succeeds_raises_no_TJ0034()
    {
        var context = new ValidationContext();

        context.Guarded("jobs.train", () => { });

        context.Results().Should().BeEmpty();
    }

    [Test]
    public void Diagnostics_come_errors_first_then_warnings_each_in_the_order_found()
    {
        // The command is checked before the environment, so the secret warning is found before the missing-environment error.
        var job = Samples.Command() with
        {
            Command = "python train.py --token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl --x ${{inputs.nope}}",
            Environment = null,
            Resources = new JobResources { ShmSize = "lots", InstanceCount = 0 },
            Code = "azureml:code@latest",
        };

        var diagnostics = job.Validate();

        diagnostics.Select(d => d.Severity).Should().BeInDescendingOrder();
        diagnostics.Select(d => d.Code).Should().Equal(
            ValidationCodes.UnknownExpressionReference, ValidationCodes.RequiredFieldMissing,
            ValidationCodes.NonPositiveLimit, ValidationCodes.InvalidShmSize,
            ValidationCodes.SecretInCommand, ValidationCodes.UnpinnedComponentOrCode);
    }

    [Test]
    public void Validating_twice_gives_equal_results()
    {
        var job = Samples.Pipeline().WithStepJob("train", job => job.WithInput("learning_rate", new LiteralInput { Value = 1 }));

        job.Validate().Should().Equal(job.Validate());
    }
}
