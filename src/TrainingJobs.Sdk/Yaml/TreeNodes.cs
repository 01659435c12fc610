namespace TrainingJobs.Sdk.Yaml;

/// <summary>A node of a parsed YAML document, with the position it started at (1-based).</summary>
/// <remarks>
/// The face keeps its own small tree instead of YamlDotNet's representation model so that duplicate keys,
/// aliases, depth and size are under its control and every node knows where it came from.
/// </remarks>
internal abstract class TreeNode
{
    protected TreeNode(int line, int column, string? file)
    {
        Line = line;
        Column = column;
        File = file;
    }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }

    /// <summary>The 1-based column.</summary>
    public int Column { get; }

    /// <summary>The file the node was read from (null for text).</summary>
    public string? File { get; }

    /// <summary>A short word for the node's shape, used in messages.</summary>
    public abstract string ShapeName { get; }
}

/// <summary>A scalar: its text exactly as written, and whether it was quoted or block-styled.</summary>
internal sealed class TreeScalar : TreeNode
{
    public TreeScalar(string value, bool isPlain, string? tag, int line, int column, string? file)
        : base(line, column, file)
    {
        Value = value;
        IsPlain = isPlain;
        Tag = tag;
    }

    /// <summary>The text of the scalar.</summary>
    public string Value { get; }

    /// <summary>Whether the scalar was written plain (unquoted), so that YAML resolves its type.</summary>
    public bool IsPlain { get; }

    /// <summary>An explicit tag (<c>!!str</c> …), or null.</summary>
    public string? Tag { get; }

    /// <summary>Whether this scalar is YAML null (a plain empty value, <c>~</c> or <c>null</c>).</summary>
    public bool IsNull => Tag is null && IsPlain && ScalarResolver.IsNullText(Value);

    public override string ShapeName => IsNull ? "null" : "a scalar";
}

/// <summary>A mapping, keys in document order.</summary>
internal sealed class TreeMapping : TreeNode
{
    public TreeMapping(int line, int column, string? file, bool isFlow)
        : base(line, column, file)
    {
        IsFlow = isFlow;
    }

    /// <summary>The entries in document order (duplicates are reported and dropped while reading).</summary>
    public List<KeyValuePair<TreeScalar, TreeNode>> Entries { get; } = [];

    /// <summary>Whether the mapping was written in flow style (<c>{a: 1}</c>).</summary>
    public bool IsFlow { get; }

    public override string ShapeName => "a mapping";

    /// <summary>Finds the entry with the given key.</summary>
    public int IndexOf(string key)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key.Value == key) return i;
        }
        return -1;
    }

    /// <summary>Returns the value of <paramref name="key"/>, or null.</summary>
    public TreeNode? Get(string key)
    {
        var index = IndexOf(key);
        return index < 0 ? null : Entries[index].Value;
    }
}

/// <summary>A sequence.</summary>
internal sealed class TreeSequence : TreeNode
{
    public TreeSequence(int line, int column, string? file)
        : base(line, column, file)
    {
    }

    /// <summary>The items in order.</summary>
    public List<TreeNode> Items { get; } = [];

    public override string ShapeName => "a list";
}
