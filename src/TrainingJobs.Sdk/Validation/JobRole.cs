using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Where a job sits in the definition being validated; it decides which fields are required.</summary>
internal enum JobRole
{
    /// <summary>The job being validated.</summary>
    Root,

    /// <summary>A pipeline step's own job (its inputs are values and bindings).</summary>
    Step,

    /// <summary>The body of a component written in place or resolved from a file (its inputs are declarations).</summary>
    ComponentBody,

    /// <summary>A sweep's trial.</summary>
    Trial,
}

/// <summary>What a nested job knows about its surroundings.</summary>
/// <param name="Role">Where the job sits.</param>
/// <param name="Component">The component a step runs, when it was resolved or written in place.</param>
/// <param name="RunsComponent">Whether a step runs a component (resolved or not): the component then supplies command and environment.</param>
/// <param name="Extra">Names the job's command may use beyond its own inputs and outputs (a sweep's, for its trial).</param>
internal sealed record JobFrame(JobRole Role, ComponentDefinition? Component = null, bool RunsComponent = false, CommandScope? Extra = null)
{
    public static JobFrame Root { get; } = new(JobRole.Root);
}
