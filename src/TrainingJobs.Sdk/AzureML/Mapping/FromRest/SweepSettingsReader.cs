using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>How a sweep searches, read back from the wire: limits, objective, sampling algorithm and early-termination policy.</summary>
internal static class SweepSettingsReader
{
    /// <summary>The sweep's limits of the job at <paramref name="jobPath"/>; a duration that does not read is reported and left out.</summary>
    public static SweepJobLimits? Limits(RestJobLimits? wire, string jobPath, RestReadContext context) => wire is not { } limits ? null : new SweepJobLimits
    {
        MaxTotalTrials = (limits as RestSweepJobLimits)?.MaxTotalTrials,
        MaxConcurrentTrials = (limits as RestSweepJobLimits)?.MaxConcurrentTrials,
        Timeout = WireFields.Duration(limits.Timeout, DiagnosticPath.Append(DiagnosticPath.Append(jobPath, "limits"), "timeout"), context),
        TrialTimeout = WireFields.Duration((limits as RestSweepJobLimits)?.TrialTimeout, DiagnosticPath.Append(DiagnosticPath.Append(jobPath, "limits"), "trial_timeout"), context),
    };

    /// <summary>The objective; a missing one (reported by <see cref="SweepReader"/>) reads as an empty metric to maximize.</summary>
    public static SweepObjective Objective(RestObjective? wire) =>
        new(wire?.PrimaryMetric ?? string.Empty, Goal.Parse(WireNames.GoalFromWire(wire?.Goal.Value ?? "maximize")));

    /// <summary>The sampling algorithm; an unknown one is reported and read as random sampling.</summary>
    public static SamplingAlgorithm Sampling(RestSamplingAlgorithm? wire, string path, RestReadContext context)
    {
        switch (wire)
        {
            case RestRandomSamplingAlgorithm random:
                return new RandomSamplingAlgorithm
                {
                    Seed = random.Seed,
                    Rule = random.Rule is { } rule ? WireNames.RandomRuleFromWire(rule.Value) : null,
                    // The wire cannot say whether the file wrote `sampling_algorithm: random`; a random algorithm
                    // with no settings is read as that shorthand, the form every published example uses.
                    IsShorthand = random.Rule is null && random.Seed is null,
                };
            case { SamplingAlgorithmType.Value: "Grid" }:
                return new GridSamplingAlgorithm();
            case { SamplingAlgorithmType.Value: "Bayesian" }:
                return new BayesianSamplingAlgorithm();
            default:
                context.Unknown(path, $"sampling algorithm '{wire?.SamplingAlgorithmType}'; random sampling is assumed");
                return new RandomSamplingAlgorithm();
        }
    }

    /// <summary>The early-termination policy; an unknown one is reported and left out.</summary>
    public static EarlyTerminationPolicy? EarlyTermination(RestEarlyTerminationPolicy? wire, string path, RestReadContext context)
    {
        EarlyTerminationPolicy? policy = wire switch
        {
            null => null,
            RestBanditPolicy bandit => new BanditPolicy { SlackAmount = bandit.SlackAmount, SlackFactor = bandit.SlackFactor },
            RestTruncationSelectionPolicy truncation => new TruncationSelectionPolicy { TruncationPercentage = truncation.TruncationPercentage },
            { PolicyType.Value: "MedianStopping" } => new MedianStoppingPolicy(),
            _ => null,
        };
        if (wire is not null && policy is null) context.Unknown(path, $"early-termination policy '{wire.PolicyType}'");
        return policy is null ? null : policy with { EvaluationInterval = wire!.EvaluationInterval, DelayEvaluation = wire.DelayEvaluation };
    }
}
