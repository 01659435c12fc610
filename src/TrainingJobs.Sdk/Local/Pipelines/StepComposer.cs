using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Pipelines;

/// <summary>
/// Turns one pipeline step into the command job its child runs, at submit: the component's definition with the
/// step's values over it, pipeline inputs bound (<c>${{parent.inputs.x}}</c>), local paths made absolute, and inputs
/// bound to upstream outputs (<c>${{parent.jobs.a.outputs.b}}</c>) listed for the driver, which binds them to the
/// upstream step's output folder when the step starts. The binding grammar is <see cref="BindingReference"/>'s.
/// </summary>
internal static class StepComposer
{
    /// <summary>A composed step: its job (null when it cannot run locally), edges, and its outputs that are pipeline outputs.</summary>
    public sealed record Composed(CommandJob? Job, List<string> DependsOn, List<UpstreamInput> Upstream, Dictionary<string, string> PipelineOutputs, bool IsDeterministic);

    public static Composed Compose(PipelineJob pipeline, string stepName, PipelineStep step, string childName, string baseDirectory, List<Diagnostic> diagnostics)
    {
        var at = DiagnosticPath.Append("jobs", stepName);
        var dependsOn = new List<string>();
        var upstream = new List<UpstreamInput>();
        var pipelineOutputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var component = step.Component;
        var deterministic = component?.Definition?.IsDeterministic ?? true;
        // The component first: a step running a registered pipeline component is refused for the registry, not its kind.
        if (component is not null && component.Definition?.Body is not CommandJob)
        {
            Refuse(diagnostics, DiagnosticPath.Append(at, "component"), component.Definition is null
                ? $"Step '{stepName}' runs the registered component '{component.Reference}', which the local backend cannot fetch; use a component file (component: ./x.yml)."
                : $"Step '{stepName}' runs a {component.Definition.Body.Kind} component; the local backend runs command components.");
            return new Composed(null, dependsOn, upstream, pipelineOutputs, deterministic);
        }
        if (step.Job is not CommandJob own)
        {
            Refuse(diagnostics, at, $"Step '{stepName}' is a {step.Job.Kind} step; the local backend runs pipelines of command steps (sweep steps run on Azure ML).");
            return new Composed(null, dependsOn, upstream, pipelineOutputs, deterministic);
        }
        var body = component?.Definition?.Body as CommandJob;
        // A component's code is relative to the component's file; a step written in place, to the pipeline's folder.
        var componentFolder = component?.Definition?.SourcePath is { } source ? Path.GetDirectoryName(source) ?? baseDirectory : baseDirectory;

        var inputs = new List<KeyValuePair<string, JobInput>>();
        var declared = body?.Inputs ?? ValueMap<JobInput>.Empty;
        foreach (var name in declared.Keys.Concat(own.Inputs.Keys.Where(k => !declared.ContainsKey(k))))
        {
            declared.TryGetValue(name, out var declaration);
            own.Inputs.TryGetValue(name, out var given);
            var inputAt = DiagnosticPath.Append(at, "inputs", name);
            if (given is null)
            {
                if (declaration is not null) inputs.Add(new(name, declaration));
                continue;
            }
            var bound = Bind(pipeline, name, given, declaration, inputAt, baseDirectory, dependsOn, upstream, diagnostics);
            if (bound is not null) inputs.Add(new(name, bound));
        }

        var outputs = new List<KeyValuePair<string, JobOutput>>();
        var declaredOutputs = body?.Outputs ?? ValueMap<JobOutput>.Empty;
        foreach (var name in declaredOutputs.Keys.Concat(own.Outputs.Keys.Where(k => !declaredOutputs.ContainsKey(k))))
        {
            declaredOutputs.TryGetValue(name, out var declaration);
            own.Outputs.TryGetValue(name, out var given);
            var output = declaration ?? given ?? new JobOutput();
            if (given is not null && declaration is not null) output = declaration with { Mode = given.Mode ?? declaration.Mode, Path = given.Path };
            if (BindingReference.ParseWhole(output.Path) is { } reference)
            {
                if (reference.Source == BindingSource.ParentOutput) pipelineOutputs[reference.Port] = name;
                else Refuse(diagnostics, DiagnosticPath.Append(at, "outputs", name), $"Output '{name}' of step '{stepName}' can only bind to a pipeline output (${{{{parent.outputs.<name>}}}}).");
                // The step writes into its own folder; the pipeline output points there.
                output = output with { Path = null };
            }
            outputs.Add(new(name, output));
        }

        var job = new CommandJob
        {
            Name = childName,
            DisplayName = stepName,
            ExperimentName = pipeline.ExperimentName,
            Description = own.Description ?? body?.Description,
            Tags = own.Tags,
            Properties = ValueMap.From(own.Properties.Append(KeyValuePair.Create("azureml.nodeid", stepName))),
            Command = own.Command ?? body?.Command,
            Code = SubmittedPaths.Absolute(own.Code is not null ? own.Code : body?.Code, own.Code is not null ? baseDirectory : componentFolder),
            Environment = own.Environment ?? body?.Environment,
            EnvironmentVariables = ValueMap.From((body?.EnvironmentVariables ?? ValueMap<string>.Empty).Where(v => !own.EnvironmentVariables.ContainsKey(v.Key))
                .Concat(own.EnvironmentVariables)),
            Resources = own.Resources ?? body?.Resources,
            Distribution = own.Distribution ?? body?.Distribution,
            Limits = own.Limits ?? body?.Limits,
            Inputs = ValueMap.From(inputs),
            Outputs = ValueMap.From(outputs),
        };
        return new Composed(job, dependsOn, upstream, pipelineOutputs, deterministic);
    }

    /// <summary>A step input's value: a pipeline input's, an upstream output (listed, bound later), or the value as given.</summary>
    private static JobInput? Bind(PipelineJob pipeline, string name, JobInput given, JobInput? declaration, string at, string baseDirectory,
        List<string> dependsOn, List<UpstreamInput> upstream, List<Diagnostic> diagnostics)
    {
        var text = given switch
        {
            BindingInput binding => binding.Expression,
            AssetInput asset => asset.Path,
            LiteralInput { Value: { } value } when value.Type == LiteralType.String => value.StringValue,
            _ => null,
        };
        if (text is null || !BindingText.IsBinding(text)) return Merge(given, declaration, baseDirectory);
        var reference = BindingReference.ParseWhole(text);
        var mode = given switch { BindingInput b => b.Mode, AssetInput a => a.Mode, _ => null } ?? (declaration as AssetInput)?.Mode;
        switch (reference?.Source)
        {
            case BindingSource.ParentInput:
                if (!pipeline.Inputs.TryGetValue(reference.Port, out var source) || source is null) return declaration;
                if (source is AssetInput sourceAsset && mode is not null) source = sourceAsset with { Mode = mode };
                return Merge(source, declaration, baseDirectory);
            case BindingSource.StepOutput:
                AddEdge(dependsOn, reference.Step!);
                var type = given switch { BindingInput { Type: { } t } => t.ToString(), _ => null } ?? DeclaredType(declaration);
                upstream.Add(new UpstreamInput(name, reference.Step!, reference.Port, type, mode?.ToString()));
                return null;
            case BindingSource.Step:
                AddEdge(dependsOn, reference.Step!);
                return null;
            default:
                Refuse(diagnostics, at, $"Input '{name}' binds '{text}'; a step input runs locally when it is exactly one ${{{{parent.inputs.<name>}}}} or ${{{{parent.jobs.<step>.outputs.<name>}}}}.");
                return null;
        }
    }

    private static string? DeclaredType(JobInput? declaration) => declaration switch
    {
        AssetInput asset => asset.Type.ToString(),
        BindingInput { Type: { } type } => type.ToString(),
        _ => null,
    };

    /// <summary>A given value over the component's declaration: the declared type and constraints, the given value; local paths absolute.</summary>
    private static JobInput Merge(JobInput given, JobInput? declaration, string baseDirectory)
    {
        var merged = (given, declaration) switch
        {
            (LiteralInput literal, LiteralInput declared) => declared with { Value = literal.Value ?? declared.Value, Default = declared.Default },
            (AssetInput asset, AssetInput declared) => asset with { Type = asset.TypeIsExplicit ? asset.Type : declared.Type, TypeIsExplicit = true, Mode = asset.Mode ?? declared.Mode },
            _ => given,
        };
        return merged is AssetInput { Path: { } path } local && SubmittedPaths.IsLocal(path) ? local with { Path = SubmittedPaths.Absolute(path, baseDirectory) } : merged;
    }

    private static void AddEdge(List<string> dependsOn, string step)
    {
        if (!dependsOn.Contains(step, StringComparer.Ordinal)) dependsOn.Add(step);
    }

    private static void Refuse(List<Diagnostic> diagnostics, string at, string message) =>
        diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.StepNotRunnable, DiagnosticSeverity.Error, message, at));
}
