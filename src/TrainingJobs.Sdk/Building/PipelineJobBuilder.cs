using System.Collections.Immutable;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// Builds a <see cref="PipelineJob"/> from steps. Pipeline input and output handles that steps bind to are
/// declared on the pipeline automatically; an upstream step output passed to a later step's input records
/// the edge as <c>${{parent.jobs.step.outputs.name}}</c>.
/// </summary>
/// <example><code>
/// var data = Input.UriFolder("data", "azureml:mnist:1");
/// var train = trainJob.AsStep("train").WithInput("data", data);
/// var score = scoreJob.AsStep("score").WithInput("model", train.Output("model"));
/// PipelineJob pipeline = new PipelineJobBuilder().WithSteps(train, score).Build();
/// </code></example>
public sealed class PipelineJobBuilder : JobBuilder<PipelineJobBuilder, PipelineJob>
{
    private readonly ImmutableList<PipelineStepBuilder> _steps;

    /// <summary>Starts an empty pipeline.</summary>
    public PipelineJobBuilder()
        : this(new PipelineJob(), [])
    {
    }

    private PipelineJobBuilder(PipelineJob draft, ImmutableList<PipelineStepBuilder> steps)
        : base(draft) => _steps = steps;

    /// <summary>Adds a step (a step with the same name as an earlier one is an error at <see cref="JobBuilder{TSelf, TJob}.Build"/>).</summary>
    /// <param name="step">The step.</param>
    public PipelineJobBuilder WithStep(PipelineStepBuilder step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(Draft, _steps.Add(step));
    }

    /// <summary>Adds several steps, in order.</summary>
    /// <param name="steps">The steps.</param>
    public PipelineJobBuilder WithSteps(params PipelineStepBuilder[] steps) => steps.Aggregate(this, (b, s) => b.WithStep(s));

    /// <summary>Sets the pipeline settings.</summary>
    /// <param name="settings">The settings.</param>
    public PipelineJobBuilder WithSettings(PipelineSettings settings) => WithDraft(Draft with { Settings = settings });

    /// <summary>Sets the compute used by steps that name none (other settings are kept).</summary>
    /// <param name="compute">The compute target, e.g. <c>azureml:cpu-cluster</c>.</param>
    public PipelineJobBuilder WithDefaultCompute(string compute) => EditSettings(s => s with { DefaultCompute = compute });

    /// <summary>Sets the datastore used for outputs that name none (other settings are kept).</summary>
    /// <param name="datastore">The datastore name.</param>
    public PipelineJobBuilder WithDefaultDatastore(string datastore) => EditSettings(s => s with { DefaultDatastore = datastore });

    /// <summary>Lets independent steps go on after a step fails (other settings are kept).</summary>
    /// <param name="continueOnStepFailure">Whether to go on.</param>
    public PipelineJobBuilder WithContinueOnStepFailure(bool continueOnStepFailure = true) =>
        EditSettings(s => s with { ContinueOnStepFailure = continueOnStepFailure });

    /// <summary>Runs every step again even when a previous run could be reused (other settings are kept).</summary>
    /// <param name="forceRerun">Whether to rerun.</param>
    public PipelineJobBuilder WithForceRerun(bool forceRerun = true) => EditSettings(s => s with { ForceRerun = forceRerun });

    /// <inheritdoc />
    private protected override PipelineJobBuilder WithDraft(PipelineJob draft) => new(draft, _steps);

    /// <inheritdoc />
    private protected override PipelineJob Assemble(BuilderContext context, string path)
    {
        var assembled = new List<StepAssembly>();
        var byName = new Dictionary<string, StepAssembly>(StringComparer.Ordinal);
        foreach (var step in _steps)
        {
            var stepPath = DiagnosticPath.Append(path, "jobs", step.Name);
            var assembly = step.Assemble(context, stepPath);
            if (!byName.TryAdd(step.Name, assembly))
            {
                context.Error(BuilderDiagnosticCodes.DuplicateStepName, $"Two steps are named '{step.Name}'; step names must be unique.", stepPath);
                continue;
            }
            assembled.Add(assembly);
        }

        return Draft with
        {
            Steps = ValueMap.From(assembled.Select(a => KeyValuePair.Create(a.Name, a.Step))),
            Inputs = HandleDeclarations.Declare(Draft.Inputs, assembled.SelectMany(a => a.PipelineInputs), context, path),
            Outputs = HandleDeclarations.Declare(Draft.Outputs, assembled.SelectMany(a => a.PipelineOutputs), context, path),
        };
    }

    private PipelineJobBuilder EditSettings(Func<PipelineSettings, PipelineSettings> edit) =>
        WithSettings(edit(Draft.Settings ?? new PipelineSettings()));
}
