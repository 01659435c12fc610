using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>What is known about a step's inputs and outputs: its own, its component's, and its sweep trial's.</summary>
internal static class StepPorts
{
    /// <summary>The step's output names, or null when they cannot be known here (a registered component or trial).</summary>
    public static IReadOnlyList<string>? Outputs(PipelineStep step) =>
        IsKnowable(step) ? Definitions(step).SelectMany(job => Maps.Keys(job.Outputs)).ToList() : null;

    /// <summary>The step's input names, or null when they cannot be known here.</summary>
    public static IReadOnlyList<string>? Inputs(PipelineStep step) =>
        IsKnowable(step) ? Definitions(step).SelectMany(job => Maps.Keys(job.Inputs)).ToList() : null;

    /// <summary>The explicit type of a step's output, or null when no definition gives one.</summary>
    public static string? OutputType(PipelineStep step, string name)
    {
        foreach (var job in Definitions(step))
        {
            if (job.Outputs is not null && job.Outputs.TryGetValue(name, out var output) && output?.Type?.ToString() is { Length: > 0 } type) return type;
        }
        return null;
    }

    /// <summary>The type the step's input <paramref name="name"/> expects, from the binding itself or a declaration.</summary>
    public static string? InputType(PipelineStep step, string name, JobInput given)
    {
        if (DeclaredType(given) is { } own) return own;
        foreach (var job in Definitions(step).Skip(1))
        {
            if (job.Inputs is not null && job.Inputs.TryGetValue(name, out var declared) && declared is not null && DeclaredType(declared) is { } type) return type;
        }
        return null;
    }

    /// <summary>The type of a value a pipeline input holds, when it is explicit.</summary>
    /// <remarks>
    /// A bare string (no declared type) is not judged: YAML writes local paths and URIs the same way, and the
    /// validator does not guess whether one was meant as data.
    /// </remarks>
    public static string? ValueType(JobInput input) => input switch
    {
        LiteralInput { Type: null, EffectiveValue.Type: var valueType } when valueType == LiteralType.String => null,
        LiteralInput literal => literal.EffectiveType is { IsKnown: true } type ? type.ToString() : null,
        _ => DeclaredType(input),
    };

    private static string? DeclaredType(JobInput input) => input switch
    {
        BindingInput { Type: { } type } when type.ToString().Length > 0 => type.ToString(),
        AssetInput { TypeIsExplicit: true } asset => asset.Type.ToString(),
        LiteralInput { Type: { IsKnown: true } type } => type.ToString(),
        _ => null,
    };

    // The definitions that describe the step, the step's own job first; empty when part of it is registered and unresolved.
    private static IEnumerable<JobDefinition> Definitions(PipelineStep step)
    {
        if (step.Job is null) yield break;
        yield return step.Job;
        if (step.Component?.Definition?.Body is { } body) yield return body;
        if (step.Job is SweepJob { Trial: { } trial }) yield return trial;
    }

    private static bool IsKnowable(PipelineStep step)
    {
        if (step.Job is null) return false;
        if (step.Component is not null && step.Component.Definition?.Body is null) return false;
        if (step.Job is SweepJob sweep && sweep.TrialReference is { Reference: not null, Definition: null } &&
            string.IsNullOrWhiteSpace(sweep.Trial?.Command)) return false;
        return true;
    }
}
