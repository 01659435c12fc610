namespace TrainingJobs.Sdk.Building;

/// <summary>
/// A reference to an output of a pipeline step, from <see cref="PipelineStepBuilder.Output(string)"/>. Passed
/// to a later step's input it binds that input to <c>${{parent.jobs.step.outputs.name}}</c>, which is the
/// dependency edge between the two steps.
/// </summary>
/// <remarks>
/// Asking for an output the step does not declare is allowed here; <c>Build()</c> of the pipeline reports it
/// (the validator's TJ0006) at the input that uses the reference.
/// </remarks>
public sealed class StepOutputReference
{
    internal StepOutputReference(string stepName, string outputName)
    {
        ArgumentNullException.ThrowIfNull(outputName);
        StepName = stepName;
        OutputName = outputName;
    }

    /// <summary>The step that produces the output.</summary>
    public string StepName { get; }

    /// <summary>The output name.</summary>
    public string OutputName { get; }

    /// <summary>The binding expression: <c>${{parent.jobs.step.outputs.name}}</c>.</summary>
    public string Expression => "${{parent.jobs." + StepName + ".outputs." + OutputName + "}}";

    /// <summary>Returns <see cref="Expression"/>.</summary>
    public override string ToString() => Expression;
}
