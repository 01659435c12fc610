using System.Globalization;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks literal values against a literal input's declared type, bounds and allowed values (TJ0008–TJ0010, TJ0019).</summary>
internal static class LiteralChecks
{
    /// <summary>Checks a literal input that carries its own declaration: its bounds, then its value and default.</summary>
    public static void CheckDeclaration(LiteralInput input, string path, ValidationContext context)
    {
        if (input.Min is { } min && input.Max is { } max && min > max)
        {
            context.Report(ValidationCodes.MinGreaterThanMax,
                $"min ({Number(min)}) is greater than max ({Number(max)}); no value can satisfy both.", path);
        }
        CheckValue(input.Value, input, path, context);
        CheckValue(input.Default, input, DiagnosticPath.Append(path, "default"), context);
    }

    /// <summary>Checks <paramref name="value"/> against <paramref name="declaration"/> (a job's own input or a component's).</summary>
    /// <param name="value">The value.</param>
    /// <param name="declaration">The declaration: type, bounds, allowed values.</param>
    /// <param name="path">The path of the value.</param>
    /// <param name="context">The run.</param>
    /// <param name="fromStep">
    /// Whether a step gives the value to its component: bounds and allowed values are then reported as
    /// <see cref="ValidationCodes.StepValueOutsideComponentDeclaration"/> warnings, because the service does not enforce them.
    /// </param>
    public static void CheckValue(LiteralValue? value, LiteralInput declaration, string path, ValidationContext context, bool fromStep = false)
    {
        if (value is not { } given || !given.Type.IsKnown) return;
        // A string holding ${{…}} is a binding written as a literal; the pipeline checks it as a binding.
        if (given.Type == LiteralType.String && BindingText.IsBinding(given.StringValue)) return;
        var declared = declaration.Type;
        double? numeric = given.AsDouble();
        if (declared is { IsKnown: true } type)
        {
            if (!Fits(given, type, out numeric))
            {
                context.Report(ValidationCodes.LiteralTypeMismatch,
                    $"{Describe(given)} does not fit the declared type '{type}'.", path);
                return;
            }
            if (type == LiteralType.String || type == LiteralType.Boolean) numeric = null;
        }

        if (numeric is { } number)
        {
            if (declaration.Min is { } min && number < min)
            {
                context.Report(fromStep ? ValidationCodes.StepValueOutsideComponentDeclaration : ValidationCodes.LiteralOutOfRange,
                    $"The value {Number(number)} is below the minimum {Number(min)}{Whose(fromStep)}.", path);
            }
            if (declaration.Max is { } max && number > max)
            {
                context.Report(fromStep ? ValidationCodes.StepValueOutsideComponentDeclaration : ValidationCodes.LiteralOutOfRange,
                    $"The value {Number(number)} is above the maximum {Number(max)}{Whose(fromStep)}.", path);
            }
        }

        var allowed = declaration.Enum;
        if (allowed is { IsEmpty: false })
        {
            if (!IsAllowed(given, allowed))
            {
                var shown = NameRules.Quote(given.ToString());
                context.Report(fromStep ? ValidationCodes.StepValueOutsideComponentDeclaration : ValidationCodes.LiteralNotInEnum,
                    $"The value {shown} is not one of the allowed values{Whose(fromStep)} ({string.Join(", ", allowed.Select(a => NameRules.Quote(a, "…")))}).", path);
            }
        }
    }

    // Enum entries are text. Strings compare exactly; a boolean matches its spelling in any case (YAML False is passed as
    // "False"); a number matches an entry with the same numeric value ("1.0" and 1).
    private static bool IsAllowed(LiteralValue value, IEnumerable<string> allowed)
    {
        var text = value.ToString();
        foreach (var entry in allowed)
        {
            if (entry is null) continue;
            if (string.Equals(entry, text, StringComparison.Ordinal)) return true;
            if (value.Type == LiteralType.Boolean && string.Equals(entry.Trim(), text, StringComparison.OrdinalIgnoreCase)) return true;
            if (value.AsDouble() is { } number && double.TryParse(entry, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed == number) return true;
        }
        return false;
    }

    private static string Whose(bool fromStep) =>
        fromStep ? " that the component declares (Azure ML passes it on anyway, so the component gets a value it does not expect)" : "";

    // Whether a value can be read as the declared type the way Azure ML reads it (YAML may give "10" for 10).
    private static bool Fits(LiteralValue value, LiteralType declared, out double? numeric)
    {
        numeric = value.AsDouble();
        if (declared == LiteralType.String) return true;
        if (declared == LiteralType.Boolean)
        {
            if (value.Type == LiteralType.Boolean) return true;
            return value.Type == LiteralType.String && bool.TryParse(value.StringValue, out _);
        }
        if (value.Type == LiteralType.Boolean) return false;
        if (value.Type == LiteralType.String)
        {
            if (!double.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return false;
            numeric = parsed;
        }
        if (numeric is not { } n || double.IsNaN(n) || double.IsInfinity(n)) return false;
        // An integer input accepts 10.0 (the service itself returns integers that way) but not 10.5.
        return declared != LiteralType.Integer || Math.Floor(n) == n;
    }

    private static string Describe(LiteralValue value)
    {
        if (value.Type == LiteralType.String) return "The string value " + NameRules.Quote(value.StringValue, "given");
        return $"The {value.Type} value {value}";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
