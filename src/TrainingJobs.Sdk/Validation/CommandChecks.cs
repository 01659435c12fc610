using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks a command job (a root job, a step, a component body or a sweep trial).</summary>
internal static class CommandChecks
{
    /// <summary>Runs the command-job checks.</summary>
    public static void Check(CommandJob job, string path, JobFrame frame, ValidationContext context)
    {
        // A step that runs a component, or a trial that is a registered component, gets command and environment from it.
        var supplied = frame.RunsComponent;
        var commandPath = DiagnosticPath.Append(path, "command");
        if (string.IsNullOrWhiteSpace(job.Command))
        {
            if (!supplied)
            {
                context.Add(RequiredFields.MissingCommand(commandPath));
            }
        }
        else
        {
            // A registered component's declarations are not known here: its names are not judged.
            var scope = new CommandScope().AddPorts(job).AddPorts(frame.Component?.Body).AddScope(frame.Extra)
                .Open(frame.RunsComponent && frame.Component?.Body is null);
            CheckExpressions(job.Command, scope, commandPath, context);
            SecretChecks.Scan(job.Command, ValidationCodes.SecretInCommand, "The command", commandPath, context);
        }

        var environmentPath = DiagnosticPath.Append(path, "environment");
        if (job.Environment is null && !supplied)
        {
            context.Add(RequiredFields.MissingEnvironment(environmentPath));
        }
        ReferenceChecks.CheckEnvironment(job.Environment, environmentPath, context);

        var codePath = DiagnosticPath.Append(path, "code");
        ReferenceChecks.CheckCode(job.Code, codePath, context);
        SecretChecks.Scan(job.Code, ValidationCodes.SecretInOtherField, "The code location", codePath, context);

        CheckEnvironmentVariables(job.EnvironmentVariables, path, context);
        ResourceChecks.CheckResources(job.Resources, path, context);
        ResourceChecks.CheckDistribution(job.Distribution, path, context);
        ResourceChecks.CheckTimeout(job.Limits?.Timeout, "limits.timeout", DiagnosticPath.Field(path, "limits.timeout"), context);
        ResourceChecks.CheckQueueSettings(job.QueueSettings, path, context);
    }

    /// <summary>Checks the expressions of a command against the names in <paramref name="scope"/>.</summary>
    public static void CheckExpressions(string command, CommandScope scope, string at, ValidationContext context)
    {
        var scan = ExpressionScanner.Scan(command, includeLegacy: true);
        foreach (var problem in scan.Problems) context.Report(ValidationCodes.MalformedExpression, problem, at);
        foreach (var token in scan.Tokens)
        {
            var name = token.Rest;
            switch (token.Root)
            {
                case "inputs" when name.Length > 0:
                    if (!scope.HasInput(name))
                    {
                        context.Report(ValidationCodes.UnknownExpressionReference,
                            $"The command uses {Shown(token)}, but there is no input {NameRules.Quote(name, "of that name")}{Known("inputs", scope.Inputs)}.", at);
                    }
                    else if (!token.IsLegacy && !token.InOptionalSegment && scope.IsOptionalWithoutValue(name))
                    {
                        context.Report(ValidationCodes.OptionalInputOutsideOptionalSegment,
                            $"The command uses the optional input '{name}' outside a $[[…]] segment; when the input is not given the command breaks. " +
                            $"Wrap the argument: $[[--{name} ${{{{inputs.{name}}}}}]].", at);
                    }
                    break;
                case "outputs" when name.Length > 0:
                    if (!scope.HasOutput(name))
                    {
                        context.Report(ValidationCodes.UnknownExpressionReference,
                            $"The command uses {Shown(token)}, but there is no output {NameRules.Quote(name, "of that name")}{Known("outputs", scope.Outputs)}.", at);
                    }
                    break;
                case "search_space" when name.Length > 0:
                    if (!scope.AllowsSearchSpace)
                    {
                        context.Report(ValidationCodes.UnknownExpressionReference,
                            $"The command uses {Shown(token)}, but only a sweep's trial command can use search-space entries.", at);
                    }
                    else if (!scope.HasSearchSpaceEntry(name))
                    {
                        context.Report(ValidationCodes.UnknownExpressionReference,
                            $"The command uses {Shown(token)}, but the search space has no entry {NameRules.Quote(name, "of that name")}{Known("entries", scope.SearchSpace)}.", at);
                    }
                    break;
                default:
                    context.Report(ValidationCodes.UnknownExpressionReference,
                        $"The command uses {Shown(token)}, which names nothing a command can use: write ${{{{inputs.<name>}}}}, ${{{{outputs.<name>}}}}" +
                        (scope.AllowsSearchSpace ? " or ${{search_space.<name>}}." : "."), at);
                    break;
            }
        }
    }

    private static void CheckEnvironmentVariables(ValueMap<string>? variables, string path, ValidationContext context)
    {
        foreach (var (name, value) in Maps.OfText(variables))
        {
            var at = DiagnosticPath.Append(path, "environment_variables", name);
            if (name.Length == 0 || name.Any(c => c == '=' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                context.Report(ValidationCodes.InvalidEnvironmentVariableName,
                    "An environment variable name must be non-empty and hold no '=', white space or control characters.",
                    DiagnosticPath.Append(path, "environment_variables"));
            }
            var where = "The value of the environment variable " + NameRules.Quote(name, "here");
            SecretChecks.Scan(value, ValidationCodes.SecretInEnvironmentVariable, where, at, context);
        }
    }

    private static string Shown(ExpressionToken token) => NameRules.QuoteExpression(token, "an expression");

    private static string Known(string what, IReadOnlyList<string> names)
    {
        if (names.Count == 0) return $" (the job has no {what})";
        var shown = names.Where(NameRules.IsQuotable).Take(12).ToList();
        return shown.Count == 0 ? "" : $" (known {what}: {string.Join(", ", shown)})";
    }
}
