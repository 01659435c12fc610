using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// The local backend's names come from <see cref="NameRules"/>, so the answer the local name check gives before
/// anything is planned is the answer submission gives; a dotted port name cannot pass one and fail the other.
/// </summary>
public sealed class LocalNameRuleTests
{
    private static CommandJob WithInput(string inputName) => new()
    {
        Name = "names-job",
        Command = "python train.py",
        Inputs = ValueMap.Of<JobInput>((inputName, new LiteralInput { Value = 0.1 })),
    };

    private static CommandJob WithOutput(string outputName) => new()
    {
        Name = "names-job",
        Command = "python train.py",
        Outputs = ValueMap.Of((outputName, new JobOutput())),
    };

    [TestCase("learning.rate", false)]
    [TestCase("group.sub1.integer", false)]
    [TestCase("learning_rate", true)]
    [TestCase("_lr2", true)]
    public void The_local_port_rule_is_the_port_rule_without_dots(string name, bool local)
    {
        NameRules.IsValidPortName(name).Should().BeTrue("an Azure ML port name may be dotted (parameter groups)");
        NameRules.IsValidLocalPortName(name).Should().Be(local);
    }

    [TestCase("1lr")]
    [TestCase("lr-rate")]
    [TestCase("")]
    public void A_name_that_is_no_port_name_is_no_local_port_name_either(string name) =>
        NameRules.IsValidLocalPortName(name).Should().BeFalse();

    [Test]
    public async Task A_dotted_input_name_gets_the_same_answer_from_the_local_name_check_and_from_submission()
    {
        var job = WithInput("learning.rate");
        await using var ws = new TempWorkspace();

        var checkedFirst = LocalPlanner.CheckNames(job);
        var submit = () => ws.Client.SubmitAsync(job, new SubmitOptions { BaseDirectory = ws.Work });
        var rejection = await submit.Should().ThrowAsync<JobValidationException>();

        // azure-ai-ml refuses a dotted name on a command job too (only a pipeline job's inputs take parameter groups),
        // so submission reports the local check's diagnostic and the validator's, at the same input.
        var azureMl = job.Validate().Should().ContainSingle(d => d.Code == ValidationCodes.InvalidName).Subject;
        azureMl.Path.Should().Be("inputs['learning.rate']");
        checkedFirst.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == LocalDiagnosticCodes.InvalidName && d.Severity == DiagnosticSeverity.Error && d.Path == "inputs['learning.rate']");
        rejection.Which.Diagnostics.Should().BeEquivalentTo(checkedFirst.Append(azureMl), "submission reports what the two checks reported, nothing else");
    }

    [Test]
    public async Task A_dotted_output_name_gets_the_same_answer_from_the_local_name_check_and_from_submission()
    {
        var job = WithOutput("model.best");
        await using var ws = new TempWorkspace();

        var checkedFirst = LocalPlanner.CheckNames(job);
        var submit = () => ws.Client.SubmitAsync(job, new SubmitOptions { BaseDirectory = ws.Work });
        var rejection = await submit.Should().ThrowAsync<JobValidationException>();

        checkedFirst.Should().ContainSingle().Which.Path.Should().Be("outputs['model.best']");
        var azureMl = job.Validate().Should().ContainSingle(d => d.Code == ValidationCodes.InvalidName).Subject;
        azureMl.Path.Should().Be("outputs['model.best']");
        rejection.Which.Diagnostics.Should().BeEquivalentTo(checkedFirst.Append(azureMl));
    }

    [Test]
    public void An_undotted_port_and_a_valid_job_name_pass_the_local_name_check() =>
        LocalPlanner.CheckNames(WithInput("learning_rate") with { Outputs = ValueMap.Of(("model", new JobOutput())) }).Should().BeEmpty();

    [Test]
    public void The_local_job_name_rule_is_the_validators()
    {
        var job = WithInput("lr") with { Name = "-starts-with-dash" };

        job.Validate().Should().Contain(d => d.Code == ValidationCodes.InvalidName && d.Path == "name");
        LocalPlanner.CheckNames(job).Should().ContainSingle().Which.Path.Should().Be("name");
        LocalPlanner.CheckNames(job with { Name = "ok_name-1" }).Should().BeEmpty();
    }
}
