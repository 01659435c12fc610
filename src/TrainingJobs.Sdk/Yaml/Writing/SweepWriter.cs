using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes the fields only a sweep has: trial, search space, sampling, objective, limits, early termination.</summary>
internal static class SweepWriter
{
    /// <summary>Writes the sweep fields of <paramref name="sweep"/>.</summary>
    public static void WriteFields(YamlEmitter e, SweepJob sweep)
    {
        if (sweep.TrialReference is { } reference && (reference.Reference is not null || reference.Definition is not null))
        {
            ComponentWriter.WriteReference(e, "trial", reference);
        }
        else
        {
            e.Key("trial");
            e.BeginMap();
            WriteTrialBody(e, sweep.Trial);
            e.EndMap();
        }
        e.Map("search_space", sweep.SearchSpace, SearchSpaceWriter.WriteParameter);
        e.Key("sampling_algorithm");
        SamplingWriter.WriteSampling(e, sweep.SamplingAlgorithm);
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
            e.OptionalInt("max_total_trials", limits.MaxTotalTrials);
            e.OptionalInt("max_concurrent_trials", limits.MaxConcurrentTrials);
            e.OptionalDuration("timeout", limits.Timeout);
            e.OptionalDuration("trial_timeout", limits.TrialTimeout);
            e.EndMap();
        }
        if (sweep.EarlyTermination is { } policy) SamplingWriter.WriteEarlyTermination(e, policy);
        if (sweep.Resources is { } resources) ResourceWriter.WriteResources(e, resources);
        if (sweep.QueueSettings is { } queue) ResourceWriter.WriteQueueSettings(e, queue);
    }

    /// <summary>An inline trial: the command fields without <c>type</c> (which would make it read as a component).</summary>
    private static void WriteTrialBody(YamlEmitter e, CommandJob trial)
    {
        e.OptionalText("display_name", trial.DisplayName);
        e.OptionalText("experiment_name", trial.ExperimentName);
        e.OptionalText("description", trial.Description);
        e.OptionalText("name", trial.Name);
        e.StringMap("tags", trial.Tags);
        e.StringMap("properties", trial.Properties);
        e.OptionalText("compute", trial.Compute);
        CommandWriter.WriteFields(e, trial);
        PortWriter.WritePorts(e, trial);
        if (trial.Identity is { } identity) IdentityWriter.Write(e, identity);
    }
}
