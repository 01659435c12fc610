using System.Globalization;

namespace TrainingJobs.Sdk.Definitions;

/// <summary>
/// A literal (primitive) value: a string, an integer, a number or a boolean. Kept typed so that
/// <c>10</c>, <c>10.0</c> and <c>"10"</c> stay distinct, as they are in YAML.
/// </summary>
public readonly record struct LiteralValue
{
    private LiteralValue(LiteralType type, string? text, long integer, double number, bool boolean)
    {
        Type = type;
        StringValue = text;
        IntegerValue = integer;
        NumberValue = number;
        BooleanValue = boolean;
    }

    /// <summary>The type of the value.</summary>
    public LiteralType Type { get; }

    /// <summary>The text, when <see cref="Type"/> is <see cref="LiteralType.String"/>.</summary>
    public string? StringValue { get; }

    /// <summary>The value, when <see cref="Type"/> is <see cref="LiteralType.Integer"/>.</summary>
    public long IntegerValue { get; }

    /// <summary>The value, when <see cref="Type"/> is <see cref="LiteralType.Number"/>.</summary>
    public double NumberValue { get; }

    /// <summary>The value, when <see cref="Type"/> is <see cref="LiteralType.Boolean"/>.</summary>
    public bool BooleanValue { get; }

    /// <summary>A string value.</summary>
    /// <param name="value">The text.</param>
    public static LiteralValue FromString(string value) => new(LiteralType.String, value ?? throw new ArgumentNullException(nameof(value)), 0, 0, false);

    /// <summary>An integer value.</summary>
    /// <param name="value">The value.</param>
    public static LiteralValue FromInteger(long value) => new(LiteralType.Integer, null, value, 0, false);

    /// <summary>A number value.</summary>
    /// <param name="value">The value.</param>
    public static LiteralValue FromNumber(double value) => new(LiteralType.Number, null, 0, value, false);

    /// <summary>A boolean value.</summary>
    /// <param name="value">The value.</param>
    public static LiteralValue FromBoolean(bool value) => new(LiteralType.Boolean, null, 0, 0, value);

    /// <summary>The value as a number, when it is an integer or a number; otherwise null.</summary>
    public double? AsDouble() =>
        Type == LiteralType.Integer ? IntegerValue : Type == LiteralType.Number ? NumberValue : null;

    /// <summary>The value as Azure ML passes it to a command line (invariant culture, <c>True</c>/<c>False</c> for booleans as YAML 1.1 writes them is avoided: lower case).</summary>
    public override string ToString()
    {
        if (Type == LiteralType.Integer) return IntegerValue.ToString(CultureInfo.InvariantCulture);
        if (Type == LiteralType.Number) return NumberValue.ToString("R", CultureInfo.InvariantCulture);
        if (Type == LiteralType.Boolean) return BooleanValue ? "true" : "false";
        return StringValue ?? string.Empty;
    }

    /// <summary>Converts text to a string literal.</summary>
    public static implicit operator LiteralValue(string value) => FromString(value);

    /// <summary>Converts an integer to an integer literal.</summary>
    public static implicit operator LiteralValue(int value) => FromInteger(value);

    /// <summary>Converts an integer to an integer literal.</summary>
    public static implicit operator LiteralValue(long value) => FromInteger(value);

    /// <summary>Converts a number to a number literal.</summary>
    public static implicit operator LiteralValue(double value) => FromNumber(value);

    /// <summary>Converts a boolean to a boolean literal.</summary>
    public static implicit operator LiteralValue(bool value) => FromBoolean(value);
}
