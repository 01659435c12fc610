using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes how a sweep picks and stops trials: its sampling algorithm and its early termination policy.</summary>
internal static class SamplingWriter
{
    /// <summary>Writes the sampling algorithm: its name, or a mapping when a random sampling has settings or was written as one.</summary>
    public static void WriteSampling(YamlEmitter e, SamplingAlgorithm sampling)
    {
        if (sampling is RandomSamplingAlgorithm random && !(random is { IsShorthand: true, Seed: null, Rule: null, LogBase: null }))
        {
            e.BeginMap();
            e.Key("type");
            e.Text("random");
            e.OptionalInt("seed", random.Seed);
            e.OptionalText("rule", random.Rule);
            e.OptionalText("logbase", random.LogBase);
            e.EndMap();
            return;
        }
        e.Text(sampling.TypeName);
    }

    /// <summary>Writes <c>early_termination</c> with the fields of its type.</summary>
    public static void WriteEarlyTermination(YamlEmitter e, EarlyTerminationPolicy policy)
    {
        e.Key("early_termination");
        e.BeginMap();
        e.Key("type");
        e.Text(policy.TypeName);
        e.OptionalInt("evaluation_interval", policy.EvaluationInterval);
        e.OptionalInt("delay_evaluation", policy.DelayEvaluation);
        switch (policy)
        {
            case BanditPolicy bandit:
                e.OptionalNumber("slack_factor", bandit.SlackFactor);
                e.OptionalNumber("slack_amount", bandit.SlackAmount);
                break;
            case TruncationSelectionPolicy truncation:
                e.OptionalInt("truncation_percentage", truncation.TruncationPercentage);
                break;
        }
        e.EndMap();
    }
}
