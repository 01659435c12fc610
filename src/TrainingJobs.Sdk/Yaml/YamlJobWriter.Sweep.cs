using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml;

public static partial class YamlJobWriter
{
    private static void WriteSweepFields(YamlEmitter e, SweepJob sweep)
    {
        if (sweep.TrialReference is { } reference && (reference.Reference is not null || reference.Definition is not null))
        {
            WriteComponentReference(e, "trial", reference);
        }
        else
        {
            e.Key("trial");
            e.BeginMap();
            WriteTrialBody(e, sweep.Trial);
            e.EndMap();
        }
        Map(e, "search_space", sweep.SearchSpace, WriteParameter);
        e.Key("sampling_algorithm");
        WriteSampling(e, sweep.SamplingAlgorithm);
        e.Key("objective");
        e.BeginMap();
        e.Key("goal");
        e.Text(sweep.Objective.Goal.ToString());
        e.Key("primary_metric");
        e.Text(sweep.Objective.PrimaryMetric);
        e.EndMap();
        if (sweep.Limits is { } limits)
        {
            e.Key("limits");
            e.BeginMap();
            OptionalInt(e, "max_total_trials", limits.MaxTotalTrials);
            OptionalInt(e, "max_concurrent_trials", limits.MaxConcurrentTrials);
            if (limits.Timeout is { } timeout)
            {
                e.Key("timeout");
                e.Duration(timeout);
            }
            if (limits.TrialTimeout is { } trialTimeout)
            {
                e.Key("trial_timeout");
                e.Duration(trialTimeout);
            }
            e.EndMap();
        }
        if (sweep.EarlyTermination is { } policy) WriteEarlyTermination(e, policy);
        if (sweep.Resources is { } resources) WriteResources(e, resources);
        if (sweep.QueueSettings is { } queue) WriteQueueSettings(e, queue);
    }

    /// <summary>An inline trial: the command fields without <c>type</c> (which would make it read as a component).</summary>
    private static void WriteTrialBody(YamlEmitter e, CommandJob trial)
    {
        OptionalText(e, "display_name", trial.DisplayName);
        OptionalText(e, "experiment_name", trial.ExperimentName);
        OptionalText(e, "description", trial.Description);
        OptionalText(e, "name", trial.Name);
        StringMap(e, "tags", trial.Tags);
        StringMap(e, "properties", trial.Properties);
        OptionalText(e, "compute", trial.Compute);
        WriteCommandFields(e, trial);
        WritePorts(e, trial);
        if (trial.Identity is { } identity) WriteIdentity(e, identity);
    }

    private static void WriteSampling(YamlEmitter e, SamplingAlgorithm sampling)
    {
        if (sampling is RandomSamplingAlgorithm random && !(random is { IsShorthand: true, Seed: null, Rule: null, LogBase: null }))
        {
            e.BeginMap();
            e.Key("type");
            e.Text("random");
            OptionalInt(e, "seed", random.Seed);
            OptionalText(e, "rule", random.Rule);
            OptionalText(e, "logbase", random.LogBase);
            e.EndMap();
            return;
        }
        e.Text(sampling.TypeName);
    }

    private static void WriteEarlyTermination(YamlEmitter e, EarlyTerminationPolicy policy)
    {
        e.Key("early_termination");
        e.BeginMap();
        e.Key("type");
        e.Text(policy.TypeName);
        OptionalInt(e, "evaluation_interval", policy.EvaluationInterval);
        OptionalInt(e, "delay_evaluation", policy.DelayEvaluation);
        switch (policy)
        {
            case BanditPolicy bandit:
                OptionalNumber(e, "slack_factor", bandit.SlackFactor);
                OptionalNumber(e, "slack_amount", bandit.SlackAmount);
                break;
            case TruncationSelectionPolicy truncation:
                OptionalInt(e, "truncation_percentage", truncation.TruncationPercentage);
                break;
        }
        e.EndMap();
    }

    private static void WriteParameters(YamlEmitter e, ValueMap<SearchSpaceParameter> parameters) => MapBody(e, parameters, WriteParameter);

    private static void WriteParameter(YamlEmitter e, SearchSpaceParameter parameter)
    {
        switch (parameter)
        {
            case ConstantParameter constant:
                e.Literal(constant.Value);
                return;
            case UnrecognizedSearchSpaceParameter raw:
                // The entry as the service wrote it; the loader reads a form it does not model back into the same type.
                e.Freeform(raw.Value);
                return;
        }
        e.BeginMap();
        e.Key("type");
        e.Text(parameter.TypeName);
        switch (parameter)
        {
            case ChoiceParameter choice:
                e.Key("values");
                var flat = choice.Values.All(v => v.Group is null);
                e.BeginSeq(flow: flat);
                foreach (var option in choice.Values)
                {
                    if (option.Group is { } group) WriteParameters(e, group);
                    else if (option.Value is { } value) e.Literal(value);
                    else e.Null();
                }
                e.EndSeq();
                break;
            case RandIntParameter randInt:
                OptionalInt(e, "upper", randInt.Upper);
                break;
            case UniformParameter uniform:
                OptionalNumber(e, "min_value", uniform.MinValue);
                OptionalNumber(e, "max_value", uniform.MaxValue);
                OptionalNumber(e, "q", uniform.Q);
                break;
            case NormalParameter normal:
                OptionalNumber(e, "mu", normal.Mu);
                OptionalNumber(e, "sigma", normal.Sigma);
                OptionalNumber(e, "q", normal.Q);
                break;
        }
        e.EndMap();
    }
}
