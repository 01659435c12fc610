using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Pipelines;

/// <summary>
/// Nested pipelines made flat, so the local driver only ever sees command steps: a step whose job is a pipeline (a
/// <c>type: pipeline</c> step written in place, or one running a pipeline component file) is replaced by its inner
/// steps, recursively, inner step <c>j</c> of step <c>o</c> becoming step <c>o_j</c>. Bindings are rewritten so the flat
/// pipeline means the same: a sub-pipeline's inputs become what the outer step gives them (or their declared defaults),
/// sibling references get the prefix, and a reference to a sub-pipeline's output becomes one to the inner step output
/// that writes it. The sub-pipeline's own <c>settings</c> are not applied: the top pipeline's apply to every step; each
/// inner step keeps its own component (so its code and <c>is_deterministic</c>).
/// The binding grammar is <see cref="BindingReference"/>'s.
/// </summary>
internal static class NestedPipelines
{
    /// <summary>A nested step: the outer step, its sub-pipeline already flat, and the inner step output behind each of its outputs.</summary>
    private sealed record SubPipeline(PipelineStep Step, PipelineJob Body, IReadOnlyList<KeyValuePair<string, PipelineStep>> Inner, Dictionary<string, StepPort> Outputs,
        string? ComponentFile);

    public static PipelineJob Flatten(PipelineJob pipeline, List<Diagnostic> diagnostics)
    {
        if (!pipeline.Steps.Values.Any(s => BodyOf(s) is not null)) return pipeline;

        // First every sub-pipeline (flat, its steps renamed), so that a reference to its outputs from any step, earlier
        // or later, can be rewritten in one pass.
        var taken = new HashSet<string>(pipeline.Steps.Keys, StringComparer.Ordinal);
        var nested = new Dictionary<string, SubPipeline>(StringComparer.Ordinal);
        foreach (var (name, step) in pipeline.Steps)
        {
            if (BodyOf(step) is not { } body) continue;
            var at = DiagnosticPath.Append("jobs", name);
            var componentFile = step.Component?.Definition?.SourcePath;
            var inner = new List<Diagnostic>();
            var flat = Flatten(body, inner);
            var innerAt = step.Component is null ? at : DiagnosticPath.Append(at, "component");
            diagnostics.AddRange(inner.Select(d => d with { Path = d.Path.Length == 0 ? innerAt : innerAt + (d.Path.StartsWith('[') ? "" : ".") + d.Path }));

            var renamed = new List<KeyValuePair<string, PipelineStep>>();
            var outputs = new Dictionary<string, StepPort>(StringComparer.Ordinal);
            foreach (var (innerName, innerStep) in flat.Steps)
            {
                var flatName = name + "_" + innerName;
                // A flat name must not read as another step, original or flattened: bindings could not tell them apart.
                if (!NameRules.IsValidStepName(flatName) || !taken.Add(flatName))
                {
                    diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.StepNotRunnable, DiagnosticSeverity.Error,
                        $"Step '{innerName}' of the nested pipeline '{name}' would run as step '{flatName}', which is "
                        + (NameRules.IsValidStepName(flatName) ? "already a step of the pipeline" : "not a valid step name (a lower-case identifier, at most 255 characters)")
                        + "; rename one of them.", at));
                    continue;
                }
                renamed.Add(new(flatName, innerStep));
                foreach (var (port, output) in innerStep.Job.Outputs)
                {
                    if (BindingReference.ParseWhole(output.Path) is { Source: BindingSource.ParentOutput } bound) outputs[bound.Port] = new StepPort(flatName, port);
                }
            }
            nested[name] = new SubPipeline(step, body, renamed, outputs, componentFile);
        }

        var steps = new List<KeyValuePair<string, PipelineStep>>();
        foreach (var (name, step) in pipeline.Steps)
        {
            if (!nested.TryGetValue(name, out var sub))
            {
                var at = DiagnosticPath.Append("jobs", name);
                steps.Add(new(name, step with { Job = step.Job with { Inputs = ValueMap.From(step.Job.Inputs.SelectMany(i => OuterInput(i.Key, i.Value, nested, DiagnosticPath.Append(at, "inputs", i.Key), diagnostics))) } }));
                continue;
            }
            foreach (var (flatName, innerStep) in sub.Inner)
            {
                steps.Add(new(flatName, Spliced(name, innerStep, sub, nested, diagnostics)));
            }
        }
        return pipeline with { Steps = ValueMap.From(steps) };
    }

    /// <summary>The sub-pipeline a step runs: its component's body, or the step itself written in place; null for a command or sweep step.</summary>
    private static PipelineJob? BodyOf(PipelineStep step) => step.Component switch
    {
        { Definition.Body: PipelineJob body } => body,
        // A registered component cannot be fetched here: StepComposer refuses the step, naming it.
        { Definition: null } => null,
        _ => step.Job as PipelineJob,
    };

    /// <summary>An inner step of <paramref name="outer"/> as a step of the flat pipeline.</summary>
    private static PipelineStep Spliced(string outer, PipelineStep step, SubPipeline sub, Dictionary<string, SubPipeline> nested,
        List<Diagnostic> diagnostics)
    {
        var job = step.Job;
        var component = step.Component;
        if (sub.ComponentFile is { } file && Path.GetDirectoryName(file) is { } folder)
        {
            // Local paths in a pipeline component are relative to its file, not to the top pipeline's folder. Made absolute
            // here, before the outer step's values (relative to the top pipeline) come in.
            job = job with { Inputs = ValueMap.From(job.Inputs.Select(i => KeyValuePair.Create(i.Key, AbsoluteAsset(i.Value, folder)))) };
            if (job is CommandJob command) job = command with { Code = SubmittedPaths.Absolute(command.Code, folder) };
            if (component is { Reference: null, Definition: { SourcePath: null } inline }) component = component with { Definition = inline with { SourcePath = file } };
        }

        var inputs = new List<KeyValuePair<string, JobInput>>();
        foreach (var (name, input) in job.Inputs)
        {
            switch (BindingReference.ParseWhole(TextOf(input)))
            {
                case { Source: BindingSource.ParentInput } reference:
                    // What the outer step gives the sub-pipeline's input is written in the outer pipeline's terms.
                    if (Given(sub, reference.Port) is { } given)
                    {
                        inputs.AddRange(OuterInput(name, Consumed(given, input), nested, DiagnosticPath.Append(DiagnosticPath.Append("jobs", outer), "inputs", reference.Port), diagnostics));
                    }
                    break;
                case { Source: BindingSource.StepOutput or BindingSource.StepInput or BindingSource.Step } reference:
                    inputs.Add(new(name, WithExpression(input, (reference with { Step = outer + "_" + reference.Step }).ToExpression())));
                    break;
                default:
                    inputs.Add(new(name, input));
                    break;
            }
        }

        var outputs = new List<KeyValuePair<string, JobOutput>>();
        foreach (var (name, output) in job.Outputs)
        {
            if (BindingReference.ParseWhole(output.Path) is { Source: BindingSource.ParentOutput } bound)
            {
                // The sub-pipeline's output is where the outer step's output points: a top pipeline output, or nowhere.
                sub.Step.Job.Outputs.TryGetValue(bound.Port, out var outerOutput);
                outputs.Add(new(name, output with { Path = outerOutput?.Path, Mode = outerOutput?.Mode ?? output.Mode }));
            }
            else
            {
                outputs.Add(new(name, output));
            }
        }
        return step with { Job = job with { Inputs = ValueMap.From(inputs), Outputs = ValueMap.From(outputs) }, Component = component };
    }

    /// <summary>
    /// The sub-pipeline's input <paramref name="input"/>: what the outer step gives, else the sub-pipeline's declared
    /// default (a literal's <c>default</c>, an asset's <c>path</c>); null when it has neither.
    /// </summary>
    private static JobInput? Given(SubPipeline sub, string input)
    {
        if (sub.Step.Job.Inputs.TryGetValue(input, out var given) && HasValue(given)) return given;
        if (!sub.Body.Inputs.TryGetValue(input, out var declared)) return null;
        var folder = sub.ComponentFile is { } file ? Path.GetDirectoryName(file) : null;
        return declared switch
        {
            LiteralInput { Value: null, Default: { } value } literal => literal with { Value = value, Default = null },
            AssetInput asset when folder is not null => AbsoluteAsset(asset, folder),
            _ => HasValue(declared) ? declared : null,
        };
    }

    private static bool HasValue(JobInput input) => input switch
    {
        LiteralInput literal => literal.EffectiveValue is not null,
        AssetInput asset => asset.Path is not null,
        _ => true,
    };

    /// <summary>The outer value as the inner step takes it: the inner binding's mode and type, where it gives them, over the value's.</summary>
    private static JobInput Consumed(JobInput given, JobInput consumer)
    {
        var (mode, type) = consumer switch
        {
            BindingInput b => (b.Mode, b.Type),
            AssetInput a => (a.Mode, (PortType?)null),
            _ => (null, null),
        };
        return given switch
        {
            BindingInput binding => binding with { Mode = mode ?? binding.Mode, Type = type ?? binding.Type },
            AssetInput asset when mode is not null => asset with { Mode = mode },
            _ => given,
        };
    }

    /// <summary>
    /// An input written in the outer pipeline's terms, its references to a nested step's outputs pointed at the inner
    /// step output that writes it. A whole-step reference (<c>${{parent.jobs.o}}</c>, an ordering edge) to a nested step
    /// becomes one edge per inner step, under extra keys that never reach a job (edges carry no value).
    /// </summary>
    private static IEnumerable<KeyValuePair<string, JobInput>> OuterInput(string name, JobInput input, Dictionary<string, SubPipeline> nested, string at,
        List<Diagnostic> diagnostics)
    {
        var reference = BindingReference.ParseWhole(TextOf(input));
        if (reference?.Step is not { } step || !nested.TryGetValue(step, out var sub)) return [new(name, input)];
        switch (reference.Source)
        {
            case BindingSource.StepOutput when sub.Outputs.TryGetValue(reference.Port, out var port):
                return [new(name, WithExpression(input, new BindingReference(BindingSource.StepOutput, port.Step, port.Port).ToExpression()))];
            case BindingSource.StepOutput:
                diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.StepNotRunnable, DiagnosticSeverity.Error,
                    $"Input '{name}' reads output '{reference.Port}' of the nested pipeline '{step}', which none of its steps writes (${{{{parent.outputs.{reference.Port}}}}}).", at));
                return [new(name, input)];
            case BindingSource.Step:
                return sub.Inner.Select((inner, i) => KeyValuePair.Create(i == 0 ? name : name + "." + inner.Key,
                    WithExpression(input, new BindingReference(BindingSource.Step, inner.Key, "").ToExpression())));
            default:
                // ${{parent.jobs.o.inputs.x}}: StepComposer refuses a step input binding, nested or not.
                return [new(name, input)];
        }
    }

    /// <summary>The text of an input that may hold a binding, the forms StepComposer reads one from.</summary>
    private static string? TextOf(JobInput input) => input switch
    {
        BindingInput binding => binding.Expression,
        AssetInput asset => asset.Path,
        LiteralInput { Value: { } value } when value.Type == LiteralType.String => value.StringValue,
        _ => null,
    };

    private static JobInput WithExpression(JobInput input, string expression) => input switch
    {
        AssetInput asset => asset with { Path = expression },
        LiteralInput literal => literal with { Value = LiteralValue.FromString(expression) },
        _ => input is BindingInput binding ? binding with { Expression = expression } : new BindingInput { Expression = expression },
    };

    private static JobInput AbsoluteAsset(JobInput input, string folder) =>
        input is AssetInput { Path: { } path } asset && !BindingText.IsBinding(path) && SubmittedPaths.IsLocal(path)
            ? asset with { Path = SubmittedPaths.Absolute(path, folder) }
            : input;
}
