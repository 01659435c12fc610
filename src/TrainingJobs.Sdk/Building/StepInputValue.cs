using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// What a pipeline step input receives. It converts implicitly from: a pipeline input handle (bound as
/// <c>${{parent.inputs.x}}</c>, declared on the pipeline if the pipeline does not declare it), an upstream
/// step's <see cref="StepOutputReference"/> (bound as <c>${{parent.jobs.s.outputs.y}}</c>), a literal value,
/// or any <see cref="JobInput"/> written out in full.
/// </summary>
public readonly struct StepInputValue
{
    private StepInputValue(InputHandle? pipelineInput, StepOutputReference? stepOutput, LiteralValue? literal, JobInput? input)
    {
        PipelineInput = pipelineInput;
        StepOutput = stepOutput;
        Literal = literal;
        Input = input;
    }

    internal InputHandle? PipelineInput { get; }

    internal StepOutputReference? StepOutput { get; }

    internal LiteralValue? Literal { get; }

    internal JobInput? Input { get; }

    /// <summary>Binds the step input to a pipeline input.</summary>
    /// <param name="pipelineInput">The pipeline input handle.</param>
    public static implicit operator StepInputValue(InputHandle pipelineInput) =>
        new(pipelineInput ?? throw new ArgumentNullException(nameof(pipelineInput)), null, null, null);

    /// <summary>Binds the step input to an upstream step's output.</summary>
    /// <param name="stepOutput">The step output reference.</param>
    public static implicit operator StepInputValue(StepOutputReference stepOutput) =>
        new(null, stepOutput ?? throw new ArgumentNullException(nameof(stepOutput)), null, null);

    /// <summary>Gives the step input a literal value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StepInputValue(LiteralValue value) => new(null, null, value, null);

    /// <summary>Gives the step input a string value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StepInputValue(string value) => LiteralValue.FromString(value);

    /// <summary>Gives the step input an integer value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StepInputValue(long value) => LiteralValue.FromInteger(value);

    /// <summary>Gives the step input a number value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StepInputValue(double value) => LiteralValue.FromNumber(value);

    /// <summary>Gives the step input a boolean value.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator StepInputValue(bool value) => LiteralValue.FromBoolean(value);

    /// <summary>Gives the step input a full model input (for example a data asset with a mode).</summary>
    /// <param name="input">The input.</param>
    public static implicit operator StepInputValue(JobInput input) =>
        new(null, null, null, input ?? throw new ArgumentNullException(nameof(input)));
}
