using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>TJ0002: names.</summary>
public class NameTests
{
    private const string Code = ValidationCodes.InvalidName;

    [TestCase("-starts-with-dash")]
    [TestCase("has space")]
    [TestCase("dotted.name")]
    [TestCase("")]
    [TestCase("trailing_newline\n")]
    public void An_invalid_job_name_raises_TJ0002_at_name(string name)
    {
        (Samples.Command() with { Name = name }).With(Code).Should().ContainSingle(d => d.Path == "name");
    }

    [TestCase("a")]
    [TestCase("0starts_with_digit")]
    [TestCase("Mixed-Case_name-1")]
    public void A_valid_job_name_raises_no_TJ0002(string name)
    {
        (Samples.Command() with { Name = name }).With(Code).Should().BeEmpty();
    }

    [Test]
    public void A_job_name_longer_than_255_characters_raises_TJ0002()
    {
        (Samples.Command() with { Name = new string('a', 256) }).With(Code).Should().ContainSingle();
        (Samples.Command() with { Name = new string('a', 255) }).With(Code).Should().BeEmpty();
    }

    [TestCase("Train")]
    [TestCase("1step")]
    [TestCase("train-model")]
    public void An_invalid_step_name_raises_TJ0002_at_the_step(string name)
    {
        var pipeline = Samples.Pipeline() with { Steps = Samples.Pipeline().Steps.Remove("prep").SetItem(name, Samples.Pipeline().Steps["prep"]) };
        var rebound = pipeline.WithStepJob("train", job => job.WithInput("training_data", new BindingInput { Expression = $"${{{{parent.jobs.{name}.outputs.prepared}}}}" }));

        rebound.With(Code).Should().ContainSingle(d => d.Path == "jobs." + name);
    }

    [TestCase("invalid_name-with-dash", "inputs.invalid_name-with-dash")]
    [TestCase("2nd", "inputs.2nd")]
    [TestCase("group..x", "inputs['group..x']")]
    public void An_invalid_input_name_raises_TJ0002_at_the_input(string name, string path)
    {
        var job = Samples.Command().WithInput(name, new LiteralInput { Value = 1 });

        job.With(Code).Should().ContainSingle(d => d.Path == path);
    }

    [TestCase("_private")]
    [TestCase("CamelCase2")]
    public void Identifier_input_names_raise_no_TJ0002(string name)
    {
        Samples.Command().WithInput(name, new LiteralInput { Value = 1 }).With(Code).Should().BeEmpty();
    }

    [Test]
    public void A_dotted_group_input_name_raises_no_TJ0002_on_a_pipeline_job_but_does_on_a_command_job()
    {
        // azure-ai-ml takes parameter groups only in a pipeline job's inputs (validate_pipeline_input_key_contains_allowed_characters).
        const string name = "component_in_group.sub1.integer";

        (Samples.Pipeline() with { Inputs = ValueMap.Of<JobInput>((name, new LiteralInput { Value = 1 })) }).With(Code).Should().BeEmpty();
        Samples.Command().WithInput(name, new LiteralInput { Value = 1 }).With(Code).Should().ContainSingle(d => d.Path == $"inputs['{name}']");
    }

    [Test]
    public void Input_names_that_differ_only_in_case_raise_TJ0002()
    {
        var job = Samples.Command().WithInput("LR", new LiteralInput { Value = 0.1 });

        job.With(Code).Should().ContainSingle(d => d.Path == "inputs.LR");
    }

    [Test]
    public void An_invalid_output_name_raises_TJ0002_at_the_output()
    {
        var job = Samples.Command() with { Outputs = Samples.Command().Outputs.SetItem("bad-name", new JobOutput()) };

        job.With(Code).Should().ContainSingle(d => d.Path == "outputs.bad-name");
    }

    [Test]
    public void An_invalid_search_space_name_raises_TJ0002()
    {
        var sweep = Samples.Sweep() with { SearchSpace = Samples.Sweep().SearchSpace.SetItem("learning-rate", new RandIntParameter(5)) };

        sweep.With(Code).Should().ContainSingle(d => d.Path == "search_space.learning-rate");
    }
}
