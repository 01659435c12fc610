using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>How a sweep searches, on the wire: limits, objective, sampling algorithm and early-termination policy.</summary>
internal static class SweepSettingsWriter
{
    /// <summary>The sweep's limits; null when it has none.</summary>
    public static RestSweepJobLimits? Limits(SweepJobLimits? limits) => limits is null ? null : new RestSweepJobLimits
    {
        JobLimitsType = RestJobLimitsType.Sweep,
        MaxTotalTrials = limits.MaxTotalTrials,
        MaxConcurrentTrials = limits.MaxConcurrentTrials,
        Timeout = WireValues.DurationToWire(limits.Timeout),
        TrialTimeout = WireValues.DurationToWire(limits.TrialTimeout),
    };

    /// <summary>The metric and its goal, spelled as the wire spells goals.</summary>
    public static RestObjective Objective(SweepObjective objective) =>
        new() { Goal = new RestGoal(WireNames.GoalToWire(objective.Goal.ToString())), PrimaryMetric = objective.PrimaryMetric };

    /// <summary>The sampling algorithm; what the wire has no place for is reported (TJ2004).</summary>
    public static RestSamplingAlgorithm Sampling(SamplingAlgorithm algorithm, string path, RestWriteContext context)
    {
        switch (algorithm)
        {
            case RandomSamplingAlgorithm random:
                if (random.LogBase is not null) context.NotCarried(DiagnosticPath.Append(path, "logbase"), "sampling_algorithm.logbase");
                return new RestRandomSamplingAlgorithm
                {
                    SamplingAlgorithmType = RestSamplingAlgorithmType.Random,
                    Rule = random.Rule is null ? null : new RestRandomSamplingRule(WireNames.RandomRuleToWire(random.Rule)),
                    Seed = random.Seed,
                };
            case GridSamplingAlgorithm:
                return new RestPlainSamplingAlgorithm { SamplingAlgorithmType = RestSamplingAlgorithmType.Grid };
            default:
                return new RestPlainSamplingAlgorithm { SamplingAlgorithmType = RestSamplingAlgorithmType.Bayesian };
        }
    }

    /// <summary>The early-termination policy; null when there is none.</summary>
    public static RestEarlyTerminationPolicy? EarlyTermination(EarlyTerminationPolicy? policy)
    {
        RestEarlyTerminationPolicy? wire = policy switch
        {
            BanditPolicy bandit => new RestBanditPolicy { PolicyType = RestPolicyType.Bandit, SlackAmount = bandit.SlackAmount, SlackFactor = bandit.SlackFactor },
            TruncationSelectionPolicy truncation => new RestTruncationSelectionPolicy { PolicyType = RestPolicyType.TruncationSelection, TruncationPercentage = truncation.TruncationPercentage },
            MedianStoppingPolicy => new RestPlainEarlyTerminationPolicy { PolicyType = RestPolicyType.MedianStopping },
            _ => null,
        };
        if (wire is null) return null;
        wire.EvaluationInterval = policy!.EvaluationInterval;
        wire.DelayEvaluation = policy.DelayEvaluation;
        return wire;
    }
}
