using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks a pipeline: its steps (recursively), their bindings, their components' contracts and the step graph.</summary>
internal static class PipelineChecks
{
    /// <summary>Runs the pipeline checks.</summary>
    public static void Check(PipelineJob pipeline, string path, JobFrame frame, ValidationContext context)
    {
        var jobsPath = DiagnosticPath.Append(path, "jobs");
        var steps = pipeline.Steps ?? ValueMap<PipelineStep>.Empty;
        if (steps.IsEmpty && !frame.RunsComponent)
        {
            context.Report(ValidationCodes.RequiredFieldMissing, "A pipeline needs at least one step under 'jobs'.", jobsPath);
        }

        var graph = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, step) in steps)
        {
            if (name is null) continue;
            var at = DiagnosticPath.Append(jobsPath, name);
            if (!NameRules.IsValidStepName(name))
            {
                context.Report(ValidationCodes.InvalidName,
                    $"The step name {NameRules.Quote(name, "given")} is not valid: Azure ML wants a lower-case identifier (a–z, 0–9 and '_', not starting with a digit).",
                    at);
            }
            if (step?.Job is null)
            {
                context.Report(ValidationCodes.RequiredFieldMissing, "The step has no job: give it a command, a component or a nested job.", at);
                continue;
            }
            var dependencies = new List<string>();
            graph[name] = dependencies;
            context.Guarded(at, () => CheckStep(pipeline, steps, step, at, dependencies, context));
        }
        StepGraph.ReportCycles(graph, steps.Keys.ToList(), jobsPath, context);
    }

    private static void CheckStep(PipelineJob pipeline, ValueMap<PipelineStep> steps, PipelineStep step, string at, List<string> dependencies, ValidationContext context)
    {
        var component = step.Component?.Definition;
        var componentPath = DiagnosticPath.Append(at, "component");
        ReferenceChecks.CheckPinned(step.Component?.Reference, "component", componentPath, context);

        context.Descend(at, () => JobChecks.Validate(step.Job, at, new JobFrame(JobRole.Step, component, step.Component is not null), context));
        if (component?.Body is { } body)
        {
            context.Descend(componentPath, () => JobChecks.Validate(body, componentPath, new JobFrame(JobRole.ComponentBody), context));
            CheckContract(step.Job, body, at, context);
        }
        StepBindings.Check(pipeline, steps, step, at, dependencies, context);
    }

    // The step against the component it runs: undeclared ports, required inputs not given, literal values out of bounds.
    private static void CheckContract(JobDefinition node, JobDefinition body, string at, ValidationContext context)
    {
        var declaredInputs = body.Inputs ?? ValueMap<JobInput>.Empty;
        var declaredInputNames = Maps.Keys(declaredInputs).ToList();
        foreach (var (name, input) in Maps.Of(node.Inputs))
        {
            var inputPath = DiagnosticPath.Append(at, "inputs", name);
            if (!CommandScope.Contains(declaredInputNames, name))
            {
                context.Report(ValidationCodes.UndeclaredComponentPort,
                    $"The component declares no input {NameRules.Quote(name, "of that name")}; Azure ML ignores the value.", inputPath);
            }
            else if (input is LiteralInput { EffectiveValue: { } value } && declaredInputs.TryGetValue(name, out var declared) && declared is LiteralInput declaration)
            {
                LiteralChecks.CheckValue(value, declaration, inputPath, context, fromStep: true);
            }
        }

        var declaredOutputNames = Maps.Keys(body.Outputs).ToList();
        foreach (var (name, _) in Maps.Of(node.Outputs))
        {
            if (!CommandScope.Contains(declaredOutputNames, name))
            {
                context.Report(ValidationCodes.UndeclaredComponentPort,
                    $"The component declares no output {NameRules.Quote(name, "of that name")}.", DiagnosticPath.Append(at, "outputs", name));
            }
        }

        var given = Maps.Keys(node.Inputs).ToList();
        foreach (var (name, declared) in Maps.Of(declaredInputs))
        {
            if (PortChecks.IsRequired(declared) && !CommandScope.Contains(given, name))
            {
                context.Report(ValidationCodes.RequiredFieldMissing,
                    $"The component's input {NameRules.Quote(name, "of that name")} is required (not optional, no default) and the step gives no value.",
                    DiagnosticPath.Append(at, "inputs", name));
            }
        }
    }
}
