using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>The one parser of pipeline bindings, which validation and the local pipeline runner share.</summary>
public class BindingReferenceTests
{
    [TestCase("parent.inputs.lr", "ParentInput", null, "lr")]
    [TestCase("parent.outputs.model", "ParentOutput", null, "model")]
    [TestCase("parent.jobs.prep.outputs.clean", "StepOutput", "prep", "clean")]
    [TestCase("parent.jobs.prep.inputs.raw", "StepInput", "prep", "raw")]
    [TestCase("parent.jobs.prep", "Step", "prep", "")]
    [TestCase("parent.inputs.a.b", "ParentInput", null, "a.b")]
    public void Parses_each_form(string content, string source, string? step, string port)
    {
        BindingReference.Parse(content).Should().Be(new BindingReference(Enum.Parse<BindingSource>(source), step, port));
    }

    [TestCase("inputs.lr")]
    [TestCase("parent.jobs.prep.outputs")]
    [TestCase("parent.jobs.prep.params.x")]
    [TestCase("parent..inputs")]
    [TestCase("parent.settings.x")]
    public void Refuses_what_names_nothing_a_binding_can_read(string content)
    {
        BindingReference.Parse(content).Should().BeNull();
    }

    [Test]
    public void A_whole_value_binding_may_have_blanks_around_it_but_no_other_text()
    {
        BindingReference.ParseWhole("  ${{ parent.jobs.a.outputs.b }} ").Should().Be(new BindingReference(BindingSource.StepOutput, "a", "b"));
        BindingReference.ParseWhole("prefix-${{parent.inputs.x}}").Should().BeNull();
        BindingReference.ParseWhole("${{parent.inputs.x}}${{parent.inputs.y}}").Should().BeNull();
        BindingReference.ParseWhole("plain").Should().BeNull();
        BindingReference.ParseWhole(null).Should().BeNull();
    }
}
