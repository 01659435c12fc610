using System.Globalization;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

internal sealed partial class JobYamlReader
{
    private static readonly HashSet<string> LiteralKeys = new(StringComparer.Ordinal) { "value", "default", "min", "max", "enum" };
    private static readonly HashSet<string> AssetKeys = new(StringComparer.Ordinal) { "path", "mode", "datastore" };

    /// <summary>
    /// Reads an input in any of its forms: a literal shorthand (<c>lr: 0.1</c>), a binding, <c>{value: …}</c>,
    /// a typed literal declaration, or a data/model input (<c>{type: uri_file, path: …}</c>, untyped <c>{path: …}</c>).
    /// </summary>
    private JobInput? ReadInput(TreeNode node, string path)
    {
        switch (node)
        {
            case TreeScalar { IsNull: true }:
                return new LiteralInput();
            case TreeScalar scalar:
                if (BindingText.IsBinding(scalar.Value)) return new BindingInput { Expression = scalar.Value };
                return new LiteralInput { Value = ScalarResolver.Resolve(scalar) };
            case TreeMapping mapping:
                return ReadInputMapping(mapping, path);
            default:
                WrongType(node, path, $"input '{LastSegment(path)}' must be a value or a mapping");
                return null;
        }
    }

    private JobInput? ReadInputMapping(TreeMapping mapping, string path)
    {
        var typeNode = mapping.Get("type");
        var typeText = typeNode is TreeScalar { IsNull: false } t ? t.Value.Trim() : null;
        if (typeNode is not null and not TreeScalar) WrongType(typeNode, DiagnosticPath.Append(path, "type"), "an input 'type' must be text");
        var literalType = typeText is null ? (LiteralType?)null : LiteralType.Parse(typeText);
        var isLiteralType = literalType is { IsKnown: true };
        var hasAssetKeys = mapping.Entries.Any(e => AssetKeys.Contains(e.Key.Value));
        var hasLiteralKeys = mapping.Entries.Any(e => LiteralKeys.Contains(e.Key.Value));

        var boundNode = mapping.Get("path") ?? mapping.Get("value");
        if (boundNode is TreeScalar { IsNull: false } bound && BindingText.IsBinding(bound.Value))
        {
            return ReadBindingMapping(mapping, path, typeText, bound.Value);
        }
        if (isLiteralType || (typeText is null && (hasLiteralKeys || !hasAssetKeys)))
        {
            return ReadLiteralMapping(mapping, path, typeText is null ? null : literalType);
        }
        return ReadAssetMapping(mapping, path, typeText);
    }

    private JobInput ReadBindingMapping(TreeMapping mapping, string path, string? typeText, string expression)
    {
        var input = new BindingInput { Expression = expression, Type = typeText is null ? (PortType?)null : new PortType(typeText) };
        ForEach(mapping, path, "input fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type" or "path" or "value":
                    break;
                case "mode":
                    input = input with { Mode = ReadString(value, childPath) is { } m ? (InputMode?)InputMode.Parse(m) : null };
                    break;
                case "description":
                    input = input with { Description = ReadString(value, childPath) };
                    break;
                case "optional":
                    input = input with { Optional = ReadBool(value, childPath) };
                    break;
                default:
                    UnknownKey(key, childPath, "an input");
                    break;
            }
        });
        return input;
    }

    private JobInput ReadLiteralMapping(TreeMapping mapping, string path, LiteralType? type)
    {
        var input = new LiteralInput { Type = type };
        ForEach(mapping, path, "input fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "value":
                    input = input with { Value = ReadLiteral(value, childPath, type) };
                    break;
                case "default":
                    input = input with { Default = ReadLiteral(value, childPath, type) };
                    break;
                case "min":
                    input = input with { Min = ReadDouble(value, childPath) };
                    break;
                case "max":
                    input = input with { Max = ReadDouble(value, childPath) };
                    break;
                case "enum":
                    input = input with { Enum = ReadStringList(value, childPath) };
                    break;
                case "description":
                    input = input with { Description = ReadString(value, childPath) };
                    break;
                case "optional":
                    input = input with { Optional = ReadBool(value, childPath) };
                    break;
                default:
                    UnknownKey(key, childPath, "a literal input");
                    break;
            }
        });
        return input;
    }

    private JobInput ReadAssetMapping(TreeMapping mapping, string path, string? typeText)
    {
        var input = new AssetInput
        {
            Type = typeText is null ? AssetType.UriFolder : AssetType.Parse(typeText),
            TypeIsExplicit = typeText is not null,
        };
        ForEach(mapping, path, "input fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "path":
                    input = input with { Path = ReadString(value, childPath) };
                    break;
                case "mode":
                    input = input with { Mode = ReadString(value, childPath) is { } m ? (InputMode?)InputMode.Parse(m) : null };
                    break;
                case "datastore":
                    input = input with { Datastore = ReadString(value, childPath) };
                    break;
                case "description":
                    input = input with { Description = ReadString(value, childPath) };
                    break;
                case "optional":
                    input = input with { Optional = ReadBool(value, childPath) };
                    break;
                default:
                    UnknownKey(key, childPath, "a data input");
                    break;
            }
        });
        return input;
    }

    /// <summary>
    /// Reads a literal value; when a type is declared, text that spells a value of that type is converted
    /// (<c>default: 1e-3</c> on a number input, <c>default: "5"</c> on an integer input), as <c>az ml</c> does.
    /// </summary>
    private LiteralValue? ReadLiteral(TreeNode node, string path, LiteralType? declared)
    {
        if (node is not TreeScalar scalar)
        {
            WrongType(node, path, $"'{LastSegment(path)}' must be a single value");
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
        if (type == LiteralType.Integer && value.Type != LiteralType.Integer && (IsWholeNumberText(text) ||
            (value.Type == LiteralType.Number && value.NumberValue == Math.Floor(value.NumberValue) && Math.Abs(value.NumberValue) >= 9.2e18)))
        {
            // Too big for a 64-bit integer: kept as text or a float it would pass unnoticed (and print as 1E+23).
            OutOfRange(scalar, path, LongRange);
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

    /// <summary>Reads an output: a bare key (defaults), a binding or URI, or a mapping (type, path, mode, name/version).</summary>
    private JobOutput? ReadOutput(TreeNode node, string path)
    {
        switch (node)
        {
            case TreeScalar { IsNull: true }:
                return new JobOutput();
            case TreeScalar scalar:
                return new JobOutput { Path = scalar.Value };
            case TreeMapping:
                var output = new JobOutput();
                ForEach(node, path, "output fields", (key, value, childPath) =>
                {
                    switch (key.Value)
                    {
                        case "type":
                            output = output with { Type = ReadString(value, childPath) is { } outputType ? new PortType(outputType) : (PortType?)null };
                            break;
                        case "path":
                            output = output with { Path = ReadString(value, childPath) };
                            break;
                        case "mode":
                            output = output with { Mode = ReadString(value, childPath) is { } m ? (OutputMode?)OutputMode.Parse(m) : null };
                            break;
                        case "description":
                            output = output with { Description = ReadString(value, childPath) };
                            break;
                        case "name":
                            output = output with { AssetName = ReadString(value, childPath) };
                            break;
                        case "version":
                            output = output with { AssetVersion = ReadString(value, childPath) };
                            break;
                        case "is_control":
                            output = output with { IsControl = ReadBool(value, childPath) };
                            break;
                        default:
                            UnknownKey(key, childPath, "an output");
                            break;
                    }
                });
                return output;
            default:
                WrongType(node, path, $"output '{LastSegment(path)}' must be empty, a path or a mapping");
                return null;
        }
    }
}
