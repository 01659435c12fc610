using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// Builds a <see cref="SweepJob"/>: trials of a command over a search space. The trial's inputs and outputs
/// (declared or used in its command) become the sweep's, as Azure ML expects; search-space handles used in
/// the trial command are declared in the search space automatically.
/// </summary>
/// <example><code>
/// var lr = SearchSpace.LogUniform("lr", -6, -1);
/// SweepJob sweep = new SweepJobBuilder()
///     .WithTrial(new CommandJobBuilder().WithCommand($"python train.py --lr {lr}").WithEnvironment("azureml:env:1"))
///     .WithRandomSampling(seed: 42)
///     .WithObjective("val_loss", Goal.Minimize)
///     .Build();
/// </code></example>
public sealed class SweepJobBuilder : JobBuilder<SweepJobBuilder, SweepJob>
{
    // The model requires a trial, a sampling algorithm and an objective; until they are given the draft holds
    // placeholders and these flags say which parts are real.
    private readonly CommandJobBuilder? _trial;
    private readonly bool _hasSampling;
    private readonly bool _hasObjective;

    /// <summary>Starts an empty sweep.</summary>
    public SweepJobBuilder()
        : this(
            new SweepJob { Trial = new CommandJob(), SamplingAlgorithm = new RandomSamplingAlgorithm(), Objective = new SweepObjective("", Goal.Maximize) },
            null,
            hasSampling: false,
            hasObjective: false)
    {
    }

    private SweepJobBuilder(SweepJob draft, CommandJobBuilder? trial, bool hasSampling, bool hasObjective)
        : base(draft)
    {
        _trial = trial;
        _hasSampling = hasSampling;
        _hasObjective = hasObjective;
    }

    /// <summary>Sets the trial: the command run once per sampled point.</summary>
    /// <param name="trial">The trial command job.</param>
    public SweepJobBuilder WithTrial(CommandJobBuilder trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return new(Draft, trial, _hasSampling, _hasObjective);
    }

    /// <summary>
    /// Records where the trial comes from (<c>./train.yml</c>, <c>azureml:train:1</c>) when it is a component. A registered
    /// component (<c>azureml:…</c>) is only a pipeline sweep step's trial: <c>Build()</c> of a sweep job refuses it (TJ0040).
    /// </summary>
    /// <param name="reference">The component reference, as YAML writes it.</param>
    public SweepJobBuilder WithTrialReference(string reference) =>
        WithDraft(Draft with { TrialReference = new ComponentReference { Reference = reference } });

    /// <summary>Adds or replaces a search-space parameter.</summary>
    /// <param name="parameter">The search-space handle.</param>
    public SweepJobBuilder WithSearchSpace(SearchSpaceHandle parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return WithDraft(Draft with { SearchSpace = Draft.SearchSpace.SetItem(parameter.Name, parameter.Parameter) });
    }

    /// <summary>Sets how points are sampled.</summary>
    /// <param name="algorithm">The sampling algorithm.</param>
    public SweepJobBuilder WithSampling(SamplingAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return new(Draft with { SamplingAlgorithm = algorithm }, _trial, hasSampling: true, _hasObjective);
    }

    /// <summary>Samples at random.</summary>
    /// <param name="seed">The random seed.</param>
    /// <param name="rule">The rule (<c>random</c> or <c>sobol</c>).</param>
    public SweepJobBuilder WithRandomSampling(int? seed = null, string? rule = null) =>
        WithSampling(new RandomSamplingAlgorithm { Seed = seed, Rule = rule });

    /// <summary>Tries every combination of choices.</summary>
    public SweepJobBuilder WithGridSampling() => WithSampling(new GridSamplingAlgorithm());

    /// <summary>Samples with Bayesian optimisation.</summary>
    public SweepJobBuilder WithBayesianSampling() => WithSampling(new BayesianSamplingAlgorithm());

    /// <summary>Sets the metric to optimise.</summary>
    /// <param name="primaryMetric">The metric name, as the trial logs it with MLflow.</param>
    /// <param name="goal">Whether to maximize or minimize it.</param>
    public SweepJobBuilder WithObjective(string primaryMetric, Goal goal) =>
        new(Draft with { Objective = new SweepObjective(primaryMetric, goal) }, _trial, _hasSampling, hasObjective: true);

    /// <summary>Sets the limits (null leaves the service default).</summary>
    /// <param name="maxTotalTrials">The most trials to run.</param>
    /// <param name="maxConcurrentTrials">The most trials to run at once.</param>
    /// <param name="timeout">The longest the whole sweep may run.</param>
    /// <param name="trialTimeout">The longest one trial may run.</param>
    public SweepJobBuilder WithLimits(int? maxTotalTrials = null, int? maxConcurrentTrials = null, TimeSpan? timeout = null, TimeSpan? trialTimeout = null) =>
        WithDraft(Draft with
        {
            Limits = new SweepJobLimits { MaxTotalTrials = maxTotalTrials, MaxConcurrentTrials = maxConcurrentTrials, Timeout = timeout, TrialTimeout = trialTimeout },
        });

    /// <summary>Stops poor trials early (<see cref="BanditPolicy"/>, <see cref="MedianStoppingPolicy"/>, <see cref="TruncationSelectionPolicy"/>).</summary>
    /// <param name="policy">The policy.</param>
    public SweepJobBuilder WithEarlyTermination(EarlyTerminationPolicy policy) => WithDraft(Draft with { EarlyTermination = policy });

    /// <summary>Sets the compute resources of each trial.</summary>
    /// <param name="resources">The resources.</param>
    public SweepJobBuilder WithResources(JobResources resources) => WithDraft(Draft with { Resources = resources });

    /// <summary>Sets the queue settings.</summary>
    /// <param name="jobTier">The job tier.</param>
    /// <param name="priority">The priority (<c>low</c>, <c>medium</c>, <c>high</c>).</param>
    public SweepJobBuilder WithQueueSettings(JobTier? jobTier = null, string? priority = null) =>
        WithDraft(Draft with { QueueSettings = new QueueSettings { JobTier = jobTier, Priority = priority } });

    /// <inheritdoc />
    private protected override SweepJobBuilder WithDraft(SweepJob draft) => new(draft, _trial, _hasSampling, _hasObjective);

    /// <inheritdoc />
    private protected override SweepJob Assemble(BuilderContext context, string path)
    {
        var job = Draft;
        if (!_hasSampling)
        {
            Missing(context, path, "sampling_algorithm", "A sweep needs a sampling algorithm: call WithRandomSampling, WithGridSampling or WithBayesianSampling.");
        }
        if (!_hasObjective)
        {
            Missing(context, path, "objective", "A sweep needs an objective: call WithObjective with the primary metric and its goal.");
        }
        if (_trial is null)
        {
            // A trial given by reference lives in the component: the validator checks the reference (TJ0032, TJ0040) and
            // leaves the unresolved body alone.
            if (Draft.TrialReference is null)
            {
                Missing(context, path, "trial", "A sweep needs a trial: call WithTrial with the command to run per sampled point.");
            }
            return job;
        }

        // Azure ML keeps a sweep's inputs and outputs on the sweep, not on its trial; the sweep's own win.
        var trialPath = DiagnosticPath.Append(path, "trial");
        var trial = _trial.AssembleDefinition(context, trialPath);
        var inputs = trial.Inputs.Aggregate(job.Inputs, (map, i) => map.ContainsKey(i.Key) ? map : map.SetItem(i.Key, i.Value));
        var outputs = trial.Outputs.Aggregate(job.Outputs, (map, o) => map.ContainsKey(o.Key) ? map : map.SetItem(o.Key, o.Value));
        var searchSpace = HandleDeclarations.Declare(job.SearchSpace, _trial.CommandText?.SearchSpace ?? [], context, path);
        return job with
        {
            Trial = (CommandJob)trial with { Inputs = ValueMap<JobInput>.Empty, Outputs = ValueMap<JobOutput>.Empty },
            Inputs = inputs,
            Outputs = outputs,
            SearchSpace = searchSpace,
        };
    }

    private static void Missing(BuilderContext context, string path, string part, string message)
    {
        var partPath = DiagnosticPath.Append(path, part);
        context.Error(BuilderDiagnosticCodes.MissingRequiredPart, message, partPath);
        context.PlaceholderPaths.Add(partPath);
    }
}
