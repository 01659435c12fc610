using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// A thin layer over YamlDotNet's emitter that picks scalar styles so that every value reads back as the
/// same type: text that YAML would resolve to a number, boolean or null is quoted; numbers always keep a
/// decimal point or exponent so <c>1.0</c> never comes back as the integer <c>1</c>.
/// </summary>
internal sealed class YamlEmitter
{
    private readonly IEmitter _emitter;

    public YamlEmitter(TextWriter writer)
    {
        _emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024));
        _emitter.Emit(new StreamStart());
        _emitter.Emit(new DocumentStart(null, null, isImplicit: true));
    }

    public void Finish()
    {
        _emitter.Emit(new DocumentEnd(isImplicit: true));
        _emitter.Emit(new StreamEnd());
    }

    public void BeginMap() => _emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Block));

    public void EndMap() => _emitter.Emit(new MappingEnd());

    public void BeginSeq(bool flow = false) =>
        _emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, flow ? SequenceStyle.Flow : SequenceStyle.Block));

    public void EndSeq() => _emitter.Emit(new SequenceEnd());

    public void Key(string key) => Scalar(key, ScalarStyle.Plain);

    /// <summary>Writes text so that it reads back as this exact text.</summary>
    public void Text(string text)
    {
        // Literal blocks for readable multi-line commands; text of only line breaks is quoted, because a block of
        // empty lines reads back as empty text.
        if (text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal) && !text.Contains('\t', StringComparison.Ordinal) &&
            text.AsSpan().IndexOfAnyExcept(" \n") >= 0)
        {
            Scalar(text, ScalarStyle.Literal);
        }
        else if (ScalarResolver.NeedsQuotes(text) || text.Contains('\r', StringComparison.Ordinal) || text.Contains('\t', StringComparison.Ordinal) || HasControl(text))
        {
            Scalar(text, ScalarStyle.DoubleQuoted);
        }
        else
        {
            Scalar(text, ScalarStyle.Plain);
        }
    }

    public void Null() => Scalar("null", ScalarStyle.Plain);

    public void Integer(long value) => Scalar(value.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain);

    public void Number(double value) => Scalar(FormatNumber(value), ScalarStyle.Plain);

    public void Boolean(bool value) => Scalar(value ? "true" : "false", ScalarStyle.Plain);

    public void Literal(LiteralValue value)
    {
        if (value.Type == LiteralType.Integer) Integer(value.IntegerValue);
        else if (value.Type == LiteralType.Number) Number(value.NumberValue);
        else if (value.Type == LiteralType.Boolean) Boolean(value.BooleanValue);
        else Text(value.StringValue ?? "");
    }

    /// <summary>Writes a duration as whole seconds (<c>3600</c>), or ISO 8601 when it is not a whole number of seconds.</summary>
    public void Duration(TimeSpan value)
    {
        if (value.Ticks % TimeSpan.TicksPerSecond == 0 && value >= TimeSpan.Zero) Integer(value.Ticks / TimeSpan.TicksPerSecond);
        else Scalar(System.Xml.XmlConvert.ToString(value), ScalarStyle.Plain);
    }

    /// <summary>Writes a free-form JSON value as YAML.</summary>
    public void Freeform(FreeformValue value) => Json(value.ToNode());

    /// <summary>Writes a JSON value as YAML: objects as block mappings, arrays as block sequences, scalars as <see cref="Text"/> and friends do.</summary>
    public void Json(JsonNode? node)
    {
        switch (node)
        {
            case null:
                Scalar("null", ScalarStyle.Plain);
                break;
            case JsonObject obj:
                BeginMap();
                foreach (var (key, child) in obj)
                {
                    Key(key);
                    Json(child);
                }
                EndMap();
                break;
            case JsonArray array:
                BeginSeq();
                foreach (var child in array) Json(child);
                EndSeq();
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        Text(value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                        Boolean(true);
                        break;
                    case JsonValueKind.False:
                        Boolean(false);
                        break;
                    case JsonValueKind.Number:
                        Scalar(value.ToJsonString(), ScalarStyle.Plain);
                        break;
                    default:
                        Scalar("null", ScalarStyle.Plain);
                        break;
                }
                break;
        }
    }

    internal static string FormatNumber(double value)
    {
        if (double.IsPositiveInfinity(value)) return ".inf";
        if (double.IsNegativeInfinity(value)) return "-.inf";
        if (double.IsNaN(value)) return ".nan";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? text : text + ".0";
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFEFF' or '\u2028' or '\u2029' or '\u0085') return true;
        }
        return false;
    }

    private void Scalar(string value, ScalarStyle style) =>
        _emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, isPlainImplicit: true, isQuotedImplicit: true));
}
