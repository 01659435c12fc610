using System.Text;
using TrainingJobs.Sdk.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// Turns bytes or text into a <see cref="TreeNode"/> tree with positions, enforcing size, depth and alias
/// limits, and reporting duplicate keys. Never throws for bad input: every problem becomes a diagnostic.
/// </summary>
internal sealed class YamlDocumentReader
{
    private readonly string? _file;
    private readonly YamlLoadOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, TreeNode> _anchors = new(StringComparer.Ordinal);
    private int _nodeCount;
    private bool _tooLarge;

    public YamlDocumentReader(string? file, YamlLoadOptions options, DiagnosticBag diagnostics)
    {
        _file = file;
        _options = options;
        _diagnostics = diagnostics;
    }

    /// <summary>Decodes UTF-8 bytes (a BOM is allowed) and reads the document.</summary>
    public TreeNode? Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _options.MaxDocumentBytes)
        {
            _diagnostics.Error(YamlDiagnosticCodes.DocumentTooLarge,
                $"The document is {bytes.Length} bytes; the limit is {_options.MaxDocumentBytes} bytes.", "", new SourceLocation(_file, 1, 1));
            return null;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            var (line, column) = PositionOf(bytes[..FirstInvalidOffset(bytes)]);
            _diagnostics.Error(YamlDiagnosticCodes.InvalidEncoding,
                "The file is not valid UTF-8 (job YAML must be UTF-8 encoded).", "", new SourceLocation(_file, line, column));
            return null;
        }
        var text = Encoding.UTF8.GetString(bytes);
        return Read(text);
    }

    /// <summary>Reads one YAML document from text.</summary>
    public TreeNode? Read(string text)
    {
        if (text.Length > _options.MaxDocumentBytes)
        {
            _diagnostics.Error(YamlDiagnosticCodes.DocumentTooLarge,
                $"The document is {text.Length} characters; the limit is {_options.MaxDocumentBytes}.", "", new SourceLocation(_file, 1, 1));
            return null;
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                _diagnostics.Error(YamlDiagnosticCodes.NotOneDocument, "The file holds no YAML document (it is empty or only comments).", "", new SourceLocation(_file, 1, 1));
                return null;
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, depth: 0);
            parser.Consume<DocumentEnd>();
            if (root is not null && !parser.Accept<StreamEnd>(out _))
            {
                var next = parser.Current;
                _diagnostics.Error(YamlDiagnosticCodes.NotOneDocument, "The file holds more than one YAML document; a job file holds exactly one.", "",
                    new SourceLocation(_file, (int)(next?.Start.Line ?? 1), (int)(next?.Start.Column ?? 1)));
                return null;
            }
            return _tooLarge ? null : root;
        }
        catch (YamlException ex)
        {
            _diagnostics.Error(YamlDiagnosticCodes.SyntaxError, "YAML syntax error: " + CleanMessage(ex.Message), "",
                new SourceLocation(_file, Math.Max(1, (int)ex.Start.Line), Math.Max(1, (int)ex.Start.Column)));
            return null;
        }
        catch (LimitExceededException)
        {
            // The diagnostic was added where the limit was hit.
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet reports a few malformed inputs with general exceptions; they are still syntax errors.
            _diagnostics.Error(YamlDiagnosticCodes.SyntaxError, "YAML syntax error: " + CleanMessage(ex.Message), "", new SourceLocation(_file, 1, 1));
            return null;
        }
    }

    private TreeNode? ReadNode(IParser parser, int depth)
    {
        var current = parser.Current ?? throw new InvalidOperationException("Unexpected end of the YAML stream.");
        var line = (int)current.Start.Line;
        var column = (int)current.Start.Column;
        if (depth > _options.MaxDepth)
        {
            _diagnostics.Error(YamlDiagnosticCodes.DocumentTooDeep,
                $"The document nests deeper than {_options.MaxDepth} levels.", "", new SourceLocation(_file, line, column));
            throw new LimitExceededException();
        }
        if (++_nodeCount > _options.MaxNodes) MarkTooLarge(line, column);

        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    // Aliases share the anchored node; size is charged again so alias bombs hit the node limit.
                    _nodeCount += CountNodes(target, _options.MaxNodes);
                    if (_nodeCount > _options.MaxNodes) MarkTooLarge(line, column);
                    return target;
                }
                _diagnostics.Error(YamlDiagnosticCodes.SyntaxError, $"The alias '*{alias.Value.Value}' names no anchor defined before it.", "", new SourceLocation(_file, line, column));
                return new TreeScalar("", true, null, line, column, _file);
            case Scalar scalar:
                parser.MoveNext();
                CheckTag(scalar.Tag, ScalarTags, line, column);
                var node = new TreeScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, TagOf(scalar.Tag), line, column, _file);
                Remember(scalar.Anchor, node);
                return node;
            case SequenceStart sequenceStart:
            {
                parser.MoveNext();
                CheckTag(sequenceStart.Tag, SequenceTags, line, column);
                var sequence = new TreeSequence(line, column, _file);
                Remember(sequenceStart.Anchor, sequence);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    if (ReadNode(parser, depth + 1) is { } item) sequence.Items.Add(item);
                }
                return sequence;
            }
            case MappingStart mappingStart:
            {
                parser.MoveNext();
                CheckTag(mappingStart.Tag, MappingTags, line, column);
                var mapping = new TreeMapping(line, column, _file, mappingStart.Style == MappingStyle.Flow);
                Remember(mappingStart.Anchor, mapping);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyNode = ReadNode(parser, depth + 1);
                    var value = ReadNode(parser, depth + 1);
                    if (keyNode is not TreeScalar key)
                    {
                        _diagnostics.Error(YamlDiagnosticCodes.UnsupportedYamlFeature, "A mapping key must be a plain text key, not a list or mapping.", "",
                            new SourceLocation(_file, keyNode?.Line ?? line, keyNode?.Column ?? column));
                        continue;
                    }
                    if (key.Value == "<<" && key.IsPlain)
                    {
                        _diagnostics.Error(YamlDiagnosticCodes.UnsupportedYamlFeature, "Merge keys ('<<') are not supported in job files.", "",
                            new SourceLocation(_file, key.Line, key.Column));
                        continue;
                    }
                    if (!seen.Add(key.Value))
                    {
                        _diagnostics.Error(YamlDiagnosticCodes.DuplicateKey, $"The key '{key.Value}' appears more than once in this mapping; the first one is kept.", "",
                            new SourceLocation(_file, key.Line, key.Column));
                        continue;
                    }
                    mapping.Entries.Add(new KeyValuePair<TreeScalar, TreeNode>(key, value ?? new TreeScalar("", true, null, key.Line, key.Column, _file)));
                }
                return mapping;
            }
            default:
                throw new YamlException(current.Start, current.End, $"Unexpected YAML event {current.GetType().Name}.");
        }
    }

    private void MarkTooLarge(int line, int column)
    {
        if (_tooLarge) return;
        _tooLarge = true;
        _diagnostics.Error(YamlDiagnosticCodes.DocumentTooLarge, $"The document has more than {_options.MaxNodes} nodes (aliases count each time they are used).", "",
            new SourceLocation(_file, line, column));
        throw new LimitExceededException();
    }

    private void Remember(AnchorName anchor, TreeNode node)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
    }

    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    private static readonly HashSet<string> ScalarTags = new(StringComparer.Ordinal)
    {
        CoreTagPrefix + "str", CoreTagPrefix + "int", CoreTagPrefix + "float", CoreTagPrefix + "bool", CoreTagPrefix + "null",
    };

    private static readonly HashSet<string> SequenceTags = new(StringComparer.Ordinal) { CoreTagPrefix + "seq" };

    private static readonly HashSet<string> MappingTags = new(StringComparer.Ordinal) { CoreTagPrefix + "map" };

    /// <summary>
    /// Refuses an explicit tag outside the YAML core schema (<c>!!binary</c>, <c>!!set</c>, <c>!!timestamp</c>, a local
    /// <c>!custom</c> tag): dropping it would read <c>environment: !!binary abc</c> as the text <c>abc</c>, which is not
    /// what the file says, and az ml does not give these tags a meaning in job files either.
    /// </summary>
    private void CheckTag(TagName tag, HashSet<string> allowed, int line, int column)
    {
        if (tag.IsEmpty || tag.IsNonSpecific || allowed.Contains(tag.Value)) return;
        var shown = tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? "!!" + tag.Value[CoreTagPrefix.Length..] : tag.Value;
        _diagnostics.Error(YamlDiagnosticCodes.UnsupportedYamlFeature,
            $"The YAML tag '{shown}' is not supported in job files; remove it (only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map are understood).", "",
            new SourceLocation(_file, line, column));
    }

    private static string? TagOf(TagName tag) => tag.IsEmpty || tag.IsNonSpecific ? null : tag.Value;

    private static int CountNodes(TreeNode node, int cap)
    {
        var count = 0;
        var stack = new Stack<TreeNode>();
        stack.Push(node);
        while (stack.Count > 0 && count <= cap)
        {
            var n = stack.Pop();
            count++;
            switch (n)
            {
                case TreeMapping m:
                    foreach (var e in m.Entries) stack.Push(e.Value);
                    break;
                case TreeSequence s:
                    foreach (var i in s.Items) stack.Push(i);
                    break;
            }
        }
        return count;
    }

    private static int FirstInvalidOffset(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done) return offset;
            offset += consumed;
        }
        return bytes.Length;
    }

    private static (int Line, int Column) PositionOf(ReadOnlySpan<byte> before)
    {
        var line = 1;
        var column = 1;
        foreach (var b in before)
        {
            if (b == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((b & 0xC0) != 0x80)
            {
                column++;
            }
        }
        return (line, column);
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (…): "; the location is given separately.
        var index = message.LastIndexOf("): ", StringComparison.Ordinal);
        return index >= 0 && message.StartsWith('(') ? message[(index + 3)..] : message;
    }

    private sealed class LimitExceededException() : Exception("A document limit was exceeded.");
}
