using System.Globalization;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks a sweep job: objective, sampling, search space, limits, early termination, and its trial.</summary>
internal static class SweepChecks
{
    /// <summary>Runs the sweep checks and validates the trial.</summary>
    /// <param name="sweep">The sweep.</param>
    /// <param name="path">Where it is in the definition.</param>
    /// <param name="frame">Whether it is the job itself or a pipeline step (a registered trial is only a step's).</param>
    /// <param name="context">Where diagnostics go.</param>
    public static void Check(SweepJob sweep, string path, JobFrame frame, ValidationContext context)
    {
        CheckObjective(sweep.Objective, path, context);
        if (sweep.SamplingAlgorithm is null)
        {
            context.Report(ValidationCodes.RequiredFieldMissing, "A sweep needs a sampling algorithm (random, grid or bayesian).",
                DiagnosticPath.Append(path, "sampling_algorithm"));
        }
        SearchSpaceChecks.Check(sweep, path, context);
        CheckLimits(sweep.Limits, path, context);
        CheckEarlyTermination(sweep, path, context);
        ResourceChecks.CheckResources(sweep.Resources, path, context);
        ResourceChecks.CheckQueueSettings(sweep.QueueSettings, path, context);
        CheckTrial(sweep, path, frame, context);
    }

    private static void CheckTrial(SweepJob sweep, string path, JobFrame frame, ValidationContext context)
    {
        var at = DiagnosticPath.Append(path, "trial");
        ReferenceChecks.CheckPinned(sweep.TrialReference?.Reference, "trial component", at, context);
        if (frame.Role == JobRole.Root && ReferenceChecks.HasRegisteredTrial(sweep))
        {
            context.Report(ValidationCodes.RegisteredTrialInSweepJob,
                "A sweep job's trial cannot be a registered component (azureml:…, an ARM id or a registry URI): Azure ML's sweep job carries its trial as a command written in place " +
                "(the REST API's TrialComponent), and azure-ai-ml refuses a text trial when loading (\"Invalid input type.\"). Write the command, code and environment under 'trial:', " +
                "name a component file (trial: ./train.yml), or make the sweep a step of a pipeline job, whose sweep steps take a registered component.", at);
        }
        if (sweep.Trial is not { } trial)
        {
            context.Report(ValidationCodes.RequiredFieldMissing, "A sweep needs a trial: the command run for each sampled point.", at);
            return;
        }
        // A registered trial (azureml:…) that was not resolved cannot be checked here: its command lives in the workspace.
        var unresolved = sweep.TrialReference is { Reference: not null, Definition: null } && string.IsNullOrWhiteSpace(trial.Command);
        var extra = new CommandScope().AddPorts(sweep).AddSearchSpace(Maps.Keys(sweep.SearchSpace));
        context.Descend(at, () => JobChecks.Validate(trial, at, new JobFrame(JobRole.Trial, RunsComponent: unresolved, Extra: extra), context));

        if (!unresolved) CheckSearchSpaceUse(sweep, trial, path, context);

        // A trial component's required inputs come from the sweep's inputs or its search space.
        var given = Maps.Keys(sweep.Inputs).Concat(Maps.Keys(sweep.SearchSpace)).ToList();
        foreach (var (name, declared) in Maps.Of(trial.Inputs))
        {
            if (PortChecks.IsRequired(declared) && !CommandScope.Contains(given, name))
            {
                context.Report(ValidationCodes.RequiredFieldMissing,
                    $"The trial's input {NameRules.Quote(name, "of that name")} is required (not optional, no default), and neither the sweep's inputs nor its search space give it.",
                    DiagnosticPath.Append(at, "inputs", name));
            }
        }
    }

    // An entry reaches the trial through ${{search_space.x}} in the command, or (for a trial component) as the input of
    // the same name. An entry that does neither is sampled and thrown away: every trial runs the same command.
    private static void CheckSearchSpaceUse(SweepJob sweep, CommandJob trial, string path, ValidationContext context)
    {
        var used = ExpressionScanner.Scan(trial.Command, includeLegacy: true).Tokens
            .Where(t => t.Root == "search_space").Select(t => t.Rest).ToList();
        var trialInputs = Maps.Keys(trial.Inputs).ToList();
        foreach (var name in Maps.Keys(sweep.SearchSpace))
        {
            if (CommandScope.Contains(used, name) || CommandScope.Contains(trialInputs, name)) continue;
            context.Report(ValidationCodes.UnusedSearchSpaceEntry,
                $"The search-space entry {NameRules.Quote(name, "here")} is never used: the trial command has no ${{{{search_space.{(NameRules.IsQuotable(name) ? name : "…")}}}}} and the trial has no input of that name, so every trial runs the same way.",
                DiagnosticPath.Append(path, "search_space", name));
        }
    }

    private static void CheckObjective(SweepObjective? objective, string path, ValidationContext context)
    {
        var at = DiagnosticPath.Append(path, "objective");
        if (objective is null)
        {
            context.Add(RequiredFields.MissingObjective(at));
            return;
        }
        if (string.IsNullOrWhiteSpace(objective.PrimaryMetric))
        {
            context.Report(ValidationCodes.InvalidObjective,
                "The objective has no primary metric: name the metric the training script logs (mlflow.log_metric).",
                DiagnosticPath.Append(at, "primary_metric"));
        }
        if (!objective.Goal.IsKnown)
        {
            context.Report(ValidationCodes.InvalidObjective,
                $"The goal {NameRules.Quote(objective.Goal.ToString(), "given")} is neither maximize nor minimize.",
                DiagnosticPath.Append(at, "goal"));
        }
    }

    private static void CheckLimits(SweepJobLimits? limits, string path, ValidationContext context)
    {
        if (limits is null) return;
        var at = DiagnosticPath.Append(path, "limits");
        if (limits.MaxTotalTrials is < 1)
        {
            context.Report(ValidationCodes.NonPositiveLimit, $"max_total_trials is {limits.MaxTotalTrials}; a sweep runs at least one trial.",
                DiagnosticPath.Append(at, "max_total_trials"));
        }
        if (limits.MaxConcurrentTrials is < 1)
        {
            context.Report(ValidationCodes.NonPositiveLimit, $"max_concurrent_trials is {limits.MaxConcurrentTrials}; at least one trial must be able to run.",
                DiagnosticPath.Append(at, "max_concurrent_trials"));
        }
        ResourceChecks.CheckTimeout(limits.Timeout, "limits.timeout", DiagnosticPath.Append(at, "timeout"), context);
        ResourceChecks.CheckTimeout(limits.TrialTimeout, "limits.trial_timeout", DiagnosticPath.Append(at, "trial_timeout"), context);
        if (limits.Timeout is { } whole && limits.TrialTimeout is { } trial && whole > TimeSpan.Zero && trial > whole)
        {
            context.Report(ValidationCodes.MinGreaterThanMax,
                $"trial_timeout ({trial}) is longer than the sweep's timeout ({whole}); no trial can use it.", DiagnosticPath.Append(at, "trial_timeout"));
        }
    }

    private static void CheckEarlyTermination(SweepJob sweep, string path, ValidationContext context)
    {
        if (sweep.EarlyTermination is not { } policy) return;
        var at = DiagnosticPath.Append(path, "early_termination");
        if (sweep.SamplingAlgorithm is BayesianSamplingAlgorithm)
        {
            context.Report(ValidationCodes.UnsupportedBySamplingAlgorithm,
                "Bayesian sampling does not support early termination; remove the policy or use random or grid sampling.", at);
        }
        if (policy.EvaluationInterval is < 0)
        {
            context.Report(ValidationCodes.InvalidEarlyTermination, $"evaluation_interval is {policy.EvaluationInterval}; it cannot be negative.",
                DiagnosticPath.Append(at, "evaluation_interval"));
        }
        if (policy.DelayEvaluation is < 0)
        {
            context.Report(ValidationCodes.InvalidEarlyTermination, $"delay_evaluation is {policy.DelayEvaluation}; it cannot be negative.",
                DiagnosticPath.Append(at, "delay_evaluation"));
        }
        switch (policy)
        {
            case BanditPolicy bandit:
                CheckBandit(bandit, at, context);
                break;
            case TruncationSelectionPolicy truncation when truncation.TruncationPercentage is not (>= 1 and <= 99):
                context.Report(ValidationCodes.InvalidEarlyTermination,
                    truncation.TruncationPercentage is null
                        ? "A truncation_selection policy needs truncation_percentage (1–99)."
                        : $"truncation_percentage is {truncation.TruncationPercentage}; it must be between 1 and 99.",
                    DiagnosticPath.Append(at, "truncation_percentage"));
                break;
        }
    }

    private static void CheckBandit(BanditPolicy bandit, string at, ValidationContext context)
    {
        if (bandit.SlackFactor is null && bandit.SlackAmount is null)
        {
            context.Report(ValidationCodes.InvalidEarlyTermination, "A bandit policy needs slack_factor or slack_amount.", at);
        }
        else if (bandit.SlackFactor is not null && bandit.SlackAmount is not null)
        {
            context.Report(ValidationCodes.InvalidEarlyTermination, "A bandit policy takes slack_factor or slack_amount, not both.", at);
        }
        if (bandit.SlackFactor is { } factor && !(factor > 0))
        {
            context.Report(ValidationCodes.InvalidEarlyTermination, $"slack_factor is {Format(factor)}; it must be positive.", DiagnosticPath.Append(at, "slack_factor"));
        }
        if (bandit.SlackAmount is { } amount && !(amount > 0))
        {
            context.Report(ValidationCodes.InvalidEarlyTermination, $"slack_amount is {Format(amount)}; it must be positive.", DiagnosticPath.Append(at, "slack_amount"));
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
