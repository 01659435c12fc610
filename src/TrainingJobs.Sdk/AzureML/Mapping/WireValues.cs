using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>Value formats of the wire: literal text, ISO-8601 durations, content names.</summary>
internal static class WireValues
{
    /// <summary>
    /// A literal as the wire text. Numbers always keep a decimal point or exponent (<c>1.0</c>, not <c>1</c>),
    /// so that the text reads back as a number and not as an integer.
    /// </summary>
    public static string LiteralToWire(LiteralValue value)
    {
        if (value.Type != LiteralType.Number) return value.ToString();
        var text = value.NumberValue.ToString("R", CultureInfo.InvariantCulture);
        var isPlainInteger = text.All(c => char.IsAsciiDigit(c) || c == '-');
        return isPlainInteger ? text + ".0" : text;
    }

    /// <summary>
    /// Reads wire text back as the literal it most likely was: an integer, a number (has a point or an exponent),
    /// a boolean (<c>true</c>/<c>false</c> in any case), else a string.
    /// </summary>
    public static LiteralValue LiteralFromWire(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return integer;
        if (text.IndexOfAny(['.', 'e', 'E']) >= 0
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && !text.Contains("..", StringComparison.Ordinal))
        {
            return number;
        }
        if (bool.TryParse(text, out var boolean)) return boolean;
        return LiteralValue.FromString(text);
    }

    /// <summary>Converts a literal to the type a declaration asks for, when the text allows it.</summary>
    public static LiteralValue LiteralFromWire(string text, LiteralType? declared)
    {
        if (declared == LiteralType.String) return LiteralValue.FromString(text);
        if (declared == LiteralType.Integer && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
        if (declared == LiteralType.Number && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        if (declared == LiteralType.Boolean && bool.TryParse(text, out var b)) return b;
        return LiteralFromWire(text);
    }

    /// <summary>A literal as a JSON value (search spaces carry typed JSON, not text).</summary>
    public static JsonNode? LiteralToJson(LiteralValue value) =>
        value.Type == LiteralType.Integer ? JsonValue.Create(value.IntegerValue)
        : value.Type == LiteralType.Number ? JsonValue.Create(value.NumberValue)
        : value.Type == LiteralType.Boolean ? JsonValue.Create(value.BooleanValue)
        : JsonValue.Create(value.StringValue);

    /// <summary>A JSON scalar as a literal; null for objects, arrays and JSON null.</summary>
    public static LiteralValue? LiteralFromJson(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        if (value.TryGetValue(out string? s)) return LiteralValue.FromString(s);
        if (value.TryGetValue(out bool b)) return b;
        if (value.TryGetValue(out long l)) return l;
        if (value.TryGetValue(out double d)) return d;
        return null;
    }

    /// <summary>A duration as ISO-8601 (<c>PT2H</c>).</summary>
    public static string? DurationToWire(TimeSpan? value) => value is null ? null : XmlConvert.ToString(value.Value);

    /// <summary>
    /// Reads an ISO-8601 duration: true with null when absent, true with the value when it reads, false when the
    /// text is not a duration or is out of the range of <see cref="TimeSpan"/> (<c>P10675199DT3H</c>).
    /// </summary>
    public static bool TryDurationFromWire(string? text, out TimeSpan? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text)) return true;
        try
        {
            value = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>A short, stable name derived from content (for anonymous assets and uploads).</summary>
    public static string ContentName(string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..32];
}
