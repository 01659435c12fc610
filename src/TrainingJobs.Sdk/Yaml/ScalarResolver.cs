using System.Globalization;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// Decides what a plain scalar means. YAML 1.2 core schema for numbers and null, plus the capitalised booleans
/// (<c>True</c>/<c>False</c>) that Python-written files use. Numbers with leading zeros (<c>01</c>) stay text,
/// so that a version written <c>01</c> is not silently turned into 1. Quoted scalars are always text.
/// </summary>
internal static class ScalarResolver
{
    /// <summary>Whether plain text means null.</summary>
    public static bool IsNullText(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Resolves a scalar node to a typed literal; null for YAML null.</summary>
    public static LiteralValue? Resolve(TreeScalar scalar)
    {
        if (scalar.Tag is { } tag)
        {
            return tag switch
            {
                "tag:yaml.org,2002:str" => LiteralValue.FromString(scalar.Value),
                "tag:yaml.org,2002:int" when TryInteger(scalar.Value.Trim(), out var i) => LiteralValue.FromInteger(i),
                "tag:yaml.org,2002:float" when TryNumber(scalar.Value.Trim(), out var d) => LiteralValue.FromNumber(d),
                "tag:yaml.org,2002:bool" when TryBoolean(scalar.Value.Trim(), out var b) => LiteralValue.FromBoolean(b),
                "tag:yaml.org,2002:null" => (LiteralValue?)null,
                _ => LiteralValue.FromString(scalar.Value),
            };
        }
        if (!scalar.IsPlain) return LiteralValue.FromString(scalar.Value);
        return ResolvePlain(scalar.Value);
    }

    /// <summary>Resolves plain (unquoted) text.</summary>
    public static LiteralValue? ResolvePlain(string text)
    {
        if (IsNullText(text)) return null;
        if (TryBoolean(text, out var b)) return LiteralValue.FromBoolean(b);
        if (TryInteger(text, out var i)) return LiteralValue.FromInteger(i);
        if (TryNumber(text, out var d)) return LiteralValue.FromNumber(d);
        return LiteralValue.FromString(text);
    }

    /// <summary>YAML booleans: <c>true</c>, <c>True</c>, <c>TRUE</c> and the <c>false</c> forms.</summary>
    public static bool TryBoolean(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>A decimal integer without leading zeros (<c>0</c>, <c>-12</c>, <c>+3</c>) that fits in 64 bits.</summary>
    public static bool TryInteger(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 21) return false;
        var start = text[0] is '-' or '+' ? 1 : 0;
        if (start == text.Length) return false;
        for (var i = start; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i])) return false;
        }
        if (text[start] == '0' && text.Length - start > 1) return false;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A YAML 1.2 core float: <c>1.8</c>, <c>.5</c>, <c>1e-3</c>, <c>-2.5E+3</c>, <c>.inf</c>, <c>.nan</c>.</summary>
    public static bool TryNumber(string text, out double value)
    {
        value = 0;
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
        }
        // Integer-shaped text (no '.' and no exponent) is never a float: "01" stays text, as YAML 1.1 readers expect.
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0) return false;
        if (!LooksLikeFloat(text)) return false;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    // [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    private static bool LooksLikeFloat(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+') i++;
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; digits++; }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+') i++;
            var exponent = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; exponent++; }
            if (exponent == 0) return false;
        }
        return i == text.Length;
    }

    /// <summary>Whether <paramref name="text"/>, written plain, would be read back as something other than this exact text.</summary>
    public static bool NeedsQuotes(string text) =>
        ResolvePlain(text) is not { } literal || literal.Type != LiteralType.String || text.Trim() != text;
}
