using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>
/// What of an input the wire drops: an input is sent as its value or expression alone, as text, so a declared
/// type, bounds or optionality are lost (TJ2004), and a string that reads back as another type is ambiguous (TJ2005).
/// </summary>
internal static class InputLosses
{
    /// <summary>Reports what of a binding input is not sent; <paramref name="modeCarried"/> is true on a pipeline step, whose node keeps the mode.</summary>
    public static void ReportBinding(BindingInput binding, string path, bool modeCarried, RestWriteContext context)
    {
        var lost = new List<string>();
        if (binding.Type is not null) lost.Add("type");
        if (binding.Mode is not null && !modeCarried) lost.Add("mode");
        if (binding.Optional is not null) lost.Add("optional");
        if (lost.Count > 0) context.NotCarried(path, $"{string.Join(", ", lost)} of a binding input (only its expression is sent, as text)");
    }

    /// <summary>Reports what of a literal input is not sent, then whether its value is ambiguous.</summary>
    public static void ReportLiteral(LiteralInput literal, LiteralValue value, string path, RestWriteContext context)
    {
        var lost = new List<string>();
        if (literal.Type is not null) lost.Add("type");
        if (literal.Value is not null && literal.Default is not null) lost.Add("default");
        if (literal.Min is not null) lost.Add("min");
        if (literal.Max is not null) lost.Add("max");
        if (!literal.Enum.IsEmpty) lost.Add("enum");
        if (literal.Optional is not null) lost.Add("optional");
        if (lost.Count > 0) context.NotCarried(path, $"{string.Join(", ", lost)} of a literal input (only its value is sent, as text)");
        ReportAmbiguousLiteral(value, path, context);
    }

    /// <summary>Reports a string value whose text reads back as another type (<c>"3"</c> reads back as an integer).</summary>
    public static void ReportAmbiguousLiteral(LiteralValue value, string path, RestWriteContext context)
    {
        if (value.Type == LiteralType.String && WireValues.LiteralFromWire(value.ToString()).Type != LiteralType.String)
        {
            context.Report(RestDiagnosticCodes.LiteralTypeAmbiguous, DiagnosticSeverity.Warning, path,
                $"The string '{value}' is sent as untyped text and reads back as {WireValues.LiteralFromWire(value.ToString()).Type}.");
        }
    }
}
