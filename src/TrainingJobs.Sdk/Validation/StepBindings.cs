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
        var parts = token.Content.Split('.');
        var shown = NameRules.QuoteExpression(token, "The binding");
        if (parts.Length < 3 || parts[0] != "parent" || parts.Any(p => p.Length == 0))
        {
            context.Report(ValidationCodes.UnknownExpressionReference, $"{shown} names nothing a step input can bind to; write {Forms}.", at);
            return;
        }
        var rest = string.Join('.', parts.Skip(2));
        switch (parts[1])
        {
            case "inputs":
                if (!CommandScope.Contains(Maps.Keys(pipeline.Inputs), rest))
                {
                    context.Report(ValidationCodes.UnknownBindingTarget,
                        $"{shown} names the pipeline input {NameRules.Quote(rest, "given")}, but the pipeline has no such input.", at);
                }
                else if (pipeline.Inputs.TryGetValue(rest, out var source) && source is not null)
                {
                    CheckTypes(StepPorts.ValueType(source), target, shown, at, context);
                }
                break;
            case "outputs":
                if (!CommandScope.Contains(Maps.Keys(pipeline.Outputs), rest))
                {
                    context.Report(ValidationCodes.UnknownBindingTarget,
                        $"{shown} names the pipeline output {NameRules.Quote(rest, "given")}, but the pipeline has no such output.", at);
                }
                break;
            case "jobs":
                CheckStepReference(parts, shown, steps, target, at, dependencies, context);
                break;
            default:
                context.Report(ValidationCodes.UnknownExpressionReference, $"{shown} names nothing a step input can bind to; write {Forms}.", at);
                break;
        }
    }

    private static void CheckStepReference(string[] parts, string shown, ValueMap<PipelineStep> steps, string? target, string at,
        List<string> dependencies, ValidationContext context)
    {
        var source = parts[2];
        if (!steps.TryGetValue(source, out var sourceStep) || sourceStep?.Job is null)
        {
            context.Report(ValidationCodes.UnknownStep,
                $"{shown} names the step {NameRules.Quote(source, "given")}, but the pipeline has no such step.", at);
            return;
        }
        if (!dependencies.Contains(source, StringComparer.Ordinal)) dependencies.Add(source);
        if (parts.Length == 3) return; // ${{parent.jobs.<step>}}: a control-flow reference to the whole step
        if (parts.Length < 5 || parts[3] is not ("outputs" or "inputs"))
        {
            context.Report(ValidationCodes.UnknownExpressionReference,
                $"{shown} names nothing a step input can bind to; write {Forms}.", at);
            return;
        }
        var port = string.Join('.', parts.Skip(4));
        var isOutput = parts[3] == "outputs";
        var known = isOutput ? StepPorts.Outputs(sourceStep) : StepPorts.Inputs(sourceStep);
        if (known is null) return; // a registered component: its ports are not known here
        if (!CommandScope.Contains(known, port))
        {
            context.Report(ValidationCodes.UnknownBindingTarget,
                $"{shown} names the {(isOutput ? "output" : "input")} {NameRules.Quote(port, "given")} of step '{source}', which has no such {(isOutput ? "output" : "input")}.",
                at);
            return;
        }
        if (isOutput) CheckTypes(StepPorts.OutputType(sourceStep, port), target, shown, at, context);
    }

    private static void CheckOutputReference(ExpressionToken token, PipelineJob pipeline, string? stepOutputType, string at, ValidationContext context)
    {
        var parts = token.Content.Split('.');
        var shown = NameRules.QuoteExpression(token, "The binding");
        if (parts.Length < 3 || parts[1] != "outputs" || parts.Any(p => p.Length == 0))
        {
            context.Report(ValidationCodes.UnknownExpressionReference,
                $"{shown} names nothing a step output can bind to; write ${{{{parent.outputs.<name>}}}}.", at);
            return;
        }
        var name = string.Join('.', parts.Skip(2));
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
