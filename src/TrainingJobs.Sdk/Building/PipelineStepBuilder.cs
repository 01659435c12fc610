using System.Collections.Immutable;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// A pipeline step: a job (command, sweep or nested pipeline, from <see cref="JobBuilder.AsStep(string)"/>) or a
/// component reference (<see cref="Component(string, string)"/>), with its inputs bound to pipeline inputs,
/// upstream outputs or values. Immutable: every <c>With…</c> returns a new step.
/// </summary>
/// <example><code>
/// var train = trainJob.AsStep("train").WithInput("data", pipelineData);
/// var score = scoreJob.AsStep("score").WithInput("model", train.Output("model"));
/// </code></example>
public sealed class PipelineStepBuilder
{
    private readonly JobBuilder? _job;
    private readonly ComponentReference? _component;
    private readonly ImmutableList<KeyValuePair<string, StepInputValue>> _inputs;
    private readonly ImmutableList<StepOutputBinding> _outputs;

    internal PipelineStepBuilder(string name, JobBuilder job)
        : this(name, job ?? throw new ArgumentNullException(nameof(job)), null, [], [])
    {
    }

    private PipelineStepBuilder(
        string name,
        JobBuilder? job,
        ComponentReference? component,
        ImmutableList<KeyValuePair<string, StepInputValue>> inputs,
        ImmutableList<StepOutputBinding> outputs)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        _job = job;
        _component = component;
        _inputs = inputs;
        _outputs = outputs;
    }

    /// <summary>The step name (its key under <c>jobs:</c>).</summary>
    public string Name { get; }

    /// <summary>A step that runs a component by reference: <c>./train.yml</c>, <c>azureml:train:1</c>, <c>azureml:train@latest</c>, a registry URI.</summary>
    /// <param name="name">The step name.</param>
    /// <param name="reference">The component reference, as YAML writes it.</param>
    public static PipelineStepBuilder Component(string name, string reference) =>
        Component(name, new ComponentReference { Reference = reference });

    /// <summary>
    /// A step that runs a component, by reference and/or written in place. Without <paramref name="overrides"/>
    /// the step is a pipeline step when the component's body is a pipeline, a command step otherwise.
    /// </summary>
    /// <param name="name">The step name.</param>
    /// <param name="component">The component.</param>
    /// <param name="overrides">
    /// Step-level settings that override the component's (compute, environment variables, resources, …), given
    /// as a job builder without a command; null for none.
    /// </param>
    public static PipelineStepBuilder Component(string name, ComponentReference component, JobBuilder? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(component);
        return new(name, overrides, component, [], []);
    }

    /// <summary>Binds (or sets) the step input <paramref name="name"/>.</summary>
    /// <param name="name">The step input name.</param>
    /// <param name="value">A pipeline input handle, an upstream <see cref="Output(string)"/>, a literal, or a <see cref="JobInput"/>.</param>
    public PipelineStepBuilder WithInput(string name, StepInputValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new(Name, _job, _component, _inputs.Add(new(name, value)), _outputs);
    }

    /// <summary>Binds (or sets) the step input that <paramref name="input"/> names.</summary>
    /// <param name="input">The step's own input handle.</param>
    /// <param name="value">A pipeline input handle, an upstream <see cref="Output(string)"/>, a literal, or a <see cref="JobInput"/>.</param>
    public PipelineStepBuilder WithInput(InputHandle input, StepInputValue value)
    {
        ArgumentNullException.ThrowIfNull(input);
        return WithInput(input.Name, value);
    }

    /// <summary>Declares (or overrides) a step output, e.g. the outputs of a component step.</summary>
    /// <param name="output">The output handle.</param>
    public PipelineStepBuilder WithOutput(OutputHandle output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new(Name, _job, _component, _inputs, _outputs.Add(new(output.Name, output, null)));
    }

    /// <summary>Writes the step output <paramref name="name"/> to a pipeline output (<c>${{parent.outputs.y}}</c>).</summary>
    /// <param name="name">The step output name.</param>
    /// <param name="pipelineOutput">The pipeline output handle; the pipeline declares it if it does not already.</param>
    public PipelineStepBuilder WithOutput(string name, OutputHandle pipelineOutput)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pipelineOutput);
        return new(Name, _job, _component, _inputs, _outputs.Add(new(name, null, pipelineOutput)));
    }

    /// <summary>Writes the step output that <paramref name="output"/> names to a pipeline output.</summary>
    /// <param name="output">The step's own output handle.</param>
    /// <param name="pipelineOutput">The pipeline output handle.</param>
    public PipelineStepBuilder WithOutput(OutputHandle output, OutputHandle pipelineOutput)
    {
        ArgumentNullException.ThrowIfNull(output);
        return WithOutput(output.Name, pipelineOutput);
    }

    /// <summary>
    /// A reference to this step's output <paramref name="name"/>, to pass to a later step's input. Never throws:
    /// an output the step does not declare is reported by the pipeline's <c>Build()</c>.
    /// </summary>
    /// <param name="name">The output name.</param>
    public StepOutputReference Output(string name) => new(Name, name);

    /// <summary>A reference to this step's output that <paramref name="output"/> names.</summary>
    /// <param name="output">The step's own output handle.</param>
    public StepOutputReference Output(OutputHandle output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Output(output.Name);
    }

    /// <summary>Builds the step and reports which handles and upstream outputs its bindings use.</summary>
    internal StepAssembly Assemble(BuilderContext context, string path)
    {
        var job = _job?.AssembleDefinition(context, path) ?? ComponentPlaceholder();
        var pipelineInputs = new List<InputHandle>();
        var pipelineOutputs = new List<OutputHandle>();

        foreach (var (name, value) in _inputs)
        {
            job.Inputs.TryGetValue(name, out var declared);
            JobInput? bound = null;
            if (value.PipelineInput is { } pipelineInput)
            {
                pipelineInputs.Add(pipelineInput);
                bound = Bind("${{parent.inputs." + pipelineInput.Name + "}}", declared);
            }
            else if (value.StepOutput is { } stepOutput)
            {
                bound = Bind(stepOutput.Expression, declared);
            }
            else if (value.Literal is { } literal)
            {
                bound = declared is LiteralInput declaredLiteral ? declaredLiteral with { Value = literal } : new LiteralInput { Value = literal };
            }
            else if (value.Input is { } input)
            {
                bound = input;
            }

            if (bound is not null) job = job with { Inputs = job.Inputs.SetItem(name, bound) };
        }

        foreach (var binding in _outputs)
        {
            job.Outputs.TryGetValue(binding.Name, out var declared);
            var output = binding.Declaration?.Declaration ?? declared ?? new JobOutput();
            if (binding.PipelineOutput is { } pipelineOutput)
            {
                pipelineOutputs.Add(pipelineOutput);
                output = output with { Path = "${{parent.outputs." + pipelineOutput.Name + "}}" };
            }
            job = job with { Outputs = job.Outputs.SetItem(binding.Name, output) };
        }

        var step = new PipelineStep { Job = job, Component = _component };
        return new StepAssembly(Name, step, pipelineInputs, pipelineOutputs);
    }

    private JobDefinition ComponentPlaceholder() =>
        _component?.Definition?.Body is PipelineJob ? new PipelineJob() : new CommandJob();

    // The binding keeps what the step declared about the input (type, mode, description) so the validator can
    // compare the upstream output's type with it.
    private static BindingInput Bind(string expression, JobInput? declared) => new()
    {
        Expression = expression,
        Type = declared switch
        {
            LiteralInput literal => literal.EffectiveType is { } literalType ? (PortType)literalType : (PortType?)null,
            AssetInput asset when asset.TypeIsExplicit => (PortType)asset.Type,
            BindingInput binding => binding.Type,
            _ => null,
        },
        Mode = declared switch
        {
            AssetInput asset => asset.Mode,
            BindingInput binding => binding.Mode,
            _ => null,
        },
        Description = declared?.Description,
        Optional = declared?.Optional,
    };

    private sealed record StepOutputBinding(string Name, OutputHandle? Declaration, OutputHandle? PipelineOutput);
}

/// <summary>
/// A built step with the pipeline-level handles its bindings use. Bindings to upstream steps are plain
/// expressions in the definition; the validator checks them (TJ0005 unknown step, TJ0006 undeclared output).
/// </summary>
internal sealed record StepAssembly(
    string Name,
    PipelineStep Step,
    IReadOnlyList<InputHandle> PipelineInputs,
    IReadOnlyList<OutputHandle> PipelineOutputs);
