using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>TJ0008 (outside min/max), TJ0009 (not in enum), TJ0010 (wrong type), TJ0019 (min greater than max).</summary>
public class LiteralTests
{
    private static CommandJob WithLr(LiteralInput input) => Samples.Command().WithInput("lr", input);

    [TestCase(1.5)]
    [TestCase(-0.1)]
    public void A_value_outside_min_and_max_raises_TJ0008(double value)
    {
        var diagnostic = WithLr(new LiteralInput { Type = LiteralType.Number, Value = value, Min = 0, Max = 1 })
            .With(ValidationCodes.LiteralOutOfRange).Should().ContainSingle().Subject;

        diagnostic.Path.Should().Be("inputs.lr");
        diagnostic.Message.Should().Contain(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(0.5)]
    public void A_value_within_min_and_max_raises_no_TJ0008(double value)
    {
        WithLr(new LiteralInput { Type = LiteralType.Number, Value = value, Min = 0, Max = 1 }).With(ValidationCodes.LiteralOutOfRange).Should().BeEmpty();
    }

    [Test]
    public void A_default_outside_the_bounds_raises_TJ0008_at_the_default()
    {
        WithLr(new LiteralInput { Type = LiteralType.Integer, Default = 200, Min = 1, Max = 100 })
            .With(ValidationCodes.LiteralOutOfRange).Should().ContainSingle(d => d.Path == "inputs.lr.default");
    }

    [Test]
    public void A_step_value_outside_the_component_bounds_raises_the_TJ0035_warning_at_the_step_input_not_TJ0008()
    {
        var pipeline = Samples.Pipeline().WithStepJob("train", job => job.WithInput("epochs", new LiteralInput { Value = 500 }));

        pipeline.With(ValidationCodes.StepValueOutsideComponentDeclaration).Should()
            .ContainSingle(d => d.Path == "jobs.train.inputs.epochs" && d.Severity == DiagnosticSeverity.Warning)
            .Which.Message.Should().Contain("above the maximum 100");
        pipeline.With(ValidationCodes.LiteralOutOfRange).Should().BeEmpty();
    }

    [Test]
    public void A_step_value_within_the_component_bounds_and_enum_raises_no_TJ0035()
    {
        Samples.Pipeline().WithStepJob("train", job => job.WithInput("epochs", new LiteralInput { Value = 50 }).WithInput("optimizer", new LiteralInput { Value = "adam" }))
            .With(ValidationCodes.StepValueOutsideComponentDeclaration).Should().BeEmpty();
    }

    [Test]
    public void A_value_not_in_the_enum_raises_TJ0009_and_lists_the_allowed_values()
    {
        var job = Samples.Command().WithInput("optimizer", new LiteralInput { Type = LiteralType.String, Value = "rmsprop", Enum = ValueList.Of("sgd", "adam") });

        var diagnostic = job.With(ValidationCodes.LiteralNotInEnum).Should().ContainSingle().Subject;
        diagnostic.Path.Should().Be("inputs.optimizer");
        diagnostic.Message.Should().Contain("'rmsprop'").And.Contain("'sgd', 'adam'");
    }

    [Test]
    public void A_value_in_the_enum_raises_no_TJ0009_and_enum_comparison_is_exact()
    {
        var input = new LiteralInput { Type = LiteralType.String, Value = "adam", Enum = ValueList.Of("sgd", "adam") };

        Samples.Command().WithInput("optimizer", input).With(ValidationCodes.LiteralNotInEnum).Should().BeEmpty();
        Samples.Command().WithInput("optimizer", input with { Value = "Adam" }).With(ValidationCodes.LiteralNotInEnum).Should().ContainSingle();
    }

    [Test]
    public void A_step_value_outside_the_component_enum_raises_TJ0035_because_the_service_passes_it_on()
    {
        // As the published image_classification_with_densenet example does (center_crop: 224 for enum ['True', 'False']).
        var pipeline = Samples.Pipeline().WithStepJob("train", job => job.WithInput("optimizer", new LiteralInput { Value = "lbfgs" }));

        pipeline.With(ValidationCodes.StepValueOutsideComponentDeclaration).Should().ContainSingle(d => d.Path == "jobs.train.inputs.optimizer");
        pipeline.With(ValidationCodes.LiteralNotInEnum).Should().BeEmpty();
    }

    [Test]
    public void A_boolean_matches_its_enum_spelling_in_any_case_and_a_number_matches_the_same_numeric_entry()
    {
        // The published init_image_transformation component declares: type string, default False (a YAML boolean), enum ['True', 'False'].
        var flag = new LiteralInput { Type = LiteralType.String, Default = false, Enum = ValueList.Of("True", "False") };
        var size = new LiteralInput { Type = LiteralType.Integer, Value = 1, Enum = ValueList.Of("1.0", "2") };

        Samples.Command().WithInput("center_crop", flag).With(ValidationCodes.LiteralNotInEnum).Should().BeEmpty();
        Samples.Command().WithInput("size", size).With(ValidationCodes.LiteralNotInEnum).Should().BeEmpty();
        Samples.Command().WithInput("size", size with { Value = 3 }).With(ValidationCodes.LiteralNotInEnum).Should().ContainSingle();
    }

    [TestCase("integer", "ten")]
    [TestCase("number", "fast")]
    [TestCase("boolean", "yes")]
    public void A_string_value_that_does_not_read_as_the_declared_type_raises_TJ0010(string type, string value)
    {
        WithLr(new LiteralInput { Type = LiteralType.Parse(type), Value = value })
            .With(ValidationCodes.LiteralTypeMismatch).Should().ContainSingle(d => d.Path == "inputs.lr");
    }

    [Test]
    public void Mismatched_typed_values_raise_TJ0010()
    {
        WithLr(new LiteralInput { Type = LiteralType.Integer, Value = 2.5 }).With(ValidationCodes.LiteralTypeMismatch).Should().ContainSingle();
        WithLr(new LiteralInput { Type = LiteralType.Number, Value = true }).With(ValidationCodes.LiteralTypeMismatch).Should().ContainSingle();
        WithLr(new LiteralInput { Type = LiteralType.Boolean, Value = 1 }).With(ValidationCodes.LiteralTypeMismatch).Should().ContainSingle();
    }

    [TestCase("integer", "10")]
    [TestCase("number", "0.5")]
    [TestCase("boolean", "True")]
    [TestCase("string", "anything")]
    public void Values_that_read_as_the_declared_type_raise_no_TJ0010(string type, string value)
    {
        WithLr(new LiteralInput { Type = LiteralType.Parse(type), Value = value }).With(ValidationCodes.LiteralTypeMismatch).Should().BeEmpty();
    }

    [Test]
    public void An_integer_input_accepts_a_whole_number_written_as_10_point_0_and_a_number_input_accepts_an_integer()
    {
        WithLr(new LiteralInput { Type = LiteralType.Integer, Value = 10.0 }).With(ValidationCodes.LiteralTypeMismatch).Should().BeEmpty();
        WithLr(new LiteralInput { Type = LiteralType.Number, Value = 1 }).With(ValidationCodes.LiteralTypeMismatch).Should().BeEmpty();
    }

    [Test]
    public void A_step_value_of_the_wrong_type_for_the_component_raises_TJ0010()
    {
        Samples.Pipeline().WithStepJob("train", job => job.WithInput("epochs", new LiteralInput { Value = "many" }))
            .With(ValidationCodes.LiteralTypeMismatch).Should().ContainSingle(d => d.Path == "jobs.train.inputs.epochs");
    }

    [Test]
    public void Min_greater_than_max_raises_TJ0019_and_equal_bounds_do_not()
    {
        WithLr(new LiteralInput { Type = LiteralType.Number, Min = 2, Max = 1 }).With(ValidationCodes.MinGreaterThanMax).Should().ContainSingle(d => d.Path == "inputs.lr");
        WithLr(new LiteralInput { Type = LiteralType.Number, Min = 1, Max = 1 }).With(ValidationCodes.MinGreaterThanMax).Should().BeEmpty();
    }

    [Test]
    public void A_binding_written_as_a_string_literal_is_not_judged_as_a_literal()
    {
        var pipeline = Samples.Pipeline().WithStepJob("train", job => job.WithInput("epochs", new LiteralInput { Value = "${{parent.inputs.epochs}}" }));

        pipeline.With(ValidationCodes.LiteralTypeMismatch).Should().BeEmpty();
        pipeline.With(ValidationCodes.UnknownBindingTarget).Should().BeEmpty();
        Samples.Pipeline().WithStepJob("train", job => job.WithInput("epochs", new LiteralInput { Value = "${{parent.inputs.epoch}}" }))
            .With(ValidationCodes.UnknownBindingTarget).Should().ContainSingle(d => d.Path == "jobs.train.inputs.epochs");
    }
}
