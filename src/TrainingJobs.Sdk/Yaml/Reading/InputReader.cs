using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads a job input in any of its forms and decides which kind it is: a literal, a binding, or a data/model input.</summary>
internal static class InputReader
{
    private static readonly HashSet<string> LiteralKeys = new(StringComparer.Ordinal) { "value", "default", "min", "max", "enum" };
    private static readonly HashSet<string> AssetKeys = new(StringComparer.Ordinal) { "path", "mode", "datastore" };

    /// <summary>
    /// Reads an input in any of its forms: a literal shorthand (<c>lr: 0.1</c>), a binding, <c>{value: …}</c>,
    /// a typed literal declaration, or a data/model input (<c>{type: uri_file, path: …}</c>, untyped <c>{path: …}</c>).
    /// </summary>
    public static JobInput? Read(TreeNode node, string path, ReadingContext context)
    {
        switch (node)
        {
            case TreeScalar { IsNull: true }:
                // azure-ai-ml's input union refuses null; the SDK's own text writes an input without a value as null.
                context.RefuseNull(node, path, $"Input '{ReadingContext.LastSegment(path)}'");
                return new LiteralInput();
            case TreeScalar scalar:
                if (BindingText.IsBinding(scalar.Value)) return new BindingInput { Expression = scalar.Value };
                return new LiteralInput { Value = ScalarResolver.Resolve(scalar) };
            case TreeMapping mapping:
                return ReadMapping(mapping, path, context);
            default:
                context.WrongType(node, path, $"input '{ReadingContext.LastSegment(path)}' must be a value or a mapping");
                return null;
        }
    }

    private static JobInput? ReadMapping(TreeMapping mapping, string path, ReadingContext context)
    {
        var typeNode = mapping.Get("type");
        var typeText = typeNode is TreeScalar { IsNull: false } t ? t.Value.Trim() : null;
        if (typeNode is not null and not TreeScalar) context.WrongType(typeNode, DiagnosticPath.Append(path, "type"), "an input 'type' must be text");
        var literalType = typeText is null ? (LiteralType?)null : LiteralType.Parse(typeText);
        var isLiteralType = literalType is { IsKnown: true };
        var hasAssetKeys = mapping.Entries.Any(e => AssetKeys.Contains(e.Key.Value));
        var hasLiteralKeys = mapping.Entries.Any(e => LiteralKeys.Contains(e.Key.Value));

        var boundNode = mapping.Get("path") ?? mapping.Get("value");
        if (boundNode is TreeScalar { IsNull: false } bound && BindingText.IsBinding(bound.Value))
        {
            return ReadBinding(mapping, path, typeText, bound.Value, context);
        }
        if (isLiteralType || (typeText is null && (hasLiteralKeys || !hasAssetKeys)))
        {
            return ReadLiteral(mapping, path, typeText is null ? null : literalType, context);
        }
        return ReadAsset(mapping, path, typeText, context);
    }

    private static JobInput ReadBinding(TreeMapping mapping, string path, string? typeText, string expression, ReadingContext context)
    {
        var input = new BindingInput { Expression = expression, Type = typeText is null ? (PortType?)null : new PortType(typeText) };
        context.ForEach(mapping, path, "input fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type" or "path" or "value":
                    break;
                case "mode":
                    input = input with { Mode = context.ReadString(value, childPath) is { } m ? (InputMode?)InputMode.Parse(m) : null };
                    break;
                case "description":
                    input = input with { Description = context.ReadString(value, childPath) };
                    break;
                case "optional":
                    input = input with { Optional = context.ReadBool(value, childPath) };
                    break;
                default:
                    context.UnknownKeyInUnion(key, childPath, "an input bound to another input or output", ["type", "path", "value", "mode", "description", "optional"]);
                    break;
            }
        });
        return input;
    }

    private static JobInput ReadLiteral(TreeMapping mapping, string path, LiteralType? type, ReadingContext context)
    {
        var input = new LiteralInput { Type = type };
        context.ForEach(mapping, path, "input fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "value":
                    input = input with { Value = LiteralReader.Read(value, childPath, type, context) };
                    break;
                case "default":
                    input = input with { Default = LiteralReader.Read(value, childPath, type, context) };
                    break;
                case "min":
                    input = input with { Min = context.ReadDouble(value, childPath) };
                    break;
                case "max":
                    input = input with { Max = context.ReadDouble(value, childPath) };
                    break;
                case "enum":
                    input = input with { Enum = context.ReadStringList(value, childPath) };
                    break;
                case "description":
                    input = input with { Description = context.ReadString(value, childPath) };
                    break;
                case "optional":
                    input = input with { Optional = context.ReadBool(value, childPath) };
                    break;
                default:
                    context.UnknownKeyInUnion(key, childPath, "a literal input", ["type", "value", "default", "min", "max", "enum", "description", "optional"]);
                    break;
            }
        });
        return input;
    }

    private static JobInput ReadAsset(TreeMapping mapping, string path, string? typeText, ReadingContext context)
    {
        var input = new AssetInput
        {
            Type = typeText is null ? AssetType.UriFolder : AssetType.Parse(typeText),
            TypeIsExplicit = typeText is not null,
        };
        context.ForEach(mapping, path, "input fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    break;
                case "path":
                    input = input with { Path = context.ReadString(value, childPath) };
                    break;
                case "mode":
                    input = input with { Mode = context.ReadString(value, childPath) is { } m ? (InputMode?)InputMode.Parse(m) : null };
                    break;
                case "datastore":
                    input = input with { Datastore = context.ReadString(value, childPath) };
                    break;
                case "description":
                    input = input with { Description = context.ReadString(value, childPath) };
                    break;
                case "optional":
                    input = input with { Optional = context.ReadBool(value, childPath) };
                    break;
                default:
                    context.UnknownKeyInUnion(key, childPath, "a data input", ["type", "path", "mode", "datastore", "description", "optional"]);
                    break;
            }
        });
        return input;
    }
}
