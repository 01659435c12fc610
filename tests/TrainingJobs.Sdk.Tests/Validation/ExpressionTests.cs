using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>TJ0003 (expressions that name nothing), TJ0023 (malformed expressions), TJ0027 (optional inputs outside $[[…]]).</summary>
public class ExpressionTests
{
    private static CommandJob WithCommand(string command) => Samples.Command() with { Command = command };

    [Test]
    public void An_expression_naming_an_unknown_input_raises_TJ0003_and_names_the_expression()
    {
        var diagnostics = WithCommand("python train.py --lr ${{inputs.learning_rate}}").With(ValidationCodes.UnknownExpressionReference);

        diagnostics.Should().ContainSingle(d => d.Path == "command");
        diagnostics[0].Message.Should().Contain("${{inputs.learning_rate}}").And.Contain("data, lr, seed");
    }

    [Test]
    public void An_expression_naming_a_known_input_or_output_raises_no_TJ0003()
    {
        WithCommand("python train.py --lr ${{ inputs.lr }} --out ${{outputs.model}}").With(ValidationCodes.UnknownExpressionReference).Should().BeEmpty();
    }

    [Test]
    public void An_expression_naming_an_unknown_output_raises_TJ0003()
    {
        WithCommand("python train.py --out ${{outputs.checkpoint}}").With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle();
    }

    [TestCase("python train.py --lr {inputs.learning_rate}")]
    [TestCase("python train.py [--lr {inputs.learning_rate}]")]
    public void A_legacy_single_brace_placeholder_naming_nothing_raises_TJ0003(string command)
    {
        WithCommand(command).With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle();
    }

    [Test]
    public void A_legacy_single_brace_placeholder_naming_an_input_raises_no_TJ0003()
    {
        WithCommand("python train.py --lr {inputs.lr} --out {outputs.model}").With(ValidationCodes.UnknownExpressionReference).Should().BeEmpty();
    }

    [Test]
    public void Shell_braces_and_python_format_strings_are_not_taken_for_placeholders()
    {
        WithCommand("for f in ${FILES}; do echo {} ${HOME}; done && python -c \"print('{0}'.format(1))\"")
            .Validate().Should().BeEmpty();
    }

    [Test]
    public void An_expression_inside_an_optional_segment_naming_nothing_raises_TJ0003()
    {
        WithCommand("python train.py $[[--epochs ${{inputs.epochs}}]]").With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle();
    }

    [Test]
    public void An_expression_with_an_unknown_root_raises_TJ0003()
    {
        WithCommand("python train.py --x ${{group.sub_group.str_param}}").With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle();
    }

    [Test]
    public void Search_space_expressions_outside_a_sweep_trial_raise_TJ0003()
    {
        WithCommand("python train.py --lr ${{search_space.lr}}").With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle();
    }

    [Test]
    public void A_trial_command_may_use_search_space_entries_and_the_sweep_inputs()
    {
        Samples.Sweep().With(ValidationCodes.UnknownExpressionReference).Should().BeEmpty();
    }

    [Test]
    public void A_trial_command_naming_an_unknown_search_space_entry_raises_TJ0003_at_trial_command()
    {
        var sweep = Samples.Sweep() with { Trial = Samples.Sweep().Trial with { Command = "python train.py --momentum ${{search_space.momentum}}" } };

        sweep.With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle(d => d.Path == "trial.command");
    }

    [Test]
    public void A_legacy_search_space_placeholder_in_a_trial_is_checked_too()
    {
        var good = Samples.Sweep() with { Trial = Samples.Sweep().Trial with { Command = "python train.py --lr {search_space.lr}" } };
        var bad = Samples.Sweep() with { Trial = Samples.Sweep().Trial with { Command = "python train.py --lr {search_space.rate}" } };

        good.With(ValidationCodes.UnknownExpressionReference).Should().BeEmpty();
        bad.With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle(d => d.Path == "trial.command");
    }

    [Test]
    public void A_dotted_group_input_can_be_used_whole_or_by_member()
    {
        var job = Samples.Command().WithInput("group.sub1.integer", new LiteralInput { Value = 1 });

        (job with { Command = "echo ${{inputs.group.sub1.integer}} ${{inputs.group}}" }).With(ValidationCodes.UnknownExpressionReference).Should().BeEmpty();
        (job with { Command = "echo ${{inputs.group.sub2}}" }).With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle();
    }

    [Test]
    public void A_component_command_is_checked_against_the_component_declarations()
    {
        var component = Samples.TrainComponent();
        var broken = component with { Body = ((CommandJob)component.Body) with { Command = "python train.py --data ${{inputs.train_data}}" } };
        var pipeline = Samples.Pipeline().WithStep("train", step => step with { Component = step.Component! with { Definition = broken } });

        pipeline.With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle(d => d.Path == "jobs.train.component.command");
    }

    [Test]
    public void A_step_command_is_checked_against_the_step_inputs()
    {
        var pipeline = Samples.Pipeline().WithStepJob("prep", job => ((CommandJob)job) with { Command = "python prep.py --in ${{inputs.raw}}" });

        pipeline.With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle(d => d.Path == "jobs.prep.command");
    }

    [Test]
    public void Output_paths_may_use_name_default_datastore_and_output_name_but_nothing_else()
    {
        var good = Samples.Command() with
        {
            Outputs = ValueMap.Of(("model", new JobOutput { Path = "azureml://datastores/${{default_datastore}}/paths/${{name}}/${{output_name}}/" })),
        };
        var bad = Samples.Command() with
        {
            Outputs = ValueMap.Of(("model", new JobOutput { Path = "azureml://datastores/${{default_datastore}}/paths/${{inputs.lr}}/" })),
        };

        good.With(ValidationCodes.UnknownExpressionReference).Should().BeEmpty();
        bad.With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle(d => d.Path == "outputs.model.path");
    }

    [TestCase("python train.py --lr ${{inputs.lr")]
    [TestCase("python train.py --lr ${{}}")]
    [TestCase("python train.py $[[--lr ${{inputs.lr}}")]
    [TestCase("python train.py ${{inputs.lr ${{inputs.lr}}")]
    public void A_malformed_expression_raises_TJ0023(string command)
    {
        WithCommand(command).With(ValidationCodes.MalformedExpression).Should().ContainSingle(d => d.Path == "command");
    }

    [Test]
    public void Nested_optional_segments_and_well_formed_expressions_raise_no_TJ0023()
    {
        WithCommand("python train.py $[[--lr ${{inputs.lr}} $[[--seed ${{inputs.seed}}]]]] --data ${{inputs.data}}")
            .With(ValidationCodes.MalformedExpression).Should().BeEmpty();
    }

    [Test]
    public void A_binding_that_is_not_an_expression_raises_TJ0023()
    {
        var pipeline = Samples.Pipeline().WithStepJob("prep", job => job.WithInput("raw_data", new BindingInput { Expression = "parent.inputs.raw" }));

        pipeline.With(ValidationCodes.MalformedExpression).Should().ContainSingle(d => d.Path == "jobs.prep.inputs.raw_data");
    }

    [Test]
    public void An_optional_input_without_default_used_outside_an_optional_segment_raises_TJ0027()
    {
        var diagnostics = WithCommand("python train.py --seed ${{inputs.seed}}").With(ValidationCodes.OptionalInputOutsideOptionalSegment);

        diagnostics.Should().ContainSingle(d => d.Path == "command" && d.Severity == DiagnosticSeverity.Warning);
        diagnostics[0].Message.Should().Contain("$[[--seed ${{inputs.seed}}]]");
    }

    [Test]
    public void An_optional_input_inside_an_optional_segment_or_with_a_default_raises_no_TJ0027()
    {
        WithCommand("python train.py $[[--seed ${{inputs.seed}}]]").With(ValidationCodes.OptionalInputOutsideOptionalSegment).Should().BeEmpty();
        WithCommand("python train.py --seed ${{inputs.seed}}")
            .WithInput("seed", new LiteralInput { Type = LiteralType.Integer, Optional = true, Default = 7 })
            .With(ValidationCodes.OptionalInputOutsideOptionalSegment).Should().BeEmpty();
    }

    [Test]
    public void A_command_override_on_a_step_that_runs_a_registered_component_is_not_judged_by_names_it_cannot_know()
    {
        var registered = Samples.Pipeline().WithStep("train", step => step with
        {
            Component = new ComponentReference { Reference = "azureml:train:3" },
            Job = ((CommandJob)step.Job) with { Command = "python train.py --lr ${{inputs.learning_rate}} --out ${{outputs.model}}" },
        });
        var resolved = Samples.Pipeline().WithStepJob("train",
            job => ((CommandJob)job) with { Command = "python train.py --lr ${{inputs.learning_rate}} --out ${{outputs.model}}" });

        registered.With(ValidationCodes.UnknownExpressionReference).Should().BeEmpty();
        resolved.With(ValidationCodes.UnknownExpressionReference).Should().ContainSingle(d => d.Path == "jobs.train.command");
    }
}
