using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>
/// Checks the bindings of a step's inputs and outputs (<c>${{parent.inputs.x}}</c>, <c>${{parent.outputs.y}}</c>,
/// <c>${{parent.jobs.s.outputs.o}}</c>) against the parent pipeline and its other steps, and records the step's dependencies.
/// </summary>
internal static class StepBindings
{
    private const string Forms = "${{parent.inputs.<name>}}, ${{parent.outputs.<name>}} or ${{parent.jobs.<step>.outputs.<name>}}";

    /// <summary>Checks the bindings of <paramref name="step"/>.</summary>
    public static void Check(PipelineJob pipeline, ValueMap<PipelineStep> steps, PipelineStep step, string at, List<string> dependencies, ValidationContext context)
    {
        foreach (var (name, input) in Maps.Of(step.Job.Inputs))
        {
            var inputPath = DiagnosticPath.Append(at, "inputs", name);
            var text = input switch
            {
                BindingInput binding => binding.Expression,
                AssetInput asset => asset.Path,
                LiteralInput { Value: { } value } when value.Type == LiteralType.String => value.StringValue,
                _ => null,
            };
            if (input is BindingInput && !BindingText.IsBinding(text))
            {
                context.Report(ValidationCodes.MalformedExpression, $"The binding is not a ${{{{…}}}} expression; write {Forms}.", inputPath);
                continue;
            }
            if (text is null || !BindingText.IsBinding(text)) continue;
            var scan = ExpressionScanner.Scan(text, includeLegacy: false);
            foreach (var problem in scan.Problems) context.Report(ValidationCodes.MalformedExpression, problem, inputPath);
            var target = StepPorts.InputType(step, name, input);
            foreach (var token in scan.Tokens)
            {
                CheckInputReference(token, pipeline, steps, target, inputPath, dependencies, context);
            }
        }

        foreach (var (name, output) in Maps.Of(step.Job.Outputs))
        {
            if (output.Path is not { } location || !BindingText.IsBinding(location)) continue;
            var outputPath = DiagnosticPath.Append(at, "outputs", name);
            foreach (var token in ExpressionScanner.Scan(location, includeLegacy: false).Tokens)
            {
                if (token.Root != "parent") continue; // ${{name}} and friends are checked with the output itself
                CheckOutputReference(token, pipeline, StepPorts.OutputType(step, name), outputPath, context);
            }
        }
    }

    private static void CheckInputReference(ExpressionToken token, PipelineJob pipeline, ValueMap<PipelineStep> steps, string? target, string at,
        List<string> dependencies, ValidationContext context)
    {
        var shown = NameRules.QuoteExpression(token, "The binding");
        var reference = BindingReference.Parse(token.Content);
        switch (reference?.Source)
        {
            case BindingSource.ParentInput:
                if (!CommandScope.Contains(Maps.Keys(pipeline.Inputs), reference.Port))
                {
                    context.Report(ValidationCodes.UnknownBindingTarget,
                        $"{shown} names the pipeline input {NameRules.Quote(reference.Port, "given")}, but the pipeline has no such input.", at);
                }
                else if (pipeline.Inputs.TryGetValue(reference.Port, out var source) && source is not null)
                {
                    CheckTypes(StepPorts.ValueType(source), target, shown, at, context);
                }
                break;
            case BindingSource.ParentOutput:
                if (!CommandScope.Contains(Maps.Keys(pipeline.Outputs), reference.Port))
                {
                    context.Report(ValidationCodes.UnknownBindingTarget,
                        $"{shown} names the pipeline output {NameRules.Quote(reference.Port, "given")}, but the pipeline has no such output.", at);
                }
                break;
            case BindingSource.Step or BindingSource.StepInput or BindingSource.StepOutput:
                if (FindStep(reference.Step!, shown, steps, at, dependencies, context) is { } sourceStep && reference.Source != BindingSource.Step)
                {
                    CheckPort(reference, shown, sourceStep, target, at, context);
                }
                break;
            default:
                // ${{parent.jobs.<step>.…}} that is not a step, input or output reference: the step it names is still checked.
                var parts = token.Content.Split('.');
                if (parts is ["parent", "jobs", { Length: > 0 } step, ..]) FindStep(step, shown, steps, at, dependencies, context);
                context.Report(ValidationCodes.UnknownExpressionReference, $"{shown} names nothing a step input can bind to; write {Forms}.", at);
                break;
        }
    }

    /// <summary>The step a binding names, recorded as a dependency; reported and null when the pipeline has no such step.</summary>
    private static PipelineStep? FindStep(string source, string shown, ValueMap<PipelineStep> steps, string at, List<string> dependencies, ValidationContext context)
    {
        if (!steps.TryGetValue(source, out var sourceStep) || sourceStep?.Job is null)
        {
            context.Report(ValidationCodes.UnknownStep,
                $"{shown} names the step {NameRules.Quote(source, "given")}, but the pipeline has no such step.", at);
            return null;
        }
        if (!dependencies.Contains(source, StringComparer.Ordinal)) dependencies.Add(source);
        return sourceStep;
    }

    private static void CheckPort(BindingReference reference, string shown, PipelineStep sourceStep, string? target, string at, ValidationContext context)
    {
        var port = reference.Port;
        var isOutput = reference.Source == BindingSource.StepOutput;
        var known = isOutput ? StepPorts.Outputs(sourceStep) : StepPorts.Inputs(sourceStep);
        if (known is null) return; // a registered component: its ports are not known here
        if (!CommandScope.Contains(known, port))
        {
            context.Report(ValidationCodes.UnknownBindingTarget,
                $"{shown} names the {(isOutput ? "output" : "input")} {NameRules.Quote(port, "given")} of step '{reference.Step}', which has no such {(isOutput ? "output" : "input")}.",
                at);
            return;
        }
        if (isOutput) CheckTypes(StepPorts.OutputType(sourceStep, port), target, shown, at, context);
    }

    private static void CheckOutputReference(ExpressionToken token, PipelineJob pipeline, string? stepOutputType, string at, ValidationContext context)
    {
        var shown = NameRules.QuoteExpression(token, "The binding");
        if (BindingReference.Parse(token.Content) is not { Source: BindingSource.ParentOutput, Port: var name })
        {
            context.Report(ValidationCodes.UnknownExpressionReference,
                $"{shown} names nothing a step output can bind to; write ${{{{parent.outputs.<name>}}}}.", at);
            return;
        }
        if (!CommandScope.Contains(Maps.Keys(pipeline.Outputs), name))
        {
            context.Report(ValidationCodes.UnknownBindingTarget,
                $"{shown} names the pipeline output {NameRules.Quote(name, "given")}, but the pipeline has no such output.", at);
        }
        else if (pipeline.Outputs.TryGetValue(name, out var target) && target?.Type?.ToString() is { Length: > 0 } targetType)
        {
            // The step's output becomes the pipeline's output: the step's type must be one the pipeline output can hold.
            CheckTypes(stepOutputType, targetType, shown, at, context);
        }
    }

    private static void CheckTypes(string? from, string? to, string shown, string at, ValidationContext context)
    {
        if (TypeCompatibility.CanFeed(from, to)) return;
        context.Report(ValidationCodes.IncompatibleBindingType,
            $"{shown} feeds a {from} value to an input of type {to}, which cannot take it.", at);
    }
}
