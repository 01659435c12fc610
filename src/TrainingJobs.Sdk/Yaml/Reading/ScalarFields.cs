using System.Globalization;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>
/// Reads single values (text, whole numbers, numbers, booleans, durations). A null scalar reads as null; anything
/// else that is not a value of the kind asked for is reported and reads as null, so reading goes on.
/// </summary>
internal static class ScalarFields
{
    /// <summary>The range of a 32-bit whole number, as messages state it.</summary>
    public const string IntRange = "a whole number from -2147483648 to 2147483647";

    /// <summary>The range of a 64-bit whole number, as messages state it.</summary>
    public const string LongRange = "a whole number from -9223372036854775808 to 9223372036854775807";

    /// <summary>Optional sign and decimal digits only: text that can only mean a whole number.</summary>
    public static bool IsWholeNumberText(string text)
    {
        var start = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        return text.Length > start && text.AsSpan(start).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    /// <summary>Reads text.</summary>
    public static string? ReadString(this ReadingContext context, TreeNode node, string path)
    {
        if (node is TreeScalar scalar) return scalar.IsNull ? null : scalar.Value;
        context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' must be text");
        return null;
    }

    /// <summary>Reads a 32-bit whole number; a float with no fraction (<c>2.0</c>) counts as one.</summary>
    public static int? ReadInt(this ReadingContext context, TreeNode node, string path)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull) return null;
            var text = scalar.Value.Trim();
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d))
            {
                if (d is >= int.MinValue and <= int.MaxValue) return (int)d;
                context.OutOfRange(scalar, path, IntRange);
                return null;
            }
            if (IsWholeNumberText(text))
            {
                context.OutOfRange(scalar, path, IntRange);
                return null;
            }
        }
        context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' must be a whole number");
        return null;
    }

    /// <summary>Reads a 64-bit whole number.</summary>
    public static long? ReadLong(this ReadingContext context, TreeNode node, string path)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull) return null;
            if (long.TryParse(scalar.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
            if (IsWholeNumberText(scalar.Value.Trim()))
            {
                context.OutOfRange(scalar, path, LongRange);
                return null;
            }
        }
        context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' must be a whole number");
        return null;
    }

    /// <summary>Reads a number; the YAML spellings of infinity and NaN are kept.</summary>
    public static double? ReadDouble(this ReadingContext context, TreeNode node, string path)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull) return null;
            var text = scalar.Value.Trim();
            if (ScalarResolver.TryNumber(text, out var special) && !double.IsFinite(special)) return special;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        }
        context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' must be a number");
        return null;
    }

    /// <summary>Reads a boolean in any of the YAML 1.1 spellings (true/yes/on/1, false/no/off/0).</summary>
    public static bool? ReadBool(this ReadingContext context, TreeNode node, string path)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull) return null;
            switch (scalar.Value.Trim().ToLowerInvariant())
            {
                case "true" or "yes" or "on" or "1":
                    return true;
                case "false" or "no" or "off" or "0":
                    return false;
            }
        }
        context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' must be true or false");
        return null;
    }

    /// <summary>A duration: whole or fractional seconds (<c>timeout: 30</c>), or ISO 8601 (<c>PT1H</c>).</summary>
    public static TimeSpan? ReadDuration(this ReadingContext context, TreeNode node, string path)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull) return null;
            var text = scalar.Value.Trim();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (seconds > 0 && double.IsFinite(seconds))
            {
                context.OutOfRange(scalar, path, $"a duration of at most {(long)(TimeSpan.MaxValue.TotalSeconds / 2)} seconds");
                return null;
            }
            if (text.StartsWith('P') || text.StartsWith('-'))
            {
                try
                {
                    return System.Xml.XmlConvert.ToTimeSpan(text);
                }
                catch (Exception ex) when (ex is FormatException or OverflowException)
                {
                    // Reported below.
                }
            }
        }
        context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' must be a duration in seconds (e.g. 3600) or ISO 8601 (e.g. PT1H)");
        return null;
    }
}
