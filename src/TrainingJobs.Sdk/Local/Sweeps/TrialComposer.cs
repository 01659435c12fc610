using System.Text;
using System.Text.Json;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Planning;
using TrainingJobs.Sdk.Sweeps;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Sweeps;

/// <summary>
/// A sweep trial as the command job its child runs: every <c>${{search_space.x}}</c> of the trial's command becomes
/// the trial's value of <c>x</c> (written as Azure ML writes a literal on a command line), and so does an input whose
/// whole value is <c>${{search_space.x}}</c>. The values are also kept in the child's <c>hyperparameters</c> property.
/// </summary>
internal static class TrialComposer
{
    /// <summary>The property that holds a trial's values (JSON), as Azure ML records a trial's hyperparameters.</summary>
    public const string HyperparametersProperty = "hyperparameters";

    public static CommandJob Compose(CommandJob trial, TrialParameters parameters, string childName, string? experimentName, TimeSpan? trialTimeout)
    {
        var values = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var inputs = trial.Inputs.Select(i => KeyValuePair.Create(i.Key, Bind(i.Value, values)));
        return trial with
        {
            Name = childName,
            ExperimentName = experimentName,
            Command = trial.Command is { } command ? Substitute(command, values) : null,
            Inputs = ValueMap.From(inputs),
            Limits = trialTimeout is { } timeout ? (trial.Limits ?? new CommandJobLimits()) with { Timeout = timeout } : trial.Limits,
            Properties = ValueMap.From(trial.Properties.Where(p => p.Key != HyperparametersProperty)
                .Append(KeyValuePair.Create(HyperparametersProperty, Json(values)))),
        };
    }

    /// <summary>The trial's local code and data made absolute against <paramref name="baseDirectory"/>.</summary>
    public static CommandJob WithAbsolutePaths(CommandJob trial, string baseDirectory) => trial with
    {
        Code = SubmittedPaths.Absolute(trial.Code, baseDirectory),
        Inputs = ValueMap.From(trial.Inputs.Select(i => KeyValuePair.Create(i.Key, i.Value is AssetInput { Path: { } path } asset && SubmittedPaths.IsLocal(path)
            ? asset with { Path = SubmittedPaths.Absolute(path, baseDirectory) }
            : i.Value))),
    };

    private static JobInput Bind(JobInput input, IReadOnlyDictionary<string, LiteralValue> values)
    {
        var text = input switch
        {
            BindingInput binding => binding.Expression,
            LiteralInput { Value: { Type: var type } literal } when type == LiteralType.String => literal.StringValue,
            _ => null,
        };
        if (text is null) return input;
        var located = ExpressionScanner.Locate(text);
        if (located is [{ Token.Root: "search_space" } only] && text.Trim() == text.Substring(only.Index, only.Length).Trim()
            && values.TryGetValue(only.Token.Rest, out var value))
        {
            return new LiteralInput { Value = value, Description = input.Description, Optional = input.Optional };
        }
        return input;
    }

    private static string Substitute(string command, IReadOnlyDictionary<string, LiteralValue> values)
    {
        var builder = new StringBuilder(command.Length);
        var at = 0;
        foreach (var expression in ExpressionScanner.Locate(command))
        {
            if (expression.Token.Root != "search_space" || !values.TryGetValue(expression.Token.Rest, out var value)) continue;
            builder.Append(command, at, expression.Index - at).Append(value.ToString());
            at = expression.Index + expression.Length;
        }
        return builder.Append(command, at, command.Length - at).ToString();
    }

    private static string Json(IReadOnlyDictionary<string, LiteralValue> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                writer.WritePropertyName(name);
                if (value.Type == LiteralType.Integer) writer.WriteNumberValue(value.IntegerValue);
                else if (value.Type == LiteralType.Number) writer.WriteNumberValue(value.NumberValue);
                else if (value.Type == LiteralType.Boolean) writer.WriteBooleanValue(value.BooleanValue);
                else writer.WriteStringValue(value.StringValue);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
