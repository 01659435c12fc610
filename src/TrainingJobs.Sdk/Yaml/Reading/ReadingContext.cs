using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>
/// What every reader of one job document shares: the diagnostics, the source map, the load options and the
/// component files read so far, plus the reporting and mapping-walk helpers, so that a wrong type or an unknown
/// key is worded and placed the same wherever it is found.
/// </summary>
internal sealed class ReadingContext
{
    /// <summary>Creates the context for one document (and the component files it loads).</summary>
    public ReadingContext(DiagnosticBag diagnostics, SourceMap map, YamlLoadOptions options)
    {
        Diagnostics = diagnostics;
        Map = map;
        Options = options;
    }

    /// <summary>Where every problem found while reading goes.</summary>
    public DiagnosticBag Diagnostics { get; }

    /// <summary>Where each path read was written.</summary>
    public SourceMap Map { get; }

    /// <summary>The options of the load (limits on file size and reference depth).</summary>
    public YamlLoadOptions Options { get; }

    /// <summary>The component files read so far and those being read now.</summary>
    public ComponentFileCache ComponentFiles { get; } = new();

    /// <summary>The position of <paramref name="node"/>.</summary>
    public static SourceLocation Loc(TreeNode node) => new(node.File, node.Line, node.Column);

    /// <summary>Reports an error at <paramref name="at"/>.</summary>
    public void Error(string code, string message, string path, TreeNode at) => Diagnostics.Error(code, message, path, Loc(at));

    /// <summary>Reports a warning at <paramref name="at"/>.</summary>
    public void Warning(string code, string message, string path, TreeNode at) => Diagnostics.Warning(code, message, path, Loc(at));

    /// <summary>Reports a node of the wrong shape; the message is completed with the shape found.</summary>
    public void WrongType(TreeNode node, string path, string message) =>
        Diagnostics.Error(YamlDiagnosticCodes.WrongType, message + $" (found {node.ShapeName}).", path, Loc(node));

    /// <summary>
    /// Refuses a null value (<c>key:</c> with nothing after it, <c>~</c>, <c>null</c>) where azure-ai-ml's schema field
    /// does not allow one: marshmallow fields refuse null unless declared <c>allow_none</c>, with "Field may not be
    /// null.". <paramref name="what"/> names the field or entry in the message. Text this SDK wrote for itself
    /// (<see cref="YamlLoadOptions.WrittenBySdk"/>) is read under the model's rules, where an unset value is null.
    /// Returns whether the value was null and refused.
    /// </summary>
    public bool RefuseNull(TreeNode node, string path, string what)
    {
        if (node is not TreeScalar { IsNull: true } || Options.WrittenBySdk) return false;
        Diagnostics.Error(YamlDiagnosticCodes.WrongType,
            $"{what} has no value; azure-ai-ml refuses a null here too (\"Field may not be null.\"). Give it a value or leave it out.",
            path, Loc(node));
        return true;
    }

    /// <summary>
    /// Refuses a null key (<c>~: x</c>, <c>null: x</c>) in a mapping of names to values (<c>tags</c>, <c>inputs</c>,
    /// <c>environment_variables</c>, …): azure-ai-ml reads these as <c>fields.Dict(keys=fields.Str())</c>, whose key field
    /// refuses null with "Field may not be null.", and a name read as the text "~" would reach the service as that name.
    /// Returns whether the key was null and refused; the entry is then left out.
    /// </summary>
    public bool RefuseNullKey(TreeScalar key, string mappingPath)
    {
        if (!key.IsNull || Options.WrittenBySdk) return false;
        Diagnostics.Error(YamlDiagnosticCodes.WrongType,
            $"A name in '{LastSegment(mappingPath)}' is null ('{key.Value}'); azure-ai-ml refuses a null name too (\"Field may not be null.\"). " +
            $"Quote it (\"{key.Value}\") if the name is that text.",
            DiagnosticPath.Append(mappingPath, key.Value), Loc(key));
        return true;
    }

    /// <summary>A number that is well formed but does not fit the model: say so and give the range, not "wrong type".</summary>
    public void OutOfRange(TreeScalar scalar, string path, string range) =>
        Diagnostics.Error(YamlDiagnosticCodes.InvalidValue,
            $"'{LastSegment(path)}' is {Shorten(scalar.Value.Trim())}, which is out of range: it must be {range}.", path, Loc(scalar));

    /// <summary>Warns that <paramref name="key"/> means nothing in <paramref name="where"/> and is ignored.</summary>
    public void UnknownKey(TreeScalar key, string path, string where) =>
        Diagnostics.Warning(YamlDiagnosticCodes.UnknownKey, $"Unknown key '{key.Value}' in {where}; it is ignored.", path, Loc(key));

    /// <summary>
    /// Refuses <paramref name="key"/> in an object that azure-ai-ml reads as a union of schemas (an input, a search space
    /// entry, a sampling algorithm, an early termination policy): there an unknown key makes every member fail, so
    /// azure-ai-ml reports an error, not the warning it gives an unknown key under a plain nested schema
    /// (<see cref="UnknownKey"/>). The message names the keys <paramref name="where"/> has.
    /// </summary>
    public void UnknownKeyInUnion(TreeScalar key, string path, string where, IEnumerable<string> allowed) =>
        Diagnostics.Error(YamlDiagnosticCodes.InvalidValue,
            $"Unknown key '{key.Value}' in {where}; azure-ai-ml refuses it too, as no form of this object has it. " +
            $"The keys it has: {string.Join(", ", allowed)}.", path, Loc(key));

    /// <summary>
    /// Visits the entries of a mapping, recording each path; a null node has no entries. Reports a non-mapping as a
    /// wrong type and returns false.
    /// </summary>
    public bool ForEach(TreeNode node, string path, string what, Action<TreeScalar, TreeNode, string> visit)
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
            Map.Record(childPath, key);
            Map.RecordValue(childPath, value);
            visit(key, value, childPath);
        }
        return true;
    }

    /// <summary>The key a dotted path ends in, used to name the field in messages.</summary>
    public static string LastSegment(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path : path[(dot + 1)..];
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
