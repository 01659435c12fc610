using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml;

/// <summary>
/// Converts a YAML tree into the canonical model. Every problem becomes a diagnostic at the node's position;
/// a field that cannot be read is left out so that reading goes on and reports everything at once.
/// </summary>
internal sealed partial class JobYamlReader
{
    private readonly DiagnosticBag _diagnostics;
    private readonly SourceMap _map;
    private readonly YamlLoadOptions _options;
    private readonly Dictionary<string, ComponentDefinition?> _componentCache = new(StringComparer.Ordinal);
    private readonly Stack<string> _loading = new();

    public JobYamlReader(DiagnosticBag diagnostics, SourceMap map, YamlLoadOptions options)
    {
        _diagnostics = diagnostics;
        _map = map;
        _options = options;
    }

    /// <summary>Reads a job document; null when the kind is unsupported or the root is not a mapping.</summary>
    public JobDefinition? ReadJob(TreeNode root, string baseDirectory)
    {
        _map.Record("", root);
        if (root is not TreeMapping mapping)
        {
            WrongType(root, "", "A job file must hold a mapping of keys (type, command, inputs, …) at its top level");
            return null;
        }
        var kind = ReadKind(mapping, "", out var kindNode);
        switch (kind)
        {
            case "command":
                return ReadCommand(mapping, "", JobShape.Job);
            case "pipeline":
                return ReadPipeline(mapping, "", baseDirectory, JobShape.Job);
            case "sweep":
                return ReadSweep(mapping, "", baseDirectory, JobShape.Job);
            default:
                _diagnostics.Error(YamlDiagnosticCodes.UnsupportedJobKind,
                    $"Job type '{kind}' is not supported by TrainingJobs.Sdk; supported job types are command, pipeline and sweep.",
                    "type", Loc(kindNode ?? mapping));
                return null;
        }
    }

    /// <summary>Words for where a key was found, used in unknown-key warnings.</summary>
    private static string Describe(JobShape shape, string kind) => shape switch
    {
        JobShape.Node => $"a {kind} step",
        JobShape.Component => $"a {kind} component",
        _ => $"a {kind} job",
    };

    /// <summary>
    /// The job kind in lower case: <c>type</c>, else the kind its <c>$schema</c> names
    /// (<c>…/sweepJob.schema.json</c> → sweep), else <c>command</c> as in az ml.
    /// </summary>
    private string ReadKind(TreeMapping mapping, string path, out TreeNode? kindNode)
    {
        kindNode = mapping.Get("type");
        if (kindNode is null)
        {
            if (mapping.Get("$schema") is TreeScalar { IsNull: false } schema && KindFromSchema(schema.Value) is { } fromSchema)
            {
                kindNode = schema;
                return fromSchema;
            }
            return "command";
        }
        if (kindNode is TreeScalar { IsNull: false } scalar) return scalar.Value.Trim().ToLowerInvariant();
        // An empty 'type:' means the default, as if it were absent.
        if (kindNode is TreeScalar) return "command";
        WrongType(kindNode, DiagnosticPath.Append(path, "type"), "'type' must be text such as command, pipeline or sweep");
        return "command";
    }

    private static string? KindFromSchema(string schema)
    {
        var name = schema[(schema.LastIndexOf('/') + 1)..];
        var cut = name.IndexOf('.', StringComparison.Ordinal);
        if (cut > 0) name = name[..cut];
        foreach (var suffix in new[] { "Job", "Component" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && name.Length > suffix.Length)
            {
                return name[..^suffix.Length].ToLowerInvariant();
            }
        }
        return null;
    }

    // ---- common fields ---------------------------------------------------------------------------------

    /// <summary>Reads a field shared by every job kind into <paramref name="job"/>; false when the key is not a common one.</summary>
    private bool TryReadCommon(ref JobDefinition job, string key, TreeNode value, string path)
    {
        switch (key)
        {
            case "$schema":
            case "type":
                return true;
            case "name":
                job = job with { Name = ReadString(value, path) };
                return true;
            case "display_name":
                job = job with { DisplayName = ReadString(value, path) };
                return true;
            case "experiment_name":
                job = job with { ExperimentName = ReadString(value, path) };
                return true;
            case "description":
                job = job with { Description = ReadString(value, path) };
                return true;
            case "tags":
                job = job with { Tags = ReadStringMap(value, path) };
                return true;
            case "properties":
                job = job with { Properties = ReadStringMap(value, path) };
                return true;
            case "compute":
                job = job with { Compute = ReadString(value, path) };
                return true;
            case "inputs":
                job = job with { Inputs = ReadMap(value, path, ReadInput) };
                return true;
            case "outputs":
                job = job with { Outputs = ReadMap(value, path, ReadOutput) };
                return true;
            case "identity":
                job = job with { Identity = ReadIdentity(value, path) };
                return true;
            case "services":
                job = job with { Services = ReadMap(value, path, ReadService) };
                return true;
            case "notification_setting":
                job = job with { Notifications = ReadNotifications(value, path) };
                return true;
            default:
                return false;
        }
    }

    // ---- primitive readers -----------------------------------------------------------------------------

    private SourceLocation Loc(TreeNode node) => new(node.File, node.Line, node.Column);

    private void WrongType(TreeNode node, string path, string message) =>
        _diagnostics.Error(YamlDiagnosticCodes.WrongType, message + $" (found {node.ShapeName}).", path, Loc(node));

    /// <summary>A number that is well formed but does not fit the model: say so and give the range, not "wrong type".</summary>
    private void OutOfRange(TreeScalar scalar, string path, string range) =>
        _diagnostics.Error(YamlDiagnosticCodes.InvalidValue,
            $"'{LastSegment(path)}' is {Shorten(scalar.Value.Trim())}, which is out of range: it must be {range}.", path, Loc(scalar));

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    /// <summary>Optional sign and decimal digits only: text that can only mean a whole number.</summary>
    private static bool IsWholeNumberText(string text)
    {
        var start = text.Length > 0 && text[0] is '-' or '+' ? 1 : 0;
        return text.Length > start && text.AsSpan(start).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private const string IntRange = "a whole number from -2147483648 to 2147483647";

    private const string LongRange = "a whole number from -9223372036854775808 to 9223372036854775807";

    private void UnknownKey(TreeScalar key, string path, string where) =>
        _diagnostics.Warning(YamlDiagnosticCodes.UnknownKey, $"Unknown key '{key.Value}' in {where}; it is ignored.", path, Loc(key));

    /// <summary>Visits the entries of a mapping, recording each path; reports a non-mapping as a wrong type.</summary>
    private bool ForEach(TreeNode node, string path, string what, Action<TreeScalar, TreeNode, string> visit)
    {
        if (node is TreeScalar { IsNull: true }) return true;
        if (node is not TreeMapping mapping)
        {
            WrongType(node, path, $"'{LastSegment(path)}' must be a mapping of {what}");
            return false;
        }
        foreach (var (key, value) in mapping.Entries)
        {
            var childPath = DiagnosticPath.Append(path, key.Value);
            _map.Record(childPath, key);
            _map.RecordValue(childPath, value);
            visit(key, value, childPath);
        }
        return true;
    }

    private static string LastSegment(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path : path[(dot + 1)..];
    }

    private string? ReadString(TreeNode node, string path)
    {
        if (node is TreeScalar scalar) return scalar.IsNull ? null : scalar.Value;
        WrongType(node, path, $"'{LastSegment(path)}' must be text");
        return null;
    }

    private int? ReadInt(TreeNode node, string path)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull) return null;
            var text = scalar.Value.Trim();
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d))
            {
                if (d is >= int.MinValue and <= int.MaxValue) return (int)d;
                OutOfRange(scalar, path, IntRange);
                return null;
            }
            if (IsWholeNumberText(text))
            {
                OutOfRange(scalar, path, IntRange);
                return null;
            }
        }
        WrongType(node, path, $"'{LastSegment(path)}' must be a whole number");
        return null;
    }

    private long? ReadLong(TreeNode node, string path)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull) return null;
            if (long.TryParse(scalar.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
            if (IsWholeNumberText(scalar.Value.Trim()))
            {
                OutOfRange(scalar, path, LongRange);
                return null;
            }
        }
        WrongType(node, path, $"'{LastSegment(path)}' must be a whole number");
        return null;
    }

    private double? ReadDouble(TreeNode node, string path)
    {
        if (node is TreeScalar scalar)
        {
            if (scalar.IsNull) return null;
            var text = scalar.Value.Trim();
            if (ScalarResolver.TryNumber(text, out var special) && !double.IsFinite(special)) return special;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        }
        WrongType(node, path, $"'{LastSegment(path)}' must be a number");
        return null;
    }

    private bool? ReadBool(TreeNode node, string path)
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
        WrongType(node, path, $"'{LastSegment(path)}' must be true or false");
        return null;
    }

    /// <summary>A duration: whole or fractional seconds (<c>timeout: 30</c>), or ISO 8601 (<c>PT1H</c>).</summary>
    private TimeSpan? ReadDuration(TreeNode node, string path)
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
                OutOfRange(scalar, path, $"a duration of at most {(long)(TimeSpan.MaxValue.TotalSeconds / 2)} seconds");
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
        WrongType(node, path, $"'{LastSegment(path)}' must be a duration in seconds (e.g. 3600) or ISO 8601 (e.g. PT1H)");
        return null;
    }

    private ValueMap<string> ReadStringMap(TreeNode node, string path)
    {
        var entries = new List<KeyValuePair<string, string>>();
        ForEach(node, path, "names to text values", (key, value, childPath) =>
        {
            if (value is TreeScalar scalar)
            {
                entries.Add(new(key.Value, scalar.IsNull ? "" : scalar.Value));
            }
            else
            {
                WrongType(value, childPath, $"'{key.Value}' must be a text value");
            }
        });
        return ValueMap<string>.From(entries);
    }

    private ValueList<string> ReadStringList(TreeNode node, string path)
    {
        if (node is TreeScalar { IsNull: true }) return ValueList<string>.Empty;
        if (node is TreeScalar single) return ValueList.Of(single.Value);
        if (node is not TreeSequence sequence)
        {
            WrongType(node, path, $"'{LastSegment(path)}' must be a list of text values");
            return ValueList<string>.Empty;
        }
        var items = new List<string>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (sequence.Items[i] is TreeScalar scalar) items.Add(scalar.Value);
            else WrongType(sequence.Items[i], DiagnosticPath.Index(path, i), "each item must be a text value");
        }
        return ValueList<string>.From(items);
    }

    private ValueMap<T> ReadMap<T>(TreeNode node, string path, Func<TreeNode, string, T?> readItem)
        where T : class
    {
        var entries = new List<KeyValuePair<string, T>>();
        ForEach(node, path, "names to values", (key, value, childPath) =>
        {
            if (readItem(value, childPath) is { } item) entries.Add(new(key.Value, item));
        });
        return ValueMap<T>.From(entries);
    }

    /// <summary>Converts any YAML subtree to a free-form JSON value (for properties and inline conda specifications).</summary>
    private static FreeformValue ToFreeform(TreeNode node) => FreeformValue.FromNode(ToJson(node));

    private static JsonNode? ToJson(TreeNode node)
    {
        switch (node)
        {
            case TreeMapping mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Entries) obj[key.Value] = ToJson(value);
                return obj;
            case TreeSequence sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Items) array.Add(ToJson(item));
                return array;
            case TreeScalar scalar:
                var literal = ScalarResolver.Resolve(scalar);
                if (literal is not { } v) return null;
                // A number keeps its text where that is JSON (2.0 stays 2.0), so JSON written as YAML reads back unchanged.
                if ((v.Type == LiteralType.Integer || v.Type == LiteralType.Number) && scalar.Tag is null && JsonNumberText().IsMatch(scalar.Value))
                {
                    return JsonNode.Parse(scalar.Value);
                }
                if (v.Type == LiteralType.Integer) return JsonValue.Create(v.IntegerValue);
                if (v.Type == LiteralType.Number) return double.IsFinite(v.NumberValue) ? JsonValue.Create(v.NumberValue) : JsonValue.Create(scalar.Value);
                if (v.Type == LiteralType.Boolean) return JsonValue.Create(v.BooleanValue);
                return JsonValue.Create(v.StringValue);
            default:
                return null;
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumberText();

    /// <summary>The shape a mapping is read as: a top-level job, a pipeline node, or a component body.</summary>
    private enum JobShape
    {
        Job,
        Node,
        Component,
    }
}
