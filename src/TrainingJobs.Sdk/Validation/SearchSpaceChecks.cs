using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks a sweep's search space: names, parameter values, and what the sampling algorithm supports.</summary>
internal static class SearchSpaceChecks
{
    /// <summary>Checks the search space of <paramref name="sweep"/>.</summary>
    public static void Check(SweepJob sweep, string path, ValidationContext context)
    {
        var at = DiagnosticPath.Append(path, "search_space");
        if (sweep.SearchSpace is null || sweep.SearchSpace.IsEmpty)
        {
            context.Report(ValidationCodes.RequiredFieldMissing, "A sweep needs a search space with at least one parameter.", at);
        }
        CheckSampling(sweep.SamplingAlgorithm, path, context);
        CheckParameters(sweep.SearchSpace, at, sweep.SamplingAlgorithm, nested: false, context, depth: 0);
    }

    private static void CheckParameters(ValueMap<SearchSpaceParameter>? parameters, string at, SamplingAlgorithm? sampling, bool nested, ValidationContext context, int depth)
    {
        if (depth > ValidationContext.MaxDepth)
        {
            context.Report(ValidationCodes.NestingTooDeep, $"The search space nests more than {ValidationContext.MaxDepth} levels of choices here; this part was not checked.", at);
            return;
        }
        foreach (var (name, parameter) in Maps.Of(parameters))
        {
            var here = DiagnosticPath.Append(at, name);
            if (!NameRules.IsValidPortName(name))
            {
                context.Report(ValidationCodes.InvalidName,
                    $"The search-space name {NameRules.Quote(name, "given")} is not valid: it becomes an input name, so use letters, digits and '_', not starting with a digit.",
                    here);
            }
            CheckParameter(parameter, here, context, depth);
            CheckSupported(parameter, here, sampling, nested, context);
        }
    }

    private static void CheckParameter(SearchSpaceParameter parameter, string here, ValidationContext context, int depth)
    {
        switch (parameter)
        {
            case ChoiceParameter choice:
                if (choice.Values is null || choice.Values.IsEmpty)
                {
                    context.Report(ValidationCodes.InvalidSearchSpace, "A choice needs at least one value.", DiagnosticPath.Append(here, "values"));
                }
                var index = 0;
                foreach (var option in Maps.Items(choice.Values))
                {
                    var optionPath = $"{here}.values[{index++}]";
                    if (option is null || (option.Value is null && option.Group is null))
                    {
                        context.Report(ValidationCodes.InvalidSearchSpace, "A choice option has neither a value nor a group of parameters.", optionPath);
                    }
                    else if (option.Group is { } group)
                    {
                        CheckParameters(group, optionPath, sampling: null, nested: true, context, depth + 1);
                    }
                }
                break;
            case RandIntParameter randInt when randInt.Upper < 1:
                context.Report(ValidationCodes.InvalidSearchSpace,
                    $"randint samples from [0, upper), so upper must be at least 1; it is {randInt.Upper}.", DiagnosticPath.Append(here, "upper"));
                break;
            case UniformParameter uniform:
                if (!double.IsFinite(uniform.MinValue) || !double.IsFinite(uniform.MaxValue))
                {
                    context.Report(ValidationCodes.InvalidSearchSpace, "min_value and max_value must be finite numbers.", here);
                }
                else if (uniform.MinValue > uniform.MaxValue)
                {
                    context.Report(ValidationCodes.MinGreaterThanMax,
                        $"min_value ({SweepChecks.Format(uniform.MinValue)}) is greater than max_value ({SweepChecks.Format(uniform.MaxValue)}).",
                        DiagnosticPath.Append(here, "min_value"));
                }
                CheckQ(uniform.Q, here, context);
                break;
            case NormalParameter normal:
                if (!double.IsFinite(normal.Mu))
                {
                    context.Report(ValidationCodes.InvalidSearchSpace, "mu must be a finite number.", DiagnosticPath.Append(here, "mu"));
                }
                if (!(normal.Sigma > 0) || !double.IsFinite(normal.Sigma))
                {
                    context.Report(ValidationCodes.InvalidSearchSpace,
                        $"sigma is {SweepChecks.Format(normal.Sigma)}; a standard deviation must be positive.", DiagnosticPath.Append(here, "sigma"));
                }
                CheckQ(normal.Q, here, context);
                break;
        }
    }

    private static void CheckQ(double? q, string here, ValidationContext context)
    {
        if (q is { } step && (!(step > 0) || !double.IsFinite(step)))
        {
            context.Report(ValidationCodes.InvalidSearchSpace, $"q is {SweepChecks.Format(step)}; the quantisation step must be positive.",
                DiagnosticPath.Append(here, "q"));
        }
    }

    // Grid enumerates choices only; Bayesian supports choice, uniform and quniform (azure-ai-ml and the service agree).
    // An entry in a form the SDK does not model is the service's to judge: its kind is not known here.
    private static void CheckSupported(SearchSpaceParameter parameter, string here, SamplingAlgorithm? sampling, bool nested, ValidationContext context)
    {
        if (nested || sampling is null || parameter is UnrecognizedSearchSpaceParameter) return;
        switch (sampling)
        {
            case GridSamplingAlgorithm when parameter is not ChoiceParameter:
                context.Report(ValidationCodes.UnsupportedBySamplingAlgorithm,
                    $"Grid sampling only supports choice parameters, not {parameter.TypeName}: grid sampling tries every combination of listed values, and Azure ML rejects a grid sweep whose search space holds a distribution ({parameter.TypeName}) instead of a list.", here);
                break;
            case GridSamplingAlgorithm when parameter is ChoiceParameter choice && HasGroups(choice):
            case BayesianSamplingAlgorithm when parameter is ChoiceParameter nestedChoice && HasGroups(nestedChoice):
                context.Report(ValidationCodes.UnsupportedBySamplingAlgorithm,
                    $"{sampling.TypeName} sampling does not support nested choice groups; use random sampling.", here);
                break;
            case BayesianSamplingAlgorithm when parameter is not (ChoiceParameter or UniformParameter { Log: false }):
                context.Report(ValidationCodes.UnsupportedBySamplingAlgorithm,
                    $"Bayesian sampling supports choice, uniform and quniform, not {parameter.TypeName}.", here);
                break;
        }
    }

    private static bool HasGroups(ChoiceParameter choice) => Maps.Items(choice.Values).Any(o => o?.Group is not null);

    private static void CheckSampling(SamplingAlgorithm? sampling, string path, ValidationContext context)
    {
        if (sampling is not RandomSamplingAlgorithm random) return;
        var at = DiagnosticPath.Append(path, "sampling_algorithm");
        if (random.Rule is { } rule && !rule.Equals("random", StringComparison.OrdinalIgnoreCase) && !rule.Equals("sobol", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(ValidationCodes.UnsupportedBySamplingAlgorithm,
                $"The random sampling rule {NameRules.Quote(rule, "given")} is neither random nor sobol.", DiagnosticPath.Append(at, "rule"));
        }
        if (random.LogBase is { } logBase && !IsValidLogBase(logBase))
        {
            context.Report(ValidationCodes.UnsupportedBySamplingAlgorithm,
                $"logbase {NameRules.Quote(logBase, "given")} is neither 'e' nor a number greater than 0 other than 1.", DiagnosticPath.Append(at, "logbase"));
        }
    }

    private static bool IsValidLogBase(string text) =>
        text.Trim().Equals("e", StringComparison.OrdinalIgnoreCase) ||
        (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) &&
         value > 0 && value != 1 && double.IsFinite(value));
}
