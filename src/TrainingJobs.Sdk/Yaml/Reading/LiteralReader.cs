using System.Globalization;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a literal input's <c>value</c> or <c>default</c>, converted to the input's declared type where the text spells one.</summary>
internal static class LiteralReader
{
    /// <summary>
    /// Reads a literal value; when a type is declared, text that spells a value of that type is converted
    /// (<c>default: 1e-3</c> on a number input, <c>default: "5"</c> on an integer input), as <c>az ml</c> does.
    /// </summary>
    public static LiteralValue? Read(TreeNode node, string path, LiteralType? declared, ReadingContext context)
    {
        if (node is not TreeScalar scalar)
        {
            context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' must be a single value");
            return null;
        }
        if (ScalarResolver.Resolve(scalar) is not { } value) return null;
        if (declared is not { } type) return value;
        var text = scalar.Value.Trim();
        if (type == LiteralType.String && value.Type != LiteralType.String) return LiteralValue.FromString(scalar.Value);
        if (type == LiteralType.Number && value.Type == LiteralType.Integer) return LiteralValue.FromNumber(value.IntegerValue);
        if (type == LiteralType.Number && value.Type == LiteralType.String &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return LiteralValue.FromNumber(d);
        }
        if (type == LiteralType.Integer && value.Type == LiteralType.String &&
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return LiteralValue.FromInteger(l);
        }
        if (type == LiteralType.Integer && value.Type != LiteralType.Integer && (ScalarFields.IsWholeNumberText(text) ||
            (value.Type == LiteralType.Number && value.NumberValue == Math.Floor(value.NumberValue) && Math.Abs(value.NumberValue) >= 9.2e18)))
        {
            // Too big for a 64-bit integer: kept as text or a float it would pass unnoticed (and print as 1E+23).
            context.OutOfRange(scalar, path, ScalarFields.LongRange);
            return null;
        }
        if (type == LiteralType.Integer && value.Type == LiteralType.Number && value.NumberValue == Math.Floor(value.NumberValue) &&
            Math.Abs(value.NumberValue) < 9e15)
        {
            return LiteralValue.FromInteger((long)value.NumberValue);
        }
        if (type == LiteralType.Boolean && value.Type == LiteralType.String && bool.TryParse(text, out var b)) return LiteralValue.FromBoolean(b);
        return value;
    }
}
